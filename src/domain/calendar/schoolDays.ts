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
import { addDays, eachDay, isoWeekday } from '../time/localDate';
import { calendarSpan, closureFor, isSchoolDay } from './schoolCalendar';

function countsAsSchoolDay(school: SchoolConfig, date: LocalDate, yearGroup?: YearGroup): boolean {
  return (
    isSchoolDay(school, date) &&
    SESSION_PARTS.some((part) => closureFor(school, { date, part }, yearGroup) === null)
  );
}

type Span = { from: LocalDate; to: LocalDate } | null;

const isInside = (span: Span, date: LocalDate): boolean =>
  span !== null && span.from <= date && date <= span.to;

/**
 * Whether `date` counts as a school day: by the school's calendar inside its configured terms;
 * outside them (no term dates entered yet) by the best guess there is, a weekday that is not a
 * known bank holiday.
 */
function counts(school: SchoolConfig, span: Span, date: LocalDate, yearGroup?: YearGroup): boolean {
  if (isInside(span, date)) return countsAsSchoolDay(school, date, yearGroup);
  return isoWeekday(date) <= 5 && !school.bankHolidays.includes(date);
}

/** A day found by counting school days, and whether any of them was outside the known terms. */
export interface CountedDay {
  readonly date: LocalDate;
  /**
   * True when the count ran outside the configured terms, where weekdays less the known bank
   * holidays stand in for school days: the date is an estimate until the term dates are entered.
   */
  readonly isEstimate: boolean;
}

/**
 * The date `n` school days after `date` (`date` itself is not counted; n = 0 gives `date`).
 * Always computed: past the configured terms each weekday that is not a known bank holiday
 * counts, and the answer says it is an estimate.
 */
export function addSchoolDays(
  school: SchoolConfig,
  date: LocalDate,
  n: number,
  yearGroup?: YearGroup,
): CountedDay {
  if (!Number.isInteger(n) || n < 0)
    throw new RangeError(`school days to add must be a whole number ≥ 0, not ${n}`);
  const span = calendarSpan(school);
  let day = date;
  let isEstimate = false;
  for (let left = n; left > 0;) {
    day = addDays(day, 1);
    if (!isInside(span, day)) isEstimate = true;
    if (counts(school, span, day, yearGroup)) left -= 1;
  }
  return { date: day, isEstimate };
}

/**
 * How many school days there are after `from` up to and including `to` (0 when `to` is not after
 * `from`), counted as {@link addSchoolDays} counts them, so for a school day `d`,
 * `schoolDaysBetween(s, d, addSchoolDays(s, d, n).date) === n`.
 */
export function schoolDaysBetween(
  school: SchoolConfig,
  from: LocalDate,
  to: LocalDate,
  yearGroup?: YearGroup,
): number {
  const span = calendarSpan(school);
  const first = addDays(from, 1);
  if (to < first) return 0;
  return eachDay(first, to).filter((d) => counts(school, span, d, yearGroup)).length;
}

/**
 * Whether counting school days after `from` up to `to` runs outside the configured terms, so
 * that {@link schoolDaysBetween} is an estimate (weekdays less the known bank holidays).
 */
export function schoolDaysCountIsEstimate(
  school: SchoolConfig,
  from: LocalDate,
  to: LocalDate,
): boolean {
  const first = addDays(from, 1);
  if (to < first) return false;
  const span = calendarSpan(school);
  return span === null || first < span.from || to > span.to;
}
