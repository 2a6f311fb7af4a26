/**
 * A mark event is one immutable change to one register entry (docs/design.md §2). The statutory
 * register has one entry per pupil per session, but the entry is never stored and overwritten:
 * its current value and its amendment history are both folded from the events (foldEntry.ts), so
 * nothing is lost when two tablets disagree and the legal trail of amendments is complete.
 *
 * Events are plain data: they cross IndexedDB, the wire and Postgres unchanged, so they hold only
 * strings, numbers, null and plain objects (no Date, no class instances). The wire schema lives
 * in src/shared and is checked against these types there.
 */
import type { Role, SessionKey, SessionRef } from '../config/schoolConfig';
import { sessionKey } from '../config/schoolConfig';

/** Who made a change: the name and position the amendment trail must show (docs/design.md §8.4). */
export interface MarkActor {
  readonly staffId: string;
  readonly name: string;
  readonly role: Role;
}

/**
 * What an event does: `mark` records a code (a first mark or an amendment); `withdrawn` takes
 * back the mark that is the entry's head, moments after it was made, so the entry has no mark
 * again (an undo; withdrawal.ts says when one is allowed). A withdrawal is itself an event: the
 * mark it takes back and the withdrawal both stay in the history.
 */
export type MarkEventKind = 'mark' | 'withdrawn';

/** One change to one pupil's entry for one session, as written on the device. */
export interface MarkEvent {
  /** Absent on a mark (events stored before withdrawals existed have none). */
  readonly kind?: MarkEventKind;
  /** A UUID made on the device, so a resend of the same event is recognised as the same event. */
  readonly eventId: string;
  readonly pupilId: string;
  readonly session: SessionRef;
  /** The code recorded; on a withdrawal, the code of the mark it takes back. */
  readonly code: string;
  /** Minutes after the register began; only for `L` and `U`. */
  readonly minutesLate: number | null;
  /** ISO instant the arrival was observed on the device: evidence for `L` and `U`. */
  readonly arrivedAt: string | null;
  /** Why the entry was changed; required for amendments (validateMark.ts). */
  readonly reason: string | null;
  /**
   * The head event the author saw when making this change, or null when they saw no mark. This,
   * not any clock, is what tells an edit of the current entry from a concurrent one.
   */
  readonly baseEventId: string | null;
  readonly actor: MarkActor;
  /** Null for events that did not come from an enrolled device (history import). */
  readonly deviceId: string | null;
  /** ISO instant on the device's clock: evidence only, never used for ordering (it may be wrong). */
  readonly recordedAt: string;
}

/** A mark event as the server stored it: its place in the one server order, and when it arrived. */
export interface ServerMarkEvent extends MarkEvent {
  /** Position in the school's event log; the only order used to fold an entry. */
  readonly serverSeq: number;
  /** ISO instant on the server's clock: the legal date of an amendment. */
  readonly receivedAt: string;
}

/** The session key of the entry an event changes. */
export function eventSessionKey(event: MarkEvent): SessionKey {
  return sessionKey(event.session);
}

/**
 * The key of one register entry (one pupil, one session): `<pupilId>|<sessionKey>`. Pupil ids are
 * opaque UUIDs, so the separator cannot occur inside one.
 */
export type EntryKey = `${string}|${SessionKey}`;

/** The key of the register entry for `pupilId` in `session`. */
export function entryKey(pupilId: string, session: SessionRef): EntryKey {
  return `${pupilId}|${sessionKey(session)}`;
}

/** Whether `event` takes back a mark rather than recording one. */
export function isWithdrawal(event: { readonly kind?: MarkEventKind | undefined }): boolean {
  return event.kind === 'withdrawn';
}
