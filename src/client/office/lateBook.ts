/**
 * The late book's rules, pure: which session a pupil arriving now is signed in for, what the
 * arrival means (`L` before the register closes, `U` from the close: the domain's
 * `decideArrival`), and the reason recorded with the amendment, naming who signed them in.
 */
import {
  currentSession,
  type GroupRef,
  type SchoolConfig,
  type SessionRef,
} from '../../domain/index';
import { readArrival, type ArrivalReading } from '../marks/markChoices';

/** The session the pupil is arriving for: the one the register would show for their group now. */
export function lateBookSession(
  school: SchoolConfig,
  group: GroupRef | null,
  now: number,
): SessionRef | null {
  return currentSession(school, group, now);
}

/**
 * What arriving at `time` (HH:MM) means for the pupil's group in `session`; a time later than
 * `now` (beyond the clock tolerance) is refused.
 */
export function lateBookDecision(
  school: SchoolConfig,
  group: GroupRef | null,
  session: SessionRef,
  time: string,
  now: number,
): ArrivalReading {
  return readArrival(school, group, session, time, now);
}

/** "Signed in at the office at 09:14 by Mrs Office. Parent: car broke down" */
export function lateBookReason(input: {
  readonly time: string;
  readonly signedInBy: string;
  readonly note: string;
}): string {
  const note = input.note.trim();
  const base = `Signed in at the office at ${input.time} by ${input.signedInBy}.`;
  return note === '' ? base : `${base} ${note}`;
}
