/**
 * Attendance targets and their tracking, week by week (docs/governors.md). A target is set per
 * school year for the whole school or for one group of pupils (a `CharacteristicGroup`): an
 * attendance rate to reach and a persistent-absence rate to stay at or under. The attendance
 * lead (or an admin) proposes it; a governor approves it; a later approved proposal replaces an
 * earlier one.
 *
 * Tracking: for each school week, that week's attendance beside the attendance target, and the
 * persistent-absence rate from the start of the range up to the end of that week beside the
 * persistent-absence target (persistent absence is a rate over the year so far, never one
 * week's). Both are computed from counts, as every figure is (attendanceStats.ts).
 */
import { schoolWeeks } from '../calendar/schoolWeeks';
import type { CharacteristicGroup } from '../characteristics/characteristics';
import type { SchoolConfig, Thresholds } from '../config/schoolConfig';
import type { AttendanceCounts, AttendanceStats } from '../stats/attendanceStats';
import { aggregateStats } from '../stats/attendanceStats';
import { absenceStatus, reachesPercent } from '../stats/thresholds';
import type { LocalDate } from '../time/localDate';
import { mondayOf } from '../time/localDate';

/** The two rates a target sets, in percent (to a hundredth). */
export interface TargetRates {
  /** Attendance to reach: a week at or above it has met it. */
  readonly attendancePercent: number;
  /** Persistent absence to stay at or under. */
  readonly persistentPercent: number;
}

/** Who a target is for: one group of pupils, or the whole school (null). */
export type TargetGroup = CharacteristicGroup | null;

/** One pupil's counts in one school week (`weekStart` is that week's Monday). */
export interface PupilWeekCounts {
  readonly pupilId: string;
  readonly weekStart: LocalDate;
  readonly counts: AttendanceCounts;
}

export type AttendanceAgainstTarget = 'met' | 'below' | 'noSessions';
export type PersistenceAgainstTarget = 'met' | 'above' | 'noPupils';

export interface TrackedWeek {
  readonly weekStart: LocalDate;
  /** The week's own sessions: its attendance is judged against the attendance target. */
  readonly week: AttendanceStats;
  /** From the first day counted up to the end of this week. */
  readonly toDate: AttendanceStats;
  /** Pupils with a possible session up to the end of this week. */
  readonly pupils: number;
  /** Of those, pupils whose absence so far reaches the persistent-absence threshold. */
  readonly persistent: number;
  /** persistent / pupils × 100, null without pupils. */
  readonly persistentPercent: number | null;
  /** The week's attendance against the target; null without a target. */
  readonly attendance: AttendanceAgainstTarget | null;
  /** Persistent absence so far against the target; null without a target. */
  readonly persistence: PersistenceAgainstTarget | null;
}

/** Whether attendance `stats` meets `targetPercent` (there is no rate without a possible session). */
export function attendanceAgainst(
  stats: Pick<AttendanceCounts, 'possible' | 'attended'>,
  targetPercent: number,
): AttendanceAgainstTarget {
  if (stats.possible === 0) return 'noSessions';
  return reachesPercent(stats.attended, stats.possible, targetPercent) ? 'met' : 'below';
}

/** Whether `persistent` of `pupils` is at or under `targetPercent`. */
export function persistenceAgainst(
  persistent: number,
  pupils: number,
  targetPercent: number,
): PersistenceAgainstTarget {
  if (pupils === 0) return 'noPupils';
  // At or under the target is met; in integers, to a hundredth of a percentage point.
  return persistent * 10_000 > Math.round(targetPercent * 100) * pupils ? 'above' : 'met';
}

/**
 * Each school week from `from` to `to` (the calendar's weeks with an open session, and any other
 * week holding counts), with its figures against `target`. `counts` are per pupil and week from
 * `countFrom` (the start of the school year, so persistent absence is the year's so far) to `to`;
 * weeks before `from` count towards the figures to date but are not listed.
 */
export function trackTargetWeeks(input: {
  readonly school: SchoolConfig;
  readonly thresholds: Thresholds;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly counts: readonly PupilWeekCounts[];
  readonly target: TargetRates | null;
}): TrackedWeek[] {
  const { from, to, target, thresholds } = input;
  const listed = new Set(schoolWeeks(input.school, from, to));
  const byWeek = new Map<LocalDate, PupilWeekCounts[]>();
  for (const row of input.counts) {
    const week = mondayOf(row.weekStart);
    if (week > to) continue;
    if (week >= mondayOf(from)) listed.add(week);
    const rows = byWeek.get(week) ?? [];
    rows.push(row);
    byWeek.set(week, rows);
  }
  const weeks = [...listed].sort();
  const earlier = [...byWeek.keys()].filter((w) => w < (weeks[0] ?? from)).sort();

  const perPupil = new Map<string, AttendanceCounts[]>();
  const all: AttendanceCounts[] = [];
  const add = (week: LocalDate) => {
    for (const row of byWeek.get(week) ?? []) {
      all.push(row.counts);
      const parts = perPupil.get(row.pupilId) ?? [];
      parts.push(row.counts);
      perPupil.set(row.pupilId, parts);
    }
  };
  for (const week of earlier) add(week);

  return weeks.map((weekStart) => {
    add(weekStart);
    const week = aggregateStats((byWeek.get(weekStart) ?? []).map((r) => r.counts));
    let pupils = 0;
    let persistent = 0;
    for (const parts of perPupil.values()) {
      const stats = aggregateStats(parts);
      if (stats.possible === 0) continue;
      pupils += 1;
      if (absenceStatus(stats, thresholds).persistent) persistent += 1;
    }
    return {
      weekStart,
      week,
      toDate: aggregateStats(all),
      pupils,
      persistent,
      persistentPercent: pupils === 0 ? null : (100 * persistent) / pupils,
      attendance: target === null ? null : attendanceAgainst(week, target.attendancePercent),
      persistence:
        target === null ? null : persistenceAgainst(persistent, pupils, target.persistentPercent),
    };
  });
}

/** A target's state in its history: waiting for a governor, approved, or sent back. */
export type TargetStatus = 'proposed' | 'approved' | 'declined';

export interface TargetProposal {
  readonly id: string;
  readonly group: TargetGroup;
  readonly proposedAt: string;
  readonly status: TargetStatus;
  /** The order of its decision among all decisions (later is higher), or null while waiting. */
  readonly decisionOrder: number | null;
}

const sameGroup = (a: TargetGroup, b: TargetGroup): boolean =>
  a === null || b === null ? a === b : a.key === b.key && a.value === b.value;

/**
 * The target in force for `group`: the approved proposal approved last (a newer approval replaces
 * an older one; proposals waiting or sent back change nothing), or null.
 */
export function targetInForce<P extends TargetProposal>(
  proposals: readonly P[],
  group: TargetGroup,
): P | null {
  let best: P | null = null;
  for (const p of proposals) {
    if (p.status !== 'approved' || p.decisionOrder === null || !sameGroup(p.group, group)) continue;
    if (best === null || (best.decisionOrder ?? 0) < p.decisionOrder) best = p;
  }
  return best;
}

/** A key naming a target's group (`school`, `sen:ehcPlan`), to match and sort by. */
export function targetGroupKey(group: TargetGroup): string {
  return group === null ? 'school' : `${group.key}:${group.value}`;
}
