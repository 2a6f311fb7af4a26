import { describe, expect, it } from 'vitest';
import { closure, testSchool } from '../calendar/testSchool.fixture';
import { localDate } from '../time/localDate';
import type { PartTimePlan } from './partTime';
import { offSessions, partTimeProblems, partTimeReviewDue } from './partTime';

const d = localDate;
const mornings: PartTimePlan = {
  attends: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((weekday) => ({
    weekday,
    part: 'AM' as const,
  })),
  startsOn: d('2025-03-03'),
  reviewOn: d('2025-03-10'),
  endsOn: d('2025-03-14'),
};

describe('offSessions', () => {
  it('is every open session outside the pattern, within the dates', () => {
    const school = testSchool({ closures: [closure('INSET day', '2025-03-07')] });
    expect(offSessions(school, mornings).map((s) => `${s.date} ${s.part}`)).toEqual([
      '2025-03-03 PM',
      '2025-03-04 PM',
      '2025-03-05 PM',
      '2025-03-06 PM',
      // Friday 7 March is an INSET day: no session to take the pupil out of.
      '2025-03-10 PM',
      '2025-03-11 PM',
      '2025-03-12 PM',
      '2025-03-13 PM',
      '2025-03-14 PM',
    ]);
  });

  it('can be asked for part of the plan (the future sessions when it ends early)', () => {
    const school = testSchool();
    expect(offSessions(school, mornings, { from: d('2025-03-13') }).map((s) => s.date)).toEqual([
      '2025-03-13',
      '2025-03-14',
    ]);
    expect(offSessions(school, mornings, { from: d('2025-03-15') })).toEqual([]);
  });

  it('uses whole days off as well as half days', () => {
    const plan = { ...mornings, attends: [{ weekday: 'mon' as const, part: 'AM' as const }] };
    expect(offSessions(testSchool(), plan, { to: d('2025-03-04') })).toHaveLength(3);
  });
});

describe('partTimeProblems', () => {
  it.each<[string, Partial<PartTimePlan>, string | null]>([
    ['a good plan', {}, null],
    ['ends before it starts', { endsOn: d('2025-03-01') }, 'ends before it starts'],
    ['review after the end', { reviewOn: d('2025-03-20') }, 'review must fall between'],
    [
      'every session',
      {
        attends: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).flatMap((weekday) => [
          { weekday, part: 'AM' as const },
          { weekday, part: 'PM' as const },
        ]),
      },
      'full timetable',
    ],
  ])('%s', (_why, change, problem) => {
    const problems = partTimeProblems({ ...mornings, ...change });
    if (problem === null) expect(problems).toEqual([]);
    else expect(problems.join(' ')).toContain(problem);
  });
});

describe('partTimeReviewDue', () => {
  it.each([
    ['2025-03-09', false],
    ['2025-03-10', true],
    ['2025-03-14', true],
    ['2025-03-15', false],
  ])('on %s: %s', (today, due) => {
    expect(partTimeReviewDue(mornings, d(today))).toBe(due);
  });
});
