import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { testSchool, testThresholds } from '../calendar/testSchool.fixture';
import type { AttendanceCounts } from '../stats/attendanceStats';
import { aggregateStats } from '../stats/attendanceStats';
import { localDate } from '../time/localDate';
import {
  attendanceAgainst,
  persistenceAgainst,
  targetInForce,
  trackTargetWeeks,
  type PupilWeekCounts,
  type TargetProposal,
} from './attendanceTargets';

/** Counts of `possible` sessions with `absent` of them authorised absence. */
function counts(possible: number, absent: number): AttendanceCounts {
  return {
    possible,
    present: possible - absent,
    aea: 0,
    attended: possible - absent,
    authorised: absent,
    unauthorised: 0,
    notAbsentButPossible: 0,
    overallAbsence: absent,
    lateBeforeClose: 0,
    lateAfterClose: 0,
    minutesLateBeforeClose: 0,
    minutesLateAfterClose: 0,
    byCode: {},
  };
}

const row = (pupilId: string, weekStart: string, possible: number, absent: number) =>
  ({ pupilId, weekStart: localDate(weekStart), counts: counts(possible, absent) }) as const;

describe('attendance and persistent absence against a target', () => {
  it.each([
    [95, 100, 95, 'met'],
    [94, 100, 95, 'below'],
    [0, 0, 95, 'noSessions'],
    // Honoured to a hundredth: 961 of 1000 is 96.1 %.
    [961, 1000, 96.1, 'met'],
    [960, 1000, 96.01, 'below'],
  ] as const)('%i attended of %i against %f %% is %s', (attended, possible, target, expected) => {
    expect(attendanceAgainst({ attended, possible }, target)).toBe(expected);
  });

  it.each([
    [1, 10, 10, 'met'],
    [2, 10, 10, 'above'],
    [0, 0, 10, 'noPupils'],
    [1, 20, 5, 'met'],
  ] as const)('%i persistent of %i against %f %% is %s', (persistent, pupils, target, expected) => {
    expect(persistenceAgainst(persistent, pupils, target)).toBe(expected);
  });
});

describe('tracking a target week by week', () => {
  const school = testSchool();
  const thresholds = testThresholds();

  it('lists every school week of the range, with empty weeks as no sessions', () => {
    // Spring 2 starts on 24 February 2025; half term is the week of 17 February.
    const weeks = trackTargetWeeks({
      school,
      thresholds,
      from: localDate('2025-02-24'),
      to: localDate('2025-03-14'),
      counts: [row('a', '2025-02-24', 10, 0)],
      target: { attendancePercent: 95, persistentPercent: 10 },
    });
    expect(weeks.map((w) => w.weekStart)).toEqual(['2025-02-24', '2025-03-03', '2025-03-10']);
    expect(weeks.map((w) => w.attendance)).toEqual(['met', 'noSessions', 'noSessions']);
  });

  it('judges each week on its own, and persistent absence on the year so far', () => {
    const weeks = trackTargetWeeks({
      school,
      thresholds,
      from: localDate('2025-02-24'),
      to: localDate('2025-03-07'),
      counts: [
        // Before the range: pupil b was absent a lot in Spring 1, pupil a never.
        row('a', '2025-02-10', 10, 0),
        row('b', '2025-02-10', 10, 5),
        row('a', '2025-02-24', 10, 0),
        row('b', '2025-02-24', 10, 0),
        row('a', '2025-03-03', 10, 2),
        row('b', '2025-03-03', 10, 0),
      ],
      target: { attendancePercent: 95, persistentPercent: 40 },
    });
    expect(weeks).toHaveLength(2);
    const [first, second] = weeks;
    // Week 1: 20 of 20 attended; so far b has 5 of 20 absent (25 %): persistent.
    expect(first?.week.possible).toBe(20);
    expect(first?.attendance).toBe('met');
    expect(first?.toDate.possible).toBe(40);
    expect([first?.pupils, first?.persistent]).toEqual([2, 1]);
    expect(first?.persistence).toBe('above');
    // Week 2: 18 of 20 attended (90 %): below; so far a has 2 of 30 (6.7 %), b 5 of 30 (16.7 %).
    expect(second?.attendance).toBe('below');
    expect(second?.week.attendancePercent).toBe(90);
    expect([second?.pupils, second?.persistent]).toEqual([2, 1]);
    expect(second?.persistentPercent).toBe(50);
  });

  it('without a target, gives the figures and no judgement', () => {
    const [week] = trackTargetWeeks({
      school,
      thresholds,
      from: localDate('2025-02-24'),
      to: localDate('2025-02-28'),
      counts: [row('a', '2025-02-24', 10, 1)],
      target: null,
    });
    expect(week?.attendance).toBeNull();
    expect(week?.persistence).toBeNull();
    expect(week?.week.attended).toBe(9);
  });

  it('the weeks add up to the whole range, whatever the counts', () => {
    const pupil = fc.constantFrom('a', 'b', 'c');
    const week = fc.constantFrom('2025-02-24', '2025-03-03', '2025-03-10', '2025-03-17');
    const entry = fc
      .tuple(pupil, week, fc.integer({ min: 0, max: 10 }))
      .chain(([p, w, possible]) =>
        fc.integer({ min: 0, max: possible }).map((absent) => row(p, w, possible, absent)),
      );
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (rows: PupilWeekCounts[]) => {
        const weeks = trackTargetWeeks({
          school,
          thresholds,
          from: localDate('2025-02-24'),
          to: localDate('2025-03-21'),
          counts: rows,
          target: { attendancePercent: 95, persistentPercent: 10 },
        });
        const whole = aggregateStats(rows.map((r) => r.counts));
        const last = weeks[weeks.length - 1];
        expect(last?.toDate.possible).toBe(whole.possible);
        expect(last?.toDate.attended).toBe(whole.attended);
        expect(weeks.reduce((n, w) => n + w.week.possible, 0)).toBe(whole.possible);
      }),
    );
  });
});

describe('the target in force', () => {
  const proposal = (
    id: string,
    status: TargetProposal['status'],
    decisionOrder: number | null,
    group: TargetProposal['group'] = null,
  ): TargetProposal => ({
    id,
    group,
    proposedAt: '2025-01-01T09:00:00.000Z',
    status,
    decisionOrder,
  });

  it('is the approval made last for the group; waiting and sent-back proposals change nothing', () => {
    const proposals = [
      proposal('new', 'approved', 7),
      proposal('old', 'approved', 3),
      proposal('waiting', 'proposed', null),
      proposal('declined', 'declined', 9),
      proposal('fsm', 'approved', 12, { key: 'fsm', value: 'yes' }),
    ];
    expect(targetInForce(proposals, null)?.id).toBe('new');
    expect(targetInForce(proposals, { key: 'fsm', value: 'yes' })?.id).toBe('fsm');
    expect(targetInForce(proposals, { key: 'fsm', value: 'no' })).toBeNull();
    expect(targetInForce([proposal('waiting', 'proposed', null)], null)).toBeNull();
  });
});
