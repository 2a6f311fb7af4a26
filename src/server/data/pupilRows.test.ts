/** The register's flags in a pupils file: Medical, Medical Note and EAL columns (docs/design.md §5). */
import { describe, expect, it } from 'vitest';
import { parsePupilRows } from './pupilRows';

const HEADER = 'UPN,Legal Forename,Legal Surname,Date of Birth,Year Group,Reg Group';
const ROW = (upn: string) => `${upn},Ada,Lovelace,2016-05-01,3,3F`;

describe('the register flags in a pupils file', () => {
  it('reads Medical, Medical Note and EAL, and a note alone makes the medical flag', () => {
    const parsed = parsePupilRows(
      [
        `${HEADER},Medical,Medical Note,EAL`,
        `${ROW('A123456789012')},Y,"Asthma, inhaler in drawer",N`,
        `${ROW('A123456789013')},,Nut allergy,Yes`,
        `${ROW('A123456789014')},N,,`,
      ].join('\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => [r.medical, r.medicalNote, r.eal])).toEqual([
      [true, 'Asthma, inhaler in drawer', false],
      [true, 'Nut allergy', true],
      [false, null, false],
    ]);
  });

  it('reads the Boarder column, and keeps what was recorded without one', () => {
    const parsed = parsePupilRows(
      [`${HEADER},Boarder`, `${ROW('A123456789012')},Y`, `${ROW('A123456789013')},N`, `${ROW('A123456789014')},`].join('\n'),
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.rows.map((r) => r.boarder)).toEqual([true, false, false]);
    expect(parsePupilRows([HEADER, ROW('A123456789012')].join('\n')).rows[0]?.boarder).toBeNull();
  });

  it('keeps what was recorded when the file has no such columns', () => {
    const parsed = parsePupilRows([HEADER, ROW('A123456789012')].join('\n'));
    expect(parsed.rows.map((r) => [r.medical, r.medicalNote, r.eal])).toEqual([[null, undefined, null]]);
  });

  it('refuses a medical flag that is not yes or no, and a note too long to keep, naming the row', () => {
    const parsed = parsePupilRows(
      [`${HEADER},Medical,Medical Note`, `${ROW('A123456789012')},maybe,`, `${ROW('A123456789013')},Y,${'x'.repeat(2001)}`].join('\n'),
    );
    expect(parsed.rows).toEqual([]);
    expect(parsed.errors.map((e) => e.message).join('\n')).toMatch(/yes or no[\s\S]*row 3: the medical note is 2001 characters/);
  });
});
