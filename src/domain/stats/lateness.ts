/**
 * Lateness alerts from the school's policy (seed 004: "on the 4th occasion that a child arrives
 * late we will write to parents"; "late on 6 occasions in a 12-week period"). A late is `L`
 * (before the register closed) or `U` (after it closed): both are arrivals after the start.
 */
import type { SchoolConfig, YearGroup } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { mondayOf } from '../time/localDate';
import type { StatEntry } from './statEntry';
import type { WeekWindow } from './schoolWeekWindows';
import { pupilSchoolWeeks, weekWindowCounts, weekWindowEndingAt } from './schoolWeekWindows';

export interface LatenessEscalation {
  /** The policy: this many lates within this many school weeks. */
  readonly lates: number;
  readonly schoolWeeks: number;
  /** The most lates in any window ending on or before `asOf`. */
  readonly mostLatesInWindow: number;
  /** That window (the earliest, among equals), or null when there is no late. */
  readonly window: WeekWindow | null;
  /** Lates in the window ending with the week of `asOf` (the last school week up to it). */
  readonly latesInCurrentWindow: number;
  readonly reached: boolean;
}

export interface LatenessStatus {
  /** `L` + `U` from `since` (when given) to `asOf`. */
  readonly lates: number;
  readonly lateBeforeClose: number;
  readonly lateAfterClose: number;
  /** The late that triggers a letter, from the policy. */
  readonly letterCount: number;
  readonly letterDue: boolean;
  readonly escalation: LatenessEscalation;
}

export interface LatenessOptions {
  /** Count lates for the letter from this day, e.g. the start of the school year. */
  readonly since?: LocalDate;
  /** Decides which closures apply, and so which weeks are school weeks. */
  readonly yearGroup?: YearGroup;
}

/**
 * Lateness of ONE pupil as it stood on `asOf`: entries after it are ignored. The letter count runs
 * from `since`; the escalation window is rolling and may reach back past `since`, as a 12-week
 * period does not stop at the start of a term or year.
 */
export function latenessStatus(
  entries: readonly StatEntry[],
  school: SchoolConfig,
  asOf: LocalDate,
  options: LatenessOptions = {},
): LatenessStatus {
  const { latenessLetterCount, latenessEscalation } = school.thresholds;
  const lates = entries.filter((e) => (e.code === 'L' || e.code === 'U') && e.date <= asOf);
  const counted = lates.filter((e) => options.since === undefined || options.since <= e.date);
  const lateBeforeClose = counted.filter((e) => e.code === 'L').length;

  const lastWeek = mondayOf(asOf);
  const weeks = pupilSchoolWeeks(
    school,
    lates.map((e) => e.date),
    options.yearGroup,
  ).filter((w) => w <= lastWeek);
  const size = latenessEscalation.schoolWeeks;
  const counts = weekWindowCounts(
    weeks,
    size,
    lates.map((e) => e.date),
  );
  let most = 0;
  let mostAt = -1;
  counts.forEach((count, i) => {
    if (count > most) [most, mostAt] = [count, i];
  });

  return {
    lates: counted.length,
    lateBeforeClose,
    lateAfterClose: counted.length - lateBeforeClose,
    letterCount: latenessLetterCount,
    letterDue: counted.length >= latenessLetterCount,
    escalation: {
      lates: latenessEscalation.lates,
      schoolWeeks: size,
      mostLatesInWindow: most,
      window: mostAt < 0 ? null : weekWindowEndingAt(weeks, size, mostAt),
      latesInCurrentWindow: counts[counts.length - 1] ?? 0,
      reached: most >= latenessEscalation.lates,
    },
  };
}
