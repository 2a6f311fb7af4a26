import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { YearGroup } from '../config/schoolConfig';
import { addDays, localDate } from '../time/localDate';
import { isSchoolDay } from './schoolCalendar';
import { addSchoolDays, schoolDaysBetween, schoolDaysCountIsEstimate } from './schoolDays';
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

  it.each<[string, number, YearGroup | undefined, string, string]>([
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
  ])('%s + %i school days (year %s) → %s: %s', (from, n, yearGroup, expected) => {
    expect(addSchoolDays(school, d(from), n, yearGroup)).toEqual({
      date: d(expected),
      isEstimate: false,
    });
  });

  // The configured terms end on Tuesday 22 July 2025; past them the deadline is still computed,
  // counting weekdays less the known bank holidays, and said to be an estimate.
  it.each<[string, number, string, string]>([
    ['2025-07-21', 2, '2025-07-23', 'one day past the last term'],
    ['2025-07-21', 5, '2025-07-28', 'over a weekend past the last term'],
    ['2025-08-22', 1, '2025-08-26', 'skips the known August bank holiday'],
    ['2025-12-23', 3, '2025-12-30', 'skips Christmas Day and Boxing Day'],
  ])('%s + %i school days → %s, an estimate (%s)', (from, n, expected) => {
    expect(addSchoolDays(school, d(from), n)).toEqual({ date: d(expected), isEstimate: true });
  });

  it('estimates with weekdays for a school with no term dates at all', () => {
    const noTerms = testSchool({ terms: [] });
    expect(addSchoolDays(noTerms, d('2024-09-13'), 1)).toEqual({
      date: d('2024-09-16'),
      isEstimate: true,
    });
    expect(addSchoolDays(noTerms, d('2024-09-13'), 0)).toEqual({
      date: d('2024-09-13'),
      isEstimate: false,
    });
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
    // 15 school days to the end of the last term, then 49 weekdays less the August bank holiday.
    ['2025-07-01', '2025-09-30', 64],
  ])('from %s to %s → %i', (from, to, expected) => {
    expect(schoolDaysBetween(school, d(from), d(to))).toBe(expected);
  });

  it('undoes addSchoolDays from any school day, past the configured terms too', () => {
    const schoolDays = Array.from({ length: 330 }, (_, i) => addDays(d('2024-09-01'), i)).filter(
      (day) => isSchoolDay(school, day),
    );
    fc.assert(
      fc.property(fc.constantFrom(...schoolDays), fc.integer({ min: 0, max: 60 }), (day, n) => {
        const later = addSchoolDays(school, day, n);
        expect(schoolDaysBetween(school, day, later.date)).toBe(n);
      }),
    );
  });
});

describe('schoolDaysCountIsEstimate', () => {
  const school = testSchool();
  it.each([
    ['2024-09-09', '2024-09-16', false, 'inside the terms'],
    ['2025-07-21', '2025-07-22', false, 'up to the last day of the last term'],
    ['2025-07-21', '2025-07-23', true, 'a day past the last term'],
    ['2024-08-01', '2024-09-10', true, 'from before the first term'],
    ['2025-07-23', '2025-07-23', false, 'nothing counted'],
  ])('%s to %s → %s (%s)', (from, to, expected) => {
    expect(schoolDaysCountIsEstimate(school, d(from), d(to))).toBe(expected);
  });
});
