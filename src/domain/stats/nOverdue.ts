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
  /** School days after the session, up to and including today (> the allowed days). */
  readonly schoolDaysOutstanding: number;
}

/**
 * The `N` entries overdue on `today`, in register order. An `N` whose deadline lies beyond the
 * configured terms is not overdue: the school days allowed have not all passed. `yearGroup`
 * decides which closures apply (an INSET day gives no one time to chase a reason).
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
    if (deadline === null || today <= deadline) continue;
    overdue.push({
      entry,
      deadline,
      schoolDaysOutstanding: schoolDaysBetween(school, entry.date, today, yearGroup),
    });
  }
  return overdue;
}
