/**
 * Which register to open (docs/design.md §3.4: "the current session's register for my group is the
 * home screen"). Pure: the school's calendar and times, the group and the instant are arguments.
 *
 * - On a school day the morning register stays on screen until an hour after it closes (late
 *   arrivals are still being marked), or until the afternoon starts if that comes sooner; then
 *   the afternoon's. Before school it is the morning's (the next); after school the afternoon's
 *   (the last).
 * - On a weekend, holiday or closure day it is the last open session before today, or, at the
 *   very start of the school's calendar, the next one.
 */
import { openSessionsBetween } from '../calendar/schoolCalendar';
import type {
  GroupRef,
  SchoolConfig,
  SessionPart,
  SessionRef,
  SessionTimes,
} from '../config/schoolConfig';
import { addDays } from '../time/localDate';
import { schoolInstant, toSchoolWallClock } from '../time/schoolTime';
import { sessionTimesFor } from './sessionTimes';

/** How long after the morning register closes it stays the one on screen. */
export const MORNING_MARGIN_MINUTES = 60;
/** How far back (and forward) to look for a school session from a day without one. */
const SEARCH_DAYS = 120;

/** The times of `part` for the group, or the school's own when the group's year is unknown. */
export function timesFor(
  school: SchoolConfig,
  group: GroupRef | null,
  part: SessionPart,
): SessionTimes {
  return group === null ? school.sessions[part] : sessionTimesFor(school, group, part);
}

/** The register to show at `now` for `group`, or null when the calendar has no session near. */
export function currentSession(
  school: SchoolConfig,
  group: GroupRef | null,
  now: number,
): SessionRef | null {
  const yearGroup = group?.yearGroup;
  const { date: today, minutes } = toSchoolWallClock(now, school.timeZone);
  const parts = openSessionsBetween(school, today, today, yearGroup).map((s) => s.part);
  const hasAm = parts.includes('AM');
  const hasPm = parts.includes('PM');
  if (hasAm && hasPm) {
    const switchAt = Math.min(
      timesFor(school, group, 'AM').registerCloses + MORNING_MARGIN_MINUTES,
      timesFor(school, group, 'PM').start,
    );
    return { date: today, part: minutes < switchAt ? 'AM' : 'PM' };
  }
  if (hasAm) return { date: today, part: 'AM' };
  if (hasPm) return { date: today, part: 'PM' };

  const before = openSessionsBetween(
    school,
    addDays(today, -SEARCH_DAYS),
    addDays(today, -1),
    yearGroup,
  );
  const last = before.at(-1);
  if (last !== undefined) return { date: last.date, part: last.part };
  const after = openSessionsBetween(
    school,
    addDays(today, 1),
    addDays(today, SEARCH_DAYS),
    yearGroup,
  );
  const next = after[0];
  return next === undefined ? null : { date: next.date, part: next.part };
}

/**
 * The latest `count` open sessions up to and including `through` (newest first): the "past
 * session" choices, one tap each.
 */
export function recentSessions(
  school: SchoolConfig,
  group: GroupRef | null,
  through: SessionRef,
  count: number,
): SessionRef[] {
  const sessions = openSessionsBetween(
    school,
    addDays(through.date, -SEARCH_DAYS),
    through.date,
    group?.yearGroup,
  )
    // On the last day, the afternoon counts only when `through` is the afternoon.
    .filter((s) => s.date < through.date || s.part === 'AM' || through.part === 'PM')
    .map((s) => ({ date: s.date, part: s.part }));
  return sessions.slice(-count).reverse();
}

/** The instant the session's register closes for the group. */
export function registerClosesAt(
  school: SchoolConfig,
  group: GroupRef | null,
  session: SessionRef,
): number {
  const { registerCloses } = timesFor(school, group, session.part);
  return schoolInstant(session.date, registerCloses, school.timeZone).getTime();
}
