/**
 * The penalty-notice threshold (docs/design.md §8.6): an alert that a notice must be CONSIDERED,
 * never an automatic action. Ten sessions of `G`, `O` or `U` (codes with `penaltyNotice`) within
 * any rolling window of ten school weeks. `N` is not yet a reason, so it is counted apart as "may
 * count": if the office cannot establish a reason it usually becomes `O`.
 */
import type { SchoolConfig, YearGroup } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import type { StatEntry } from './statEntry';
import { codeOfEntry, compareStatEntries } from './statEntry';
import type { WeekWindow } from './schoolWeekWindows';
import {
  inWeekWindow,
  pupilSchoolWeeks,
  weekWindowCounts,
  weekWindowEndingAt,
} from './schoolWeekWindows';

export type PenaltyNoticeLevel = 'met' | 'met-if-n-unresolved' | 'not-met';

export interface PenaltyNoticeStatus {
  readonly status: PenaltyNoticeLevel;
  /** The worst window, or null when the pupil has no `G`, `O`, `U` or `N` at all. */
  readonly window: WeekWindow | null;
  /** The `G`, `O` and `U` sessions in that window, in register order. */
  readonly firmSessions: StatEntry[];
  /** The `N` sessions in that window. */
  readonly pendingSessions: StatEntry[];
}

// Lexicographic comparison of window ranks.
function isGreater(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i += 1) {
    const [x, y] = [a[i] ?? 0, b[i] ?? 0];
    if (x !== y) return x > y;
  }
  return false;
}

/**
 * The penalty-notice threshold for ONE pupil's current entries. The worst window is the one with
 * the highest status, then the most firm sessions, then the most firm and pending together; among
 * equals, the earliest, which is when the threshold was first reached. `yearGroup` decides which
 * closures apply (a week closed to the pupil's year group is not one of their school weeks).
 * `otherSchoolDays` are days the pupil had sessions at a previous school (their CTF history): the
 * weeks holding them are school weeks too, since the window may span schools.
 */
export function penaltyNoticeStatus(
  entries: readonly StatEntry[],
  school: SchoolConfig,
  yearGroup?: YearGroup,
  otherSchoolDays: readonly LocalDate[] = [],
): PenaltyNoticeStatus {
  const { sessions: threshold, schoolWeeks: size } = school.thresholds.penaltyNotice;
  const firm = entries.filter((e) => codeOfEntry(e).penaltyNotice);
  const pending = entries.filter((e) => e.code === 'N');
  if (firm.length === 0 && pending.length === 0) {
    return { status: 'not-met', window: null, firmSessions: [], pendingSessions: [] };
  }

  const firmDates = firm.map((e) => e.date);
  const pendingDates = pending.map((e) => e.date);
  const weeks = pupilSchoolWeeks(
    school,
    [...firmDates, ...pendingDates, ...otherSchoolDays],
    yearGroup,
  );
  const firmCounts = weekWindowCounts(weeks, size, firmDates);
  const pendingCounts = weekWindowCounts(weeks, size, pendingDates);
  const levelAt = (i: number): number => {
    const f = firmCounts[i] ?? 0;
    return f >= threshold ? 2 : f + (pendingCounts[i] ?? 0) >= threshold ? 1 : 0;
  };
  // Worst = highest level, then most firm sessions, then most firm and pending together.
  const rank = (i: number): [number, number, number] => [
    levelAt(i),
    firmCounts[i] ?? 0,
    (firmCounts[i] ?? 0) + (pendingCounts[i] ?? 0),
  ];
  let worst = 0;
  for (let i = 1; i < weeks.length; i += 1) {
    if (isGreater(rank(i), rank(worst))) worst = i;
  }

  const window = weekWindowEndingAt(weeks, size, worst);
  const firmSessions = firm.filter((e) => inWeekWindow(e.date, window)).sort(compareStatEntries);
  const pendingSessions = pending
    .filter((e) => inWeekWindow(e.date, window))
    .sort(compareStatEntries);
  const status: PenaltyNoticeLevel =
    firmSessions.length >= threshold
      ? 'met'
      : firmSessions.length + pendingSessions.length >= threshold
        ? 'met-if-n-unresolved'
        : 'not-met';
  return { status, window, firmSessions, pendingSessions };
}
