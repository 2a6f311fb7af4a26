/**
 * One rule decides an arrival everywhere (docs/design.md §8.2, as docs/api.md states it): a mark that
 * carries an arrival time or minutes late is re-derived from the school's times in force for
 * the pupil's register, and is accepted only when its code, its minutes and the window agree
 * with what `decideArrival` says. The tablet runs it before saving and the server before
 * storing, so a tampering or buggy client cannot record `L` 25 minutes into a 15-minute register,
 * a present mark for an arrival after the close, or an arrival that has not happened yet.
 */
import type { GroupRef, SchoolConfig, SessionRef } from '../config/schoolConfig';
import { fail, ok, type Result } from '../result';
import { longDate } from '../time/longDate';
import { schoolInstant, toSchoolWallClock } from '../time/schoolTime';
import { formatWallTime, type WallTime } from '../time/wallTime';
import { decideArrival, type ArrivalDecision } from './registerWindow';
import { sessionTimesFor } from './sessionTimes';

/**
 * How far a clock may be out before the arrival it records counts as "in the future": the same
 * two minutes at which the tablet warns that its clock is wrong.
 */
export const CLOCK_TOLERANCE_MS = 2 * 60 * 1000;

/** What a mark claims about an arrival. */
export interface ArrivalClaim {
  readonly code: string;
  readonly minutesLate: number | null;
  /** ISO 8601 instant, or null. */
  readonly arrivedAt: string | null;
}

export type ArrivalProblemReason =
  | 'arrival-in-future'
  | 'arrival-not-on-session-day'
  | 'code-does-not-match-arrival'
  | 'minutes-do-not-match-arrival';

export interface ArrivalProblem {
  readonly reason: ArrivalProblemReason;
  /** Plain en-GB, one sentence, saying what is wrong and what the arrival means. */
  readonly message: string;
}

export interface CheckArrivalInput {
  readonly school: SchoolConfig;
  /** The pupil's registration group on the session's day: it picks the times in force. */
  readonly group: GroupRef;
  readonly session: SessionRef;
  readonly claim: ArrivalClaim;
  /** The checker's current instant (epoch ms); an arrival later than now + tolerance is refused. */
  readonly now: number;
}

const problem = (reason: ArrivalProblemReason, message: string) => fail({ reason, message });

function minutesText(minutes: number): string {
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/** Why `decision` gives a different code than the mark's: the window's rule in words. */
function codeRule(decision: ArrivalDecision): string {
  const closes = formatWallTime(decision.registerCloses);
  switch (decision.code) {
    case 'U':
      return `after the register closed at ${closes}, so the mark is U`;
    case 'L':
      return `before the register closed at ${closes}, so the mark is L`;
    default:
      return `by the start at ${formatWallTime(decision.start)}, so the pupil is on time`;
  }
}

/** Compares the claim's code and minutes with what the window decides for the arrival. */
function agree(
  decision: ArrivalDecision,
  claim: ArrivalClaim,
  arrival: string,
): Result<ArrivalDecision, ArrivalProblem> {
  if (decision.code !== claim.code) {
    return problem(
      'code-does-not-match-arrival',
      `An arrival at ${arrival} is ${codeRule(decision)}, not ${claim.code}.`,
    );
  }
  const isLate = decision.code === 'L' || decision.code === 'U';
  const expected = isLate ? decision.minutesLate : null;
  if (claim.minutesLate === expected) return ok(decision);
  const after = `An arrival at ${arrival} is ${minutesText(decision.minutesLate)} after the start at ${formatWallTime(decision.start)}`;
  return problem(
    'minutes-do-not-match-arrival',
    !isLate
      ? `An arrival at ${arrival} is on time, so no minutes late are recorded with it.`
      : claim.minutesLate === null
        ? `${after}; record the minutes late with it.`
        : `${after}, not ${claim.minutesLate}.`,
  );
}

function future(arrival: string, now: number, school: SchoolConfig): ArrivalProblem {
  const clock = toSchoolWallClock(now, school.timeZone);
  return {
    reason: 'arrival-in-future',
    message: `An arrival at ${arrival} has not happened yet (it is ${formatWallTime(clock.minutes)} on ${longDate(clock.date)}). Enter the time the pupil arrived.`,
  };
}

/**
 * Checks what a mark claims about an arrival against the register window in force.
 *
 * - With an arrival time: the arrival must be on the session's day and not in the future, the
 *   code must be the one `decideArrival` gives (`/` or `\` by the start, `L` before the close,
 *   `U` from the close), and the minutes late must be its minutes (none when on time).
 * - With minutes late but no arrival time: the arrival is the start plus the minutes, and the
 *   same agreement is required (so `L` with 25 minutes on a 15-minute register is refused, and
 *   0 minutes late is on time, not `L`).
 * - With neither: nothing to check; the decision is null.
 */
export function checkArrival(
  input: CheckArrivalInput,
): Result<ArrivalDecision | null, ArrivalProblem> {
  const { school, group, session, claim, now } = input;
  if (claim.arrivedAt !== null) {
    const at = Date.parse(claim.arrivedAt);
    const decided = decideArrival(school, group, session, at);
    if (!decided.ok) {
      const arrivalDate = decided.errors[0]?.arrivalDate ?? session.date;
      return problem(
        'arrival-not-on-session-day',
        `The arrival time is on ${longDate(arrivalDate)}, not on the session's day (${longDate(session.date)}).`,
      );
    }
    const arrival = formatWallTime(toSchoolWallClock(at, school.timeZone).minutes);
    if (at > now + CLOCK_TOLERANCE_MS) return fail(future(arrival, now, school));
    return agree(decided.value, claim, arrival);
  }
  if (claim.minutesLate === null) return ok(null);
  const { start } = sessionTimesFor(school, group, session.part);
  const minutes = start + claim.minutesLate;
  // Minutes that run past midnight cannot be an arrival during the session.
  if (minutes >= 24 * 60) {
    return problem(
      'minutes-do-not-match-arrival',
      `${minutesText(claim.minutesLate)} after the start at ${formatWallTime(start)} is not on the session's day.`,
    );
  }
  const arrivedAt = schoolInstant(session.date, minutes as WallTime, school.timeZone);
  return checkArrival({ ...input, claim: { ...claim, arrivedAt: arrivedAt.toISOString() } });
}
