import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CODES_2006, CODES_2024 } from '../codes/attendanceCodes';
import { addDays, localDate } from '../time/localDate';
import {
  ctfSlotWidth,
  ctfYearData,
  decodeCtfMarks,
  encodeCtfMarks,
  type CtfMark,
} from './ctfMarks';

const d = localDate;

describe('the marks string', () => {
  it('has one character per session before the 2024 codes and two from them', () => {
    expect(ctfSlotWidth(2023)).toBe(1);
    expect(ctfSlotWidth(2024)).toBe(2);
    expect(ctfSlotWidth(2025)).toBe(2);
  });

  it('writes morning then afternoon for every day from the first mark, with - where there is none', () => {
    const marks: CtfMark[] = [
      { date: d('2025-09-05'), part: 'AM', code: '/' }, // Friday
      { date: d('2025-09-05'), part: 'PM', code: 'C1' },
      { date: d('2025-09-08'), part: 'PM', code: 'U' }, // Monday
    ];
    const encoded = encodeCtfMarks(2025, marks);
    expect(encoded).toEqual({
      ok: true,
      value: { startDate: '2025-09-05', marks: '/ C1- - - - - U ' },
    });
    expect(decodeCtfMarks(2025, '2025-09-05', '/ C1- - - - - U ')).toEqual({
      ok: true,
      value: marks,
    });
  });

  it('writes a legacy year one character per session', () => {
    const marks: CtfMark[] = [
      { date: d('2023-09-04'), part: 'AM', code: '/' },
      { date: d('2023-09-04'), part: 'PM', code: 'J' },
      { date: d('2023-09-05'), part: 'AM', code: 'O' },
    ];
    expect(encodeCtfMarks(2023, marks)).toEqual({
      ok: true,
      value: { startDate: '2023-09-04', marks: '/JO-' },
    });
    expect(decodeCtfMarks(2023, '2023-09-04', '/JO-')).toEqual({ ok: true, value: marks });
  });

  it('refuses what it cannot write', () => {
    const twoChar = encodeCtfMarks(2023, [{ date: d('2024-08-20'), part: 'AM', code: 'C1' }]);
    expect(twoChar.ok).toBe(false);
    const wrongYear = encodeCtfMarks(2025, [{ date: d('2024-08-20'), part: 'AM', code: '/' }]);
    expect(wrongYear).toEqual({
      ok: false,
      errors: [expect.stringContaining('not in the academic year 2025')],
    });
  });

  it.each([
    ['/', null], // a trimmed last space is put back
    ['/ ZZ', 'character 3: "ZZ"'],
    ['/ J ', 'character 3: "J"'], // legacy J is not a 2024 code
  ])('reads or refuses the marks %j', (marks, words) => {
    const decoded = decodeCtfMarks(2025, '2025-09-01', marks);
    expect(decoded.ok).toBe(words === null);
    if (!decoded.ok && words !== null) expect(decoded.errors.join(' ')).toContain(words);
  });

  it('refuses a string that runs past the academic year', () => {
    const decoded = decodeCtfMarks(2024, '2025-08-31', '/ \\ / \\ ');
    expect(decoded.ok).toBe(false);
  });

  it('holds the whole of a year at its longest: 366 days of two-character slots', () => {
    const start = d('2023-09-01');
    const marks: CtfMark[] = [
      { date: start, part: 'AM', code: '/' },
      { date: addDays(start, 365), part: 'PM', code: 'N' },
    ];
    const encoded = encodeCtfMarks(2023, marks);
    expect(encoded.ok && encoded.value.marks.length).toBe(366 * 2);
  });

  it('round-trips any marks of a year (property)', () => {
    const codes2024 = CODES_2024.map((c) => c.code);
    const codes2006 = CODES_2006.map((c) => c.code).filter((c) => c.length === 1);
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.boolean()), {
          minLength: 1,
          maxLength: 60,
          selector: ([day, am]) => `${day}${am}`,
        }),
        fc.infiniteStream(fc.nat()),
        (legacy, sessions, picks) => {
          const year = legacy ? 2022 : 2025;
          const codes = legacy ? codes2006 : codes2024;
          const it = picks[Symbol.iterator]();
          const marks: CtfMark[] = sessions.map(([day, am]) => ({
            date: addDays(d(`${year}-09-01`), day),
            part: am ? 'AM' : 'PM',
            code: codes[(it.next().value as number) % codes.length] ?? '/',
          }));
          const encoded = encodeCtfMarks(year, marks);
          expect(encoded.ok).toBe(true);
          if (!encoded.ok) return;
          const decoded = decodeCtfMarks(year, encoded.value.startDate, encoded.value.marks);
          const key = (m: CtfMark) => `${m.date}${m.part}${m.code}`;
          expect(decoded.ok && decoded.value.map(key).sort()).toEqual(marks.map(key).sort());
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('YearData', () => {
  it('gives one per academic year with the counts of the statistics', () => {
    const years = ctfYearData({ lea: '202', estab: '2001', name: 'Oakfield' }, 'p1', [
      { date: d('2025-07-01'), part: 'AM', code: '/' },
      { date: d('2025-07-01'), part: 'PM', code: 'I' },
      { date: d('2025-09-02'), part: 'AM', code: 'O' },
      { date: d('2025-09-02'), part: 'PM', code: 'B' },
      { date: d('2025-09-03'), part: 'AM', code: '#' },
    ]);
    expect(years.ok).toBe(true);
    if (!years.ok) return;
    expect(
      years.value.map((y) => [
        y.year,
        y.sessionsPossible,
        y.sessionsAttended,
        y.sessionsAuthorised,
        y.sessionsUnauthorised,
      ]),
    ).toEqual([
      [2024, 2, 1, 1, 0],
      [2025, 2, 1, 0, 1],
    ]);
    expect(years.value[1]?.attendanceMarks).toBe('O B # - ');
  });
});
