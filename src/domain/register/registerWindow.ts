/**
 * On time, late (`L`) or after the register closed (`U`): docs/design.md §8.2.
 * Times are the school's wall clock in its own time zone, compared to the minute, so a pupil
 * who walks in at 08:45:59 for an 08:45 register is on time.
 */
import { presentCode } from '../codes/attendanceCodes';
import type { GroupRef, SchoolConfig, SessionRef } from '../config/schoolConfig';
import { fail, ok, type Result } from '../result';
import type { LocalDate } from '../time/localDate';
import { toSchoolWallClock } from '../time/schoolTime';
import type { WallTime } from '../time/wallTime';
import { sessionTimesFor } from './sessionTimes';

export type ArrivalCode = '/' | '\\' | 'L' | 'U';

export interface ArrivalDecision {
  readonly code: ArrivalCode;
  /** Minutes after the register started; 0 when on time. Recorded with `L` and `U`. */
  readonly minutesLate: number;
  readonly start: WallTime;
  readonly registerCloses: WallTime;
}

/**
 * The arrival is not on the session's day on the school's calendar, so no code follows from it
 * (an arrival time typed for the wrong day, or a tablet clock far out).
 */
export interface ArrivalNotOnSessionDay {
  readonly reason: 'arrival-not-on-session-day';
  readonly sessionDate: LocalDate;
  readonly arrivalDate: LocalDate;
}

/**
 * Decides the code for a pupil who arrives at `arrivedAt` for `session`.
 *
 * Arriving in or before the start minute is on time (`/` AM, `\` PM); after the start and before
 * the register-close minute is `L`; at or after the close minute is `U`. `minutesLate` is the
 * arrival minute less the start minute.
 *
 * @param school - the school's configuration (its times and time zone)
 * @param group - the pupil's registration group, which picks any override of the times
 * @param arrivedAt - the instant of arrival, a Date or epoch milliseconds
 */
export function decideArrival(
  school: SchoolConfig,
  group: GroupRef,
  session: SessionRef,
  arrivedAt: Date | number,
): Result<ArrivalDecision, ArrivalNotOnSessionDay> {
  const arrival = toSchoolWallClock(arrivedAt, school.timeZone);
  if (arrival.date !== session.date) {
    return fail({
      reason: 'arrival-not-on-session-day',
      sessionDate: session.date,
      arrivalDate: arrival.date,
    });
  }
  const { start, registerCloses } = sessionTimesFor(school, group, session.part);
  const late = arrival.minutes - start;
  const code: ArrivalCode =
    late <= 0 ? presentCode(session.part) : arrival.minutes < registerCloses ? 'L' : 'U';
  return ok({ code, minutesLate: Math.max(0, late), start, registerCloses });
}
