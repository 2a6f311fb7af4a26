/**
 * `N` (reason not yet established) must be replaced "no later than 5 school days after the session"
 * (docs/design.md §8.3; the number is configured). The office has the whole of the 5th school day
 * after the session, so the `N` is overdue from the day AFTER that deadline: an `N` from Monday is
 * due by the next Monday and overdue on Tuesday.
 */
import { addSchoolDays, schoolDaysBetween } from '../calendar/schoolDays';
import type { SchoolConfig, YearGroup } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import type { StatEntry } from './statEntry';
import { compareStatEntries } from './statEntry';

export interface OverdueN {
  readonly entry: StatEntry;
  /** The last day on which replacing the `N` was on time. */
  readonly deadline: LocalDate;
  /** The deadline was counted past the configured terms: an estimate until term dates are entered. */
  readonly deadlineIsEstimate: boolean;
  /** School days after the session, up to and including today (> the allowed days). */
  readonly schoolDaysOutstanding: number;
}

/**
 * The `N` entries overdue on `today`, in register order. The deadline is always computed: past
 * the configured terms weekdays less the known bank holidays stand in for school days, and the
 * answer says the deadline is an estimate. `yearGroup` decides which closures apply (an INSET day
 * gives no one time to chase a reason).
 */
export function overdueN(
  entries: readonly StatEntry[],
  school: SchoolConfig,
  today: LocalDate,
  yearGroup?: YearGroup,
): OverdueN[] {
  const allowed = school.thresholds.nResolveSchoolDays;
  const overdue: OverdueN[] = [];
  for (const entry of [...entries].sort(compareStatEntries)) {
    if (entry.code !== 'N') continue;
    const deadline = addSchoolDays(school, entry.date, allowed, yearGroup);
    if (today <= deadline.date) continue;
    overdue.push({
      entry,
      deadline: deadline.date,
      deadlineIsEstimate: deadline.isEstimate,
      schoolDaysOutstanding: schoolDaysBetween(school, entry.date, today, yearGroup),
    });
  }
  return overdue;
}
