import { describe, expect, it } from 'vitest';
import type { StatisticsCohort } from '../calendar/schoolAge';
import { testSchool } from '../calendar/testSchool.fixture';
import { marksInWeek } from '../stats/statEntries.fixture';
import type { StatEntry } from '../stats/statEntry';
import { localDate } from '../time/localDate';
import type { CaseActionKind } from './caseActions';
import type { ActionImpact, ImpactWindow, MeasuredAction } from './impact';
import { actionImpact, persistenceImpact } from './impact';

const d = localDate;
const school = testSchool();
const present = (n = 10) => Array<string>(n).fill('/');
const withAbsences = (absent: number, code = 'O') => [
  ...Array<string>(absent).fill(code),
  ...present(10 - absent),
];

// Spring 1 ends Friday 14 February 2025; half-term is 17–21 February; Spring 2 starts on the 24th.
const register: StatEntry[] = [
  ...marksInWeek(school, '2025-02-10', withAbsences(4)),
  ...marksInWeek(school, '2025-02-24', present()),
  // The week of the action: in neither window.
  ...marksInWeek(school, '2025-03-03', withAbsences(10)),
  ...marksInWeek(school, '2025-03-10', present()),
  ...marksInWeek(school, '2025-03-17', withAbsences(1, 'I')),
  // Entered in advance (a part-time timetable's C2): not counted before it happens.
  ...marksInWeek(school, '2025-03-24', withAbsences(10, 'C2')),
];

describe('actionImpact', () => {
  const cases: {
    name: string;
    doneOn: string;
    weeks: number;
    asOf: string;
    entries?: StatEntry[];
    expect: {
      before: Partial<ImpactWindow>;
      after: Partial<ImpactWindow>;
      complete: boolean;
      change: ActionImpact['change'];
      changePoints: number | null;
    };
  }[] = [
    {
      name: 'whole school weeks each side, the holiday skipped and the action’s own week left out',
      doneOn: '2025-03-05',
      weeks: 2,
      asOf: '2025-03-24',
      expect: {
        before: {
          range: { from: d('2025-02-10'), to: d('2025-03-02') },
          schoolWeeks: 2,
          possible: 20,
          attended: 16,
          attendancePercent: 80,
          persistent: true,
        },
        after: {
          range: { from: d('2025-03-10'), to: d('2025-03-23') },
          schoolWeeks: 2,
          possible: 20,
          attended: 19,
          attendancePercent: 95,
          persistent: false,
        },
        complete: true,
        change: 'better',
        changePoints: 15,
      },
    },
    {
      name: 'the weeks after not yet all passed: measured so far, not complete',
      doneOn: '2025-03-05',
      weeks: 2,
      asOf: '2025-03-18',
      expect: {
        before: { possible: 20, attended: 16 },
        after: {
          range: { from: d('2025-03-10'), to: d('2025-03-18') },
          schoolWeeks: 2,
          possible: 14,
          attended: 13,
        },
        complete: false,
        change: 'better',
        changePoints: (100 * 13) / 14 - 80,
      },
    },
    {
      name: 'a week is over on its Friday',
      doneOn: '2025-03-05',
      weeks: 2,
      asOf: '2025-03-21',
      expect: {
        before: { possible: 20 },
        after: { possible: 20, attended: 19 },
        complete: true,
        change: 'better',
        changePoints: 15,
      },
    },
    {
      name: 'codes entered in advance are not counted until their day',
      doneOn: '2025-03-12',
      weeks: 2,
      asOf: '2025-03-21',
      expect: {
        before: {
          range: { from: d('2025-02-24'), to: d('2025-03-09') },
          possible: 20,
          attended: 10,
        },
        after: {
          range: { from: d('2025-03-17'), to: d('2025-03-21') },
          schoolWeeks: 1,
          possible: 10,
          attended: 9,
        },
        complete: false,
        change: 'better',
        changePoints: 40,
      },
    },
    {
      name: 'the same rate either side, compared exactly (9 of 10 and 18 of 20)',
      doneOn: '2025-03-05',
      weeks: 2,
      asOf: '2025-03-24',
      entries: [
        ...marksInWeek(school, '2025-02-10', withAbsences(1)),
        ...marksInWeek(school, '2025-03-10', withAbsences(1)),
        ...marksInWeek(school, '2025-03-17', withAbsences(1)),
      ],
      expect: {
        before: { possible: 10, attended: 9, schoolWeeks: 2 },
        after: { possible: 20, attended: 18 },
        complete: true,
        change: 'same',
        changePoints: 0,
      },
    },
    {
      name: 'worse after the action',
      doneOn: '2025-02-26',
      weeks: 1,
      asOf: '2025-03-24',
      expect: {
        before: {
          range: { from: d('2025-02-10'), to: d('2025-02-16') },
          possible: 10,
          attended: 6,
        },
        after: { range: { from: d('2025-03-03'), to: d('2025-03-09') }, possible: 10, attended: 0 },
        complete: true,
        change: 'worse',
        changePoints: -60,
      },
    },
    {
      name: 'nothing before the action (a new pupil): no rate, no verdict',
      doneOn: '2025-03-05',
      weeks: 2,
      asOf: '2025-03-24',
      entries: marksInWeek(school, '2025-03-10', present()),
      expect: {
        before: { possible: 0, attendancePercent: null, persistent: false, schoolWeeks: 2 },
        after: { possible: 10, attendancePercent: 100 },
        complete: true,
        change: 'unknown',
        changePoints: null,
      },
    },
    {
      name: 'done today: no week after it yet',
      doneOn: '2025-03-05',
      weeks: 2,
      asOf: '2025-03-05',
      expect: {
        before: { possible: 20 },
        after: { range: null, schoolWeeks: 0, possible: 0, attendancePercent: null },
        complete: false,
        change: 'unknown',
        changePoints: null,
      },
    },
  ];

  it.each(cases)('$name', (c) => {
    const impact = actionImpact(c.entries ?? register, school, {
      doneOn: d(c.doneOn),
      weeks: c.weeks,
      asOf: d(c.asOf),
    });
    expect(impact.before).toMatchObject(c.expect.before);
    expect(impact.after).toMatchObject(c.expect.after);
    expect(impact.complete).toBe(c.expect.complete);
    expect(impact.change).toBe(c.expect.change);
    if (c.expect.changePoints === null) expect(impact.changePoints).toBeNull();
    else expect(impact.changePoints).toBeCloseTo(c.expect.changePoints, 10);
  });

  it('refuses a number of weeks it cannot measure', () => {
    for (const weeks of [0, 1.5, 27]) {
      expect(() =>
        actionImpact(register, school, { doneOn: d('2025-03-05'), weeks, asOf: d('2025-03-24') }),
      ).toThrow(/whole number from 1 to 26/);
    }
  });
});

function windowOf(persistent: boolean, possible = 20): ImpactWindow {
  return {
    range: null,
    schoolWeeks: 2,
    possible,
    attended: persistent ? 10 : possible,
    overallAbsence: persistent ? possible - 10 : 0,
    attendancePercent: possible === 0 ? null : persistent ? 50 : 100,
    persistent,
  };
}

function measured(
  pupilId: string,
  kind: CaseActionKind,
  doneOn: string,
  was: boolean,
  is: boolean | 'too soon',
  cohort: StatisticsCohort = 'aged-5-to-15',
): MeasuredAction {
  return {
    pupilId,
    kind,
    cohort,
    impact: {
      doneOn: d(doneOn),
      weeks: 2,
      before: windowOf(was),
      after: windowOf(is === true, is === 'too soon' ? 0 : 20),
      complete: is !== 'too soon',
      change: 'unknown',
      changePoints: null,
    },
  };
}

describe('persistenceImpact', () => {
  it('counts pupils who moved out of persistent absence after each kind of action', () => {
    const result = persistenceImpact([
      measured('a', 'letter', '2025-01-10', true, false),
      measured('b', 'letter', '2025-01-10', true, true),
      measured('c', 'letter', '2025-01-10', false, false),
      measured('d', 'letter', '2025-03-20', true, 'too soon'),
      measured('a', 'meeting', '2025-02-03', true, false),
    ]);
    expect(result.byKind).toEqual([
      {
        kind: 'letter',
        pupils: 4,
        persistentBefore: 3,
        movedOut: 1,
        stillPersistent: 1,
        tooSoon: 1,
      },
      {
        kind: 'meeting',
        pupils: 1,
        persistentBefore: 1,
        movedOut: 1,
        stillPersistent: 0,
        tooSoon: 0,
      },
      { kind: 'any', pupils: 4, persistentBefore: 3, movedOut: 1, stillPersistent: 1, tooSoon: 1 },
    ]);
    expect(result.outsideAgeRange).toEqual([
      { kind: 'any', pupils: 0, persistentBefore: 0, movedOut: 0, stillPersistent: 0, tooSoon: 0 },
    ]);
  });

  it('measures a pupil once per kind, from their first action of it', () => {
    const result = persistenceImpact([
      measured('a', 'call', '2025-02-03', false, false),
      measured('a', 'call', '2025-01-13', true, false),
      measured('a', 'call', '2025-03-03', true, true),
    ]);
    expect(result.byKind[0]).toEqual({
      kind: 'call',
      pupils: 1,
      persistentBefore: 1,
      movedOut: 1,
      stillPersistent: 0,
      tooSoon: 0,
    });
  });

  it('keeps pupils outside the statistics’ age range apart', () => {
    const result = persistenceImpact([
      measured('n', 'call', '2025-01-13', true, false, 'under-5'),
      measured('o', 'call', '2025-01-13', true, true, 'over-15'),
      measured('p', 'review', '2025-01-13', true, false),
    ]);
    expect(result.byKind.map((o) => [o.kind, o.pupils, o.movedOut])).toEqual([
      ['review', 1, 1],
      ['any', 1, 1],
    ]);
    expect(
      result.outsideAgeRange.map((o) => [o.kind, o.pupils, o.movedOut, o.stillPersistent]),
    ).toEqual([
      ['call', 2, 1, 1],
      ['any', 2, 1, 1],
    ]);
  });

  it('does not count a pupil with no possible session after as moved out', () => {
    const noSessions = measured('a', 'referral', '2025-01-13', true, false);
    const result = persistenceImpact([
      { ...noSessions, impact: { ...noSessions.impact, after: windowOf(false, 0) } },
    ]);
    expect(result.byKind[0]).toMatchObject({
      persistentBefore: 1,
      movedOut: 0,
      stillPersistent: 1,
    });
  });
});
