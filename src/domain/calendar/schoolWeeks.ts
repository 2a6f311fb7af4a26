/**
 * School weeks, the unit of the penalty-notice and lateness windows (docs/design.md §8.6).
 *
 * A school week is a week with at least one school session. We count only OPEN sessions: a week
 * the school is closed all through (an INSET week, or a week closed to this year group) has no
 * session the pupil could attend or miss, so it is a holiday in all but name. Counting it would
 * use up one of the ten weeks of a penalty-notice window on a week in which no unauthorised
 * absence is possible, quietly making the window shorter than the one the guidance describes.
 */
import type { SchoolConfig, YearGroup } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { mondayOf } from '../time/localDate';
import { openSessionsBetween } from './schoolCalendar';

/** The Mondays of the weeks with at least one open session between `from` and `to`, in order. */
export function schoolWeeks(
  school: SchoolConfig,
  from: LocalDate,
  to: LocalDate,
  yearGroup?: YearGroup,
): LocalDate[] {
  const weeks: LocalDate[] = [];
  for (const session of openSessionsBetween(school, from, to, yearGroup)) {
    const monday = mondayOf(session.date);
    if (weeks[weeks.length - 1] !== monday) weeks.push(monday);
  }
  return weeks;
}
