import { describe, expect, it } from 'vitest';
import { reportFilename, toCsv } from './csv';

interface Row {
  readonly name: string;
  readonly sessions: number;
}
const columns = [
  { header: 'Pupil', value: (row: Row) => row.name },
  { header: 'Sessions', value: (row: Row) => row.sessions },
];

describe('toCsv', () => {
  it('writes a header row, then one line per row, with CRLF line ends', () => {
    expect(toCsv(columns, [{ name: 'Ada Adams', sessions: 19 }])).toBe(
      'Pupil,Sessions\r\nAda Adams,19',
    );
  });

  it('quotes commas and quotes inside a value', () => {
    expect(toCsv(columns, [{ name: 'Adams, Ada "Addie"', sessions: 3 }])).toBe(
      'Pupil,Sessions\r\n"Adams, Ada ""Addie""",3',
    );
  });

  it('stops a name that looks like a formula from running in a spreadsheet', () => {
    const line = toCsv(columns, [{ name: '=HYPERLINK("x")', sessions: -2 }]).split('\r\n')[1];
    expect(line).toBe('"\'=HYPERLINK(""x"")",-2');
  });
});

describe('reportFilename', () => {
  it.each([
    [
      ['absence', 'persistent', 'Oakfield Primary', '2025-09-01', 'to', '2025-12-19'],
      'absence-persistent-oakfield-primary-2025-09-01-to-2025-12-19.csv',
    ],
    [['attendance', 'Zoë O’Brien'], 'attendance-zoe-o-brien.csv'],
    [['', '  '], 'report.csv'],
  ])('%j → %s', (parts, name) => {
    expect(reportFilename(parts)).toBe(name);
  });
});
