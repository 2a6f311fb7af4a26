/**
 * What a trip's register should say for each pupil and session, from the leader's exceptions
 * (docs/api.md, "Trips"). Pure: no React, no IndexedDB.
 *
 * The codes (docs/design.md §8.1; the seeds' "V = Educational visit or trip"):
 * - with the group: the trip's code (`V`, or `B`, `P`, `W`, `K`): an approved educational activity;
 * - did not come: `N` from that session on. The leader cannot know why, so the office chases it
 *   like any unexplained absence;
 * - went home ill: the trip's code for the session in which they left (they were with the group
 *   when its register was taken), then `I` (illness) for the trip's later sessions, with a reason
 *   naming the trip: the leader saw the illness;
 * - collected early: the trip's code for that session, then `N` for later sessions: a parent
 *   took the pupil for a reason the school has not yet established (the office records `C` if
 *   leave was agreed, or an unauthorised code);
 * - joined late: the trip's code from that session on (earlier sessions keep what they had).
 */
import type { SessionRef } from '../../domain/index';
import type { TripException, TripExceptionKind } from '../db/tripException';

export interface TripLike {
  readonly name: string;
  readonly code: string;
  readonly sessions: readonly { readonly date: string; readonly part: 'AM' | 'PM' }[];
}

/** What the register should say for a pupil in one session, and whether they are with the group. */
export interface ExpectedMark {
  readonly code: string;
  /** The reason recorded with the mark (an exception always carries one). */
  readonly reason: string | null;
  /** Whether the pupil is with the group now, for the head-count. */
  readonly withGroup: boolean;
  /** The exception behind the mark, if any. */
  readonly because: TripExceptionKind | null;
}

const PART_WORD = { AM: 'morning', PM: 'afternoon' } as const;

/** "the morning of 23 November" */
export function sessionWords(session: {
  readonly date: string;
  readonly part: 'AM' | 'PM';
}): string {
  const [, month, day] = session.date.split('-').map(Number) as [number, number, number];
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  return `the ${PART_WORD[session.part]} of ${day} ${months[month - 1] ?? ''}`;
}

/** The position of `session` in the trip, or -1 when it is not one of the trip's sessions. */
export function sessionIndexOf(
  trip: TripLike,
  session: SessionRef | TripLike['sessions'][number],
): number {
  const key = `${session.date}:${session.part}`;
  return trip.sessions.findIndex((s) => `${s.date}:${s.part}` === key);
}

/** The pupil's exceptions in the order they happened (session, then time recorded). */
function ordered(trip: TripLike, exceptions: readonly TripException[]): TripException[] {
  return [...exceptions]
    .filter((e) => sessionIndexOf(trip, e.session) >= 0)
    .sort(
      (a, b) =>
        sessionIndexOf(trip, a.session) - sessionIndexOf(trip, b.session) ||
        a.at.localeCompare(b.at),
    );
}

/** What the register should say for one pupil in the trip's session number `index`. */
export function expectedMark(
  trip: TripLike,
  exceptions: readonly TripException[],
  index: number,
): ExpectedMark {
  let mark: ExpectedMark = { code: trip.code, reason: null, withGroup: true, because: null };
  for (const exception of ordered(trip, exceptions)) {
    const at = sessionIndexOf(trip, exception.session);
    if (at > index) break;
    const when = sessionWords(exception.session);
    const same = at === index;
    switch (exception.kind) {
      case 'did_not_come':
        mark = {
          code: 'N',
          reason: `Did not come on the trip “${trip.name}” (${when}); reason not yet known.`,
          withGroup: false,
          because: 'did_not_come',
        };
        break;
      case 'joined_late':
        mark = {
          code: trip.code,
          // The reason goes with the session they joined in, which replaces an earlier `N`.
          reason: same ? `Joined the trip “${trip.name}” late (${when}).` : null,
          withGroup: true,
          because: 'joined_late',
        };
        break;
      case 'went_home_ill':
        mark = same
          ? { code: trip.code, reason: null, withGroup: false, because: 'went_home_ill' }
          : {
              code: 'I',
              reason: `Went home ill from the trip “${trip.name}” (${when}).`,
              withGroup: false,
              because: 'went_home_ill',
            };
        break;
      case 'collected_early':
        mark = same
          ? { code: trip.code, reason: null, withGroup: false, because: 'collected_early' }
          : {
              code: 'N',
              reason: `Collected early from the trip “${trip.name}” (${when}); the office to establish why.`,
              withGroup: false,
              because: 'collected_early',
            };
        break;
    }
  }
  return mark;
}

/** The exceptions a leader can record for a pupil in a session, given where they are now. */
export function exceptionChoices(mark: ExpectedMark): readonly TripExceptionKind[] {
  return mark.withGroup ? ['did_not_come', 'went_home_ill', 'collected_early'] : ['joined_late'];
}

export const EXCEPTION_LABELS: Readonly<Record<TripExceptionKind, string>> = {
  did_not_come: 'Did not come',
  went_home_ill: 'Went home ill',
  collected_early: 'Collected early',
  joined_late: 'Joined late',
};

/** The trip session going on at `now` (the latest that has started), else the first. */
export function currentSessionIndex(
  trip: TripLike,
  startsAt: (session: TripLike['sessions'][number]) => number,
  now: number,
): number {
  let found = 0;
  trip.sessions.forEach((session, i) => {
    if (startsAt(session) <= now) found = i;
  });
  return found;
}
