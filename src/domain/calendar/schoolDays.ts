/**
 * Counting school days, for deadlines such as "replace N no later than 5 school days after the
 * session" (docs/design.md §8.3).
 *
 * For counting, a day on which every session is closed to the pupil's year group (an INSET day)
 * is not a school day: nobody is in to chase or give a reason, and staff would otherwise lose a
 * day of the time the policy gives them. A day with one open session still counts.
 */
import type { SchoolConfig, YearGroup } from '../config/schoolConfig';
import { SESSION_PARTS } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { addDays, eachDay, maxDate, minDate } from '../time/localDate';
import { calendarSpan, closureFor, isSchoolDay } from './schoolCalendar';

function countsAsSchoolDay(school: SchoolConfig, date: LocalDate, yearGroup?: YearGroup): boolean {
  return (
    isSchoolDay(school, date) &&
    SESSION_PARTS.some((part) => closureFor(school, { date, part }, yearGroup) === null)
  );
}

/**
 * The date `n` school days after `date` (`date` itself is not counted; n = 0 gives `date`).
 * Returns null when the configured terms end before `n` school days have passed: the calendar
 * cannot say when that day will be.
 */
export function addSchoolDays(
  school: SchoolConfig,
  date: LocalDate,
  n: number,
  yearGroup?: YearGroup,
): LocalDate | null {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`school days to add must be a whole number ≥ 0, not ${n}`);
  const span = calendarSpan(school);
  let day = date;
  for (let left = n; left > 0;) {
    day = addDays(day, 1);
    if (span === null || day > span.to) return null;
    if (countsAsSchoolDay(school, day, yearGroup)) left -= 1;
  }
  return day;
}

/**
 * How many school days there are after `from` up to and including `to` (0 when `to` is not after
 * `from`). For a school day `d`, `schoolDaysBetween(s, d, addSchoolDays(s, d, n)) === n`.
 */
export function schoolDaysBetween(
  school: SchoolConfig,
  from: LocalDate,
  to: LocalDate,
  yearGroup?: YearGroup,
): number {
  const span = calendarSpan(school);
  if (span === null) return 0;
  const days = eachDay(maxDate(addDays(from, 1), span.from), minDate(to, span.to));
  return days.filter((d) => countsAsSchoolDay(school, d, yearGroup)).length;
}
