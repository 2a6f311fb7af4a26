/**
 * Which days and sessions a school meets on (docs/design.md §8.7). A school day is a weekday inside
 * a term that is not a bank holiday. A planned closure (INSET day…) does not stop a day being a
 * school day: the register still has the session, marked `#`, and it is not a possible session.
 */
import type { Closure, SchoolConfig, SessionRef, YearGroup } from '../config/schoolConfig';
import { SESSION_PARTS } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { eachDay, isoWeekday, maxDate, minDate } from '../time/localDate';

/** One session of a school day as the calendar sees it. */
export interface CalendarSession extends SessionRef {
  /** A planned closure covers it: the mark is `#` and it is not a possible session. */
  readonly closed: boolean;
  readonly closureName?: string;
}

/** What the calendar says about one session for one year group. */
export type SessionStatus = 'open' | 'closed' | 'not-a-school-day';

/** From the first term's start to the last term's end, or null when no term is set. */
export function calendarSpan(school: SchoolConfig): { from: LocalDate; to: LocalDate } | null {
  const [first, ...rest] = school.terms;
  if (first === undefined) return null;
  let from = first.start;
  let to = first.end;
  for (const term of rest) {
    from = minDate(from, term.start);
    to = maxDate(to, term.end);
  }
  return { from, to };
}

/**
 * True when `date` is inside a term, Monday to Friday, and not a bank holiday.
 *
 * The year group is accepted so every calendar question has the same shape, but it never changes
 * the answer: a closure for some year groups leaves the day a school day (its sessions are `#`).
 */
export function isSchoolDay(
  school: SchoolConfig,
  date: LocalDate,
  _yearGroup?: YearGroup,
): boolean {
  if (isoWeekday(date) > 5) return false;
  if (school.bankHolidays.includes(date)) return false;
  return school.terms.some((term) => term.start <= date && date <= term.end);
}

/**
 * The planned closure covering this session for this year group, if any. Without a year group
 * only whole-school closures apply: the question is then "is the school as a whole closed?", and
 * a closure of Year 6 alone leaves the school open for everyone else.
 */
export function closureFor(
  school: SchoolConfig,
  session: SessionRef,
  yearGroup?: YearGroup,
): Closure | null {
  const found = school.closures.find(
    (c) =>
      c.from <= session.date &&
      session.date <= c.to &&
      c.parts.includes(session.part) &&
      (c.yearGroups === null || (yearGroup !== undefined && c.yearGroups.includes(yearGroup))),
  );
  return found ?? null;
}

/**
 * Every session of every school day from `from` to `to` (both included), in date order, AM before
 * PM, each marked closed when a planned closure covers it for `yearGroup`.
 */
export function sessionsBetween(
  school: SchoolConfig,
  from: LocalDate,
  to: LocalDate,
  yearGroup?: YearGroup,
): CalendarSession[] {
  const span = calendarSpan(school);
  if (span === null) return [];
  // Days outside every term are never school days, so walking them would only cost time.
  const days = eachDay(maxDate(from, span.from), minDate(to, span.to));
  const sessions: CalendarSession[] = [];
  for (const date of days) {
    if (!isSchoolDay(school, date)) continue;
    for (const part of SESSION_PARTS) {
      const closure = closureFor(school, { date, part }, yearGroup);
      sessions.push(
        closure === null
          ? { date, part, closed: false }
          : { date, part, closed: true, closureName: closure.name },
      );
    }
  }
  return sessions;
}

/** The sessions from `from` to `to` where a mark is possible: school sessions not closed. */
export function openSessionsBetween(
  school: SchoolConfig,
  from: LocalDate,
  to: LocalDate,
  yearGroup?: YearGroup,
): CalendarSession[] {
  return sessionsBetween(school, from, to, yearGroup).filter((s) => !s.closed);
}

/**
 * Checks one session against the calendar: `open` (a register is taken), `closed` (a planned
 * closure: `#`) or `not-a-school-day` (weekend, holiday, bank holiday or outside every term).
 */
export function sessionOf(
  school: SchoolConfig,
  session: SessionRef,
  yearGroup?: YearGroup,
): SessionStatus {
  if (!isSchoolDay(school, session.date)) return 'not-a-school-day';
  return closureFor(school, session, yearGroup) === null ? 'open' : 'closed';
}
