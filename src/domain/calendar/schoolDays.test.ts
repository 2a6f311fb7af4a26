import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { YearGroup } from '../config/schoolConfig';
import { addDays, localDate } from '../time/localDate';
import { isSchoolDay } from './schoolCalendar';
import { addSchoolDays, schoolDaysBetween } from './schoolDays';
import { closure, testSchool } from './testSchool.fixture';

const d = localDate;

describe('addSchoolDays', () => {
  const school = testSchool({
    closures: [
      closure('INSET', '2025-01-06'),
      closure('Year 6 trip cover', '2024-09-11', '2024-09-11', { yearGroups: ['6'] }),
      closure('Polling', '2024-09-12', '2024-09-12', { parts: ['AM'] }),
    ],
  });

  it.each<[string, number, YearGroup | undefined, string | null, string]>([
    ['2024-09-09', 0, undefined, '2024-09-09', 'n = 0 is the day itself'],
    ['2024-09-09', 1, undefined, '2024-09-10', 'the next day'],
    ['2024-09-13', 1, undefined, '2024-09-16', 'Friday + 1 skips the weekend'],
    ['2024-09-09', 5, undefined, '2024-09-16', 'a school week later'],
    ['2024-10-25', 1, undefined, '2024-11-04', 'across the half-term holiday'],
    ['2024-10-21', 5, undefined, '2024-11-04', 'four days before half-term, one after'],
    ['2025-05-02', 1, undefined, '2025-05-06', 'skips the bank holiday Monday'],
    [
      '2024-12-20',
      1,
      undefined,
      '2025-01-07',
      'skips Christmas and the INSET day that starts spring term',
    ],
    ['2024-09-10', 1, '6', '2024-09-12', 'a day closed to Year 6 is not a school day for Year 6'],
    ['2024-09-10', 1, '5', '2024-09-11', 'the same day is a school day for Year 5'],
    ['2024-09-10', 1, undefined, '2024-09-11', 'nor for the school as a whole'],
    ['2024-09-11', 1, undefined, '2024-09-12', 'a day closed only in the morning still counts'],
    ['2024-09-07', 1, undefined, '2024-09-09', 'from a Saturday'],
    ['2025-07-21', 1, undefined, '2025-07-22', 'the last day of the calendar'],
    ['2025-07-21', 2, undefined, null, 'beyond the configured terms'],
  ])('%s + %i school days (year %s) → %s: %s', (from, n, yearGroup, expected) => {
    expect(addSchoolDays(school, d(from), n, yearGroup)).toBe(
      expected === null ? null : d(expected),
    );
  });

  it.each([-1, 1.5, Number.NaN])('throws for n = %s (a bug in the caller)', (n) => {
    expect(() => addSchoolDays(school, d('2024-09-09'), n)).toThrow(RangeError);
  });
});

describe('schoolDaysBetween', () => {
  const school = testSchool({ closures: [closure('INSET', '2025-01-06')] });

  it.each([
    ['2024-09-09', '2024-09-09', 0],
    ['2024-09-09', '2024-09-06', 0],
    ['2024-09-09', '2024-09-16', 5],
    ['2024-09-13', '2024-09-14', 0],
    ['2024-10-21', '2024-10-30', 4],
    ['2024-10-21', '2024-11-05', 6],
    ['2024-12-19', '2025-01-07', 2],
    ['2025-07-01', '2025-09-30', 15],
  ])('from %s to %s → %i', (from, to, expected) => {
    expect(schoolDaysBetween(school, d(from), d(to))).toBe(expected);
  });

  it('undoes addSchoolDays from any school day', () => {
    const schoolDays = Array.from({ length: 330 }, (_, i) => addDays(d('2024-09-01'), i)).filter(
      (day) => isSchoolDay(school, day),
    );
    fc.assert(
      fc.property(fc.constantFrom(...schoolDays), fc.integer({ min: 0, max: 30 }), (day, n) => {
        const later = addSchoolDays(school, day, n);
        if (later !== null) expect(schoolDaysBetween(school, day, later)).toBe(n);
      }),
    );
  });
});
