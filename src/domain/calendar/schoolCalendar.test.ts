import { describe, expect, it } from 'vitest';
import type { SessionPart, YearGroup } from '../config/schoolConfig';
import { localDate } from '../time/localDate';
import {
  calendarSpan,
  isSchoolDay,
  openSessionsBetween,
  sessionOf,
  sessionsBetween,
} from './schoolCalendar';
import { closure, testSchool } from './testSchool.fixture';

const d = localDate;

describe('isSchoolDay', () => {
  const school = testSchool({ closures: [closure('INSET', '2024-09-02')] });

  it.each([
    ['2024-09-03', true, 'a Tuesday in the autumn term'],
    ['2024-09-07', false, 'a Saturday in term'],
    ['2024-09-08', false, 'a Sunday in term'],
    ['2025-05-05', false, 'the early May bank holiday, inside the summer term'],
    ['2024-10-28', false, 'a weekday of the autumn half-term'],
    ['2024-08-30', false, 'a weekday before the first term'],
    ['2024-10-25', true, 'the last day of a term'],
    ['2024-11-04', true, 'the first day of a term'],
    ['2024-09-02', true, 'an INSET day: still a school day, its sessions are #'],
    ['2025-07-23', false, 'the day after the last term'],
  ])('%s → %s (%s)', (date, expected) => {
    expect(isSchoolDay(school, d(date))).toBe(expected);
  });

  it('is never a school day without terms', () => {
    expect(isSchoolDay(testSchool({ terms: [] }), d('2024-09-03'))).toBe(false);
  });
});

describe('calendarSpan', () => {
  it('runs from the first term start to the last term end, whatever the order', () => {
    const terms = [...testSchool().terms].reverse();
    expect(calendarSpan(testSchool({ terms }))).toEqual({
      from: d('2024-09-02'),
      to: d('2025-07-22'),
    });
  });

  it('is null without terms', () => {
    expect(calendarSpan(testSchool({ terms: [] }))).toBeNull();
  });
});

describe('sessionsBetween', () => {
  it('lists AM then PM for each school day, skipping the weekend', () => {
    const sessions = sessionsBetween(testSchool(), d('2024-09-06'), d('2024-09-09'));
    expect(sessions).toEqual([
      { date: d('2024-09-06'), part: 'AM', closed: false },
      { date: d('2024-09-06'), part: 'PM', closed: false },
      { date: d('2024-09-09'), part: 'AM', closed: false },
      { date: d('2024-09-09'), part: 'PM', closed: false },
    ]);
  });

  it('has nothing in the gap between two terms', () => {
    expect(sessionsBetween(testSchool(), d('2024-10-26'), d('2024-11-03'))).toEqual([]);
  });

  it('skips a bank holiday inside a term', () => {
    const dates = sessionsBetween(testSchool(), d('2025-05-02'), d('2025-05-06')).map(
      (s) => s.date,
    );
    expect(dates).toEqual([d('2025-05-02'), d('2025-05-02'), d('2025-05-06'), d('2025-05-06')]);
  });

  it('marks both sessions of a whole-school INSET day closed, with its name', () => {
    const school = testSchool({ closures: [closure('INSET day', '2024-09-02')] });
    expect(sessionsBetween(school, d('2024-09-02'), d('2024-09-02'), '3')).toEqual([
      { date: d('2024-09-02'), part: 'AM', closed: true, closureName: 'INSET day' },
      { date: d('2024-09-02'), part: 'PM', closed: true, closureName: 'INSET day' },
    ]);
  });

  it('closes only the morning for an AM-only closure', () => {
    const school = testSchool({
      closures: [closure('Polling', '2024-09-10', '2024-09-10', { parts: ['AM'] })],
    });
    const closed = sessionsBetween(school, d('2024-09-10'), d('2024-09-10')).map((s) => [
      s.part,
      s.closed,
    ]);
    expect(closed).toEqual([
      ['AM', true],
      ['PM', false],
    ]);
  });

  const yearSixOnly = testSchool({
    closures: [closure('Year 6 SATs rest day', '2025-05-16', '2025-05-16', { yearGroups: ['6'] })],
  });

  it.each<[YearGroup | undefined, boolean]>([
    ['6', true],
    ['5', false],
    [undefined, false],
  ])('a closure of Year 6 only: year group %s closed → %s', (yearGroup, closed) => {
    const sessions = sessionsBetween(yearSixOnly, d('2025-05-16'), d('2025-05-16'), yearGroup);
    expect(sessions.map((s) => s.closed)).toEqual([closed, closed]);
  });

  it('is empty when `to` is before `from`', () => {
    expect(sessionsBetween(testSchool(), d('2024-09-10'), d('2024-09-09'))).toEqual([]);
  });
});

describe('openSessionsBetween', () => {
  it('leaves out the closed sessions', () => {
    const school = testSchool({
      closures: [
        closure('INSET', '2024-09-02'),
        closure('Polling', '2024-09-03', '2024-09-03', { parts: ['PM'] }),
      ],
    });
    const open = openSessionsBetween(school, d('2024-09-02'), d('2024-09-04'));
    expect(open.map((s) => `${s.date}:${s.part}`)).toEqual([
      '2024-09-03:AM',
      '2024-09-04:AM',
      '2024-09-04:PM',
    ]);
  });
});

describe('sessionOf', () => {
  const school = testSchool({
    closures: [
      closure('INSET', '2024-09-02'),
      closure('Reception induction', '2024-09-03', '2024-09-04', {
        parts: ['PM'],
        yearGroups: ['R'],
      }),
    ],
  });

  it.each<[string, SessionPart, YearGroup | undefined, string]>([
    ['2024-09-05', 'AM', '3', 'open'],
    ['2024-09-02', 'PM', '3', 'closed'],
    ['2024-09-03', 'PM', 'R', 'closed'],
    ['2024-09-03', 'AM', 'R', 'open'],
    ['2024-09-03', 'PM', '1', 'open'],
    ['2024-09-07', 'AM', '3', 'not-a-school-day'],
    ['2024-10-30', 'AM', '3', 'not-a-school-day'],
    ['2024-12-25', 'AM', '3', 'not-a-school-day'],
  ])('%s %s for year %s → %s', (date, part, yearGroup, expected) => {
    expect(sessionOf(school, { date: d(date), part }, yearGroup)).toBe(expected);
  });
});
