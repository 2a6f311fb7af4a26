/**
 * Every CSV the server writes is safe to open in a spreadsheet: no cell runs as a formula, for
 * any text people could have typed into a name, reason, note or label — including text with line
 * breaks, leading spaces or full-width signs, which papaparse's `escapeFormulae` let through.
 * Each file is also read back, so quoting keeps every cell whole.
 *
 * The writers are pure functions of what the database returned, so they are driven directly
 * with generated rows; a grep proves no CSV is written anywhere else in src/.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { MARKS_EXPORT_HEADER } from '../../src/shared/api/dataSchemas';
import type { Absentee, AbsenteesResponse } from '../../src/shared/api/officeSchemas';
import { ABSENTEE_CSV_HEADINGS } from '../../src/shared/api/officeSchemas';
import type {
  DutyAlert,
  DutyAlertsResponse,
  ReportPupil,
} from '../../src/shared/api/reportSchemas';
import { writeCsv } from '../../src/shared/csv';
import { calendarCsv } from '../../src/server/data/calendarData';
import { marksCsv, type ExportedEntry } from '../../src/server/data/marksExport';
import { absenteesCsv } from '../../src/server/office/absentees';
import { dutyAlertsCsv, toCsv } from '../../src/server/reports/reportCsv';

/**
 * What a spreadsheet does with a cell, written independently of the writer: Excel and
 * LibreOffice skip leading spaces, tabs and line breaks and then run a cell that starts with
 * = + - @ (or their full-width forms, in East Asian Excel); a cell shown with a leading
 * apostrophe is text, and a number is a number.
 */
function spreadsheetWouldRun(cell: string): boolean {
  if (cell.startsWith("'")) return false;
  // A number (a count, a negative figure) is a value, not a formula.
  if (/^-?\d+(\.\d+)?$/.test(cell)) return false;
  const rest = cell.replace(/^[\s\p{Cc}]+/u, '');
  return /^[=+\-@＝＋－＠]/.test(rest) || /^[\t\r\n]/.test(cell);
}

function cellsOf(csv: string): string[][] {
  const parsed = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), {
    newline: '\r\n',
    delimiter: ',',
  });
  expect(parsed.errors).toEqual([]);
  // A file that ends with CRLF reads as one more, empty, row.
  const last = parsed.data[parsed.data.length - 1];
  return last?.length === 1 && last[0] === '' ? parsed.data.slice(0, -1) : parsed.data;
}

function expectNothingRuns(csv: string): void {
  for (const row of cellsOf(csv)) {
    for (const cell of row) {
      if (spreadsheetWouldRun(cell)) expect.fail(`the cell ${JSON.stringify(cell)} would run`);
    }
  }
}

/** `written` is `typed` as a spreadsheet shows it: itself, or itself after an apostrophe. */
function expectKept(written: string | undefined, typed: string): void {
  expect([typed, `'${typed}`]).toContain(written);
}

const DANGEROUS_PIECES = [
  '=',
  '+',
  '-',
  '@',
  '＝',
  '＋',
  '－',
  '＠',
  ' ',
  '\u00a0',
  '\t',
  '\r',
  '\n',
  '\r\n',
  '"',
  ',',
  "'",
  ';',
  'A1',
  'cmd|',
  'HYPERLINK("http://evil.example")',
  '1+1',
  'Smith',
  '\u2028',
];

/** Text a person could type: arbitrary strings, and strings built to look like formulae. */
const typed = fc.oneof(
  fc.string(),
  fc.array(fc.constantFrom(...DANGEROUS_PIECES), { maxLength: 6 }).map((parts) => parts.join('')),
);

const UUID = '00000000-0000-4000-8000-000000000000';

describe('the one CSV writer', () => {
  it('never writes a cell a spreadsheet would run, and keeps every cell whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(typed, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
        (rows) => {
          const width = Math.max(...rows.map((r) => r.length));
          const full = rows.map((r) => [...r, ...Array<string>(width - r.length).fill('x')]);
          const csv = writeCsv(full[0] ?? [], full.slice(1));
          expectNothingRuns(csv);
          const back = cellsOf(csv);
          full.forEach((row, i) => row.forEach((cell, j) => expectKept(back[i]?.[j], cell)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it.each([
    ['a formula on its own', '=1+1'],
    ['a formula followed by a line break', '=HYPERLINK("http://evil.example")\nSmith'],
    ['a formula after a line break', '\n=1+1'],
    ['a formula after spaces', '   @SUM(A1)'],
    ['a full-width formula', '＝1+1'],
    ['a leading tab', '\tSmith'],
  ])('writes %s as text', (_name, text) => {
    const csv = writeCsv(['Name'], [[text]]);
    expect(cellsOf(csv)[1]?.[0]).toBe(`'${text}`);
  });

  it('leaves ordinary text and numbers as they are', () => {
    expect(writeCsv(['Name', 'Sessions'], [["O'Brien, Siobhán", -2]])).toBe(
      'Name,Sessions\r\n"O\'Brien, Siobhán",-2',
    );
  });

  it('is the only CSV writer in src/: nothing calls papaparse’s unparse', () => {
    const root = join(import.meta.dirname, '../../src');
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(path);
      }
    };
    walk(root);
    expect(files.filter((f) => /\bunparse\s*\(/.test(readFileSync(f, 'utf8')))).toEqual([]);
  });
});

const pupil = (displayName: string, groupName: string): ReportPupil => ({
  id: UUID,
  displayName,
  groupId: UUID,
  groupName,
  yearGroup: '7',
});

describe('every CSV the server writes', () => {
  it('the marks export: who changed a mark and why', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ by: typed, why: fc.option(typed) }), { minLength: 1, maxLength: 5 }),
        (people) => {
          const entries: ExportedEntry[] = people.map(({ by, why }) => ({
            upn: 'A123456789012',
            pupilId: UUID,
            date: '2025-09-08',
            part: 'AM',
            code: 'I',
            minutesLate: null,
            by,
            at: new Date('2025-09-08T08:50:00Z'),
            why,
          }));
          const csv = marksCsv(entries);
          expectNothingRuns(csv);
          const back = cellsOf(csv);
          expect(back[0]).toEqual([...MARKS_EXPORT_HEADER]);
          people.forEach(({ by, why }, i) => {
            expectKept(back[i + 1]?.[5], by);
            expectKept(back[i + 1]?.[7], why ?? '');
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the absentee list: names, groups, reasons, contact notes and who contacted', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            name: typed,
            group: typed,
            reason: fc.option(typed),
            note: fc.option(typed),
            by: typed,
          }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        (rows) => {
          const absentees: Absentee[] = rows.map((r) => ({
            pupilId: UUID,
            pupilName: r.name,
            sortName: r.name,
            groupId: UUID,
            groupName: r.group,
            session: { date: '2025-09-08', part: 'AM' },
            code: 'I',
            meaning: 'Illness',
            reason: r.reason,
            headEventId: UUID,
            contact: {
              method: 'called',
              note: r.note,
              by: { staffId: UUID, name: r.by, role: 'office' },
              at: '2025-09-08T09:30:00Z',
              attempts: 1,
            },
          }));
          const list: AbsenteesResponse = {
            date: '2025-09-08',
            serverTime: '2025-09-08T10:00:00Z',
            absentees,
          };
          const csv = absenteesCsv(list, 'Europe/London');
          expectNothingRuns(csv);
          const back = cellsOf(csv);
          expect(back[0]).toEqual([...ABSENTEE_CSV_HEADINGS]);
          rows.forEach((r, i) => {
            expectKept(back[i + 1]?.[2], r.group);
            expectKept(back[i + 1]?.[3], r.name);
            expectKept(back[i + 1]?.[6], r.reason ?? '');
            expectKept(back[i + 1]?.[8], r.by);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('every report list (one writer for all of them), e.g. the duty alerts', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ name: typed, group: typed, detail: typed, band: fc.option(typed) }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const alerts: DutyAlert[] = rows.map((r) => ({
            kind: 'band-fall',
            pupil: pupil(r.name, r.group),
            sessions: 12,
            thresholdSessions: null,
            bandAtReview: r.band,
            bandNow: r.band,
            absencePercentAtReview: 5,
            absencePercentNow: 12,
            detail: r.detail,
          }));
          const csv = toCsv(dutyAlertsCsv({ alerts } as DutyAlertsResponse));
          expectNothingRuns(csv);
          const back = cellsOf(csv);
          rows.forEach((r, i) => {
            expectKept(back[i + 1]?.[0], r.name);
            expectKept(back[i + 1]?.[1], r.group);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the report writer, for any row any report could give it', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.dictionary(typed, fc.oneof(typed, fc.integer(), fc.constant(null)), {
            minKeys: 1,
            maxKeys: 4,
          }),
          { minLength: 1, maxLength: 4 },
        ),
        (rows) => {
          const keys = Object.keys(rows[0] ?? {});
          const same = rows.map((row) => Object.fromEntries(keys.map((k) => [k, row[k] ?? null])));
          expectNothingRuns(toCsv({ headings: keys, rows: same }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the term dates file: term and closure names', () => {
    fc.assert(
      fc.property(
        fc.array(typed, { minLength: 1, maxLength: 4 }),
        fc.array(typed, { maxLength: 4 }),
        (terms, closures) => {
          const csv = calendarCsv({
            terms: terms.map((name) => ({ name, start: '2025-09-01', end: '2025-12-19' })),
            closures: closures.map((name) => ({ name, from: '2025-10-24' })),
            bankHolidays: [],
          });
          expectNothingRuns(csv);
          const back = cellsOf(csv);
          terms.forEach((name, i) => expectKept(back[i + 1]?.[1], name));
        },
      ),
      { numRuns: 300 },
    );
  });
});
