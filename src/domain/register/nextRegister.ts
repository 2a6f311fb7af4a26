/**
 * When the next register is: the first open session (term dates, closures and bank holidays
 * from the school's configuration) whose register has not yet closed at `now`, with the instant
 * it starts. Out of school hours the register screen says "Next register: Monday 8 September,
 * morning, 08:45" from this, instead of leaving the teacher to work it out from Friday's.
 */
import { openSessionsBetween } from '../calendar/schoolCalendar';
import type { GroupRef, SchoolConfig, SessionRef } from '../config/schoolConfig';
import { addDays } from '../time/localDate';
import { schoolInstant, toSchoolWallClock } from '../time/schoolTime';
import type { WallTime } from '../time/wallTime';
import { sessionTimesFor } from './sessionTimes';

export interface NextRegister {
  readonly session: SessionRef;
  /** The register's start on the school's wall clock, and as an instant. */
  readonly start: WallTime;
  readonly startsAt: number;
}

/** How far ahead to look (a long summer holiday is six weeks; a calendar gap is a config gap). */
const SEARCH_DAYS = 120;

/**
 * The next register for the group (or the school's own times for `null`) at `now`: the session
 * under way while its register is still open, else the next one; null when the configured
 * calendar has no open session in the next 120 days.
 */
export function nextRegister(
  school: SchoolConfig,
  group: GroupRef | null,
  now: number,
): NextRegister | null {
  const { date: today } = toSchoolWallClock(now, school.timeZone);
  const sessions = openSessionsBetween(
    school,
    today,
    addDays(today, SEARCH_DAYS),
    group?.yearGroup,
  );
  for (const found of sessions) {
    const times =
      group === null ? school.sessions[found.part] : sessionTimesFor(school, group, found.part);
    const closesAt = schoolInstant(found.date, times.registerCloses, school.timeZone).getTime();
    if (closesAt <= now) continue;
    return {
      session: { date: found.date, part: found.part },
      start: times.start,
      startsAt: schoolInstant(found.date, times.start, school.timeZone).getTime(),
    };
  }
  return null;
}
