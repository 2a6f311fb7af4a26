/**
 * An entry is folded from its events; it is never stored and overwritten (docs/design.md §2). The
 * fold runs in server order (`serverSeq`) whatever order the events arrive in, so the server, every
 * tablet and a re-pull after a reset all reach the same entry and the same history.
 *
 * The history is the legal trail of docs/design.md §8.4: the original entry, and for every
 * amendment the entry before and after, the reason, the date (server time) and the name and
 * position of the person who made it. Events that did not change the entry (superseded,
 * conflicting, duplicate values) stay in `outcomes`, so the audit log shows everything anyone tried
 * to record.
 */
import type { Role, SessionRef } from '../config/schoolConfig';
import type { EntryHead, EventOutcome } from './decideEvent';
import { decideEvent, sameEntryValue } from './decideEvent';
import type { EntryKey, MarkActor, ServerMarkEvent } from './markEvent';
import { entryKey } from './markEvent';
import type { RoleRanks } from './precedence';
import { resolvesConflicts, ROLE_RANK } from './precedence';

/** The value of an entry: what the register says for the session. */
export interface EntryValue {
  readonly code: string;
  readonly minutesLate: number | null;
}

/** The register's original entry for a session: the first event that applied. */
export interface EntryVersion extends EntryValue {
  readonly arrivedAt: string | null;
  readonly eventId: string;
  readonly by: MarkActor;
  /** Server time the entry was received: the date of the entry. */
  readonly enteredAt: string;
  readonly deviceId: string | null;
  /** Device time, kept as evidence only. */
  readonly recordedAt: string;
}

/** One amendment to an entry, with the five fields docs/design.md §8.4 requires. */
export interface Amendment {
  readonly from: EntryValue;
  readonly to: EntryValue;
  readonly reason: string | null;
  /** Server time the amendment was received: the legal date of the amendment. */
  readonly amendedAt: string;
  readonly by: MarkActor;
  readonly eventId: string;
  readonly deviceId: string | null;
  /** Device time, kept as evidence only. */
  readonly recordedAt: string;
}

/**
 * A mark taken back moments after it was made (an undo): the entry had no mark again afterwards.
 * Both the mark and its withdrawal stay in the history.
 */
export interface Withdrawal {
  /** The mark taken back. */
  readonly withdrawn: EntryValue;
  readonly withdrawnEventId: string;
  /** When the withdrawn mark was received (server time). */
  readonly markedAt: string;
  readonly eventId: string;
  readonly by: MarkActor;
  /** Server time the withdrawal was received: its date in the history. */
  readonly withdrawnAt: string;
  readonly deviceId: string | null;
  /** Device time, kept as evidence only. */
  readonly recordedAt: string;
  /** How long after the mark it was taken back, by the device's clock (both made there). */
  readonly afterMs: number;
}

export interface EventOutcomeRecord {
  readonly eventId: string;
  readonly outcome: EventOutcome;
}

/** One pupil's entry for one session, with everything that happened to it. */
export interface RegisterEntry extends EntryValue {
  readonly pupilId: string;
  readonly session: SessionRef;
  readonly arrivedAt: string | null;
  readonly headEventId: string;
  readonly headRole: Role;
  readonly original: EntryVersion;
  /** Every change of value after the original entry, oldest first. */
  readonly amendments: readonly Amendment[];
  /** Marks taken back before this one was made, oldest first (the original is the mark after). */
  readonly withdrawals: readonly Withdrawal[];
  /** One outcome per event, in server order. */
  readonly outcomes: readonly EventOutcomeRecord[];
  /**
   * A conflict or a flagged override happened and no one who outranks a teacher has amended the
   * entry since (an amendment with the current head as its base settles it, docs/design.md §7.5).
   */
  readonly needsReview: boolean;
}

/** The head of a folded entry, to decide or validate the next event against it. */
export function entryHeadOf(entry: RegisterEntry): EntryHead {
  return {
    headEventId: entry.headEventId,
    code: entry.code,
    minutesLate: entry.minutesLate,
    headRole: entry.headRole,
  };
}

/** The running state of an entry while its events are folded: its head and the review flag. */
export interface EntryState extends EntryHead {
  readonly arrivedAt: string | null;
  readonly needsReview: boolean;
}

/**
 * Applies one event, in server order, to an entry's state. This is the single step both the full
 * fold and a device applying pulled events one at a time use, so they cannot disagree: the
 * outcome comes from {@link decideEvent}; a conflict or a flagged override sets `needsReview`,
 * and an edit of the current head by someone who outranks a teacher settles it.
 */
export function stepEntry(
  state: EntryState | null,
  event: Pick<
    ServerMarkEvent,
    'eventId' | 'code' | 'minutesLate' | 'arrivedAt' | 'baseEventId' | 'actor' | 'kind'
  >,
  ranks: RoleRanks = ROLE_RANK,
): { state: EntryState | null; outcome: EventOutcome } {
  const outcome = decideEvent(state, event, ranks);
  if (outcome.status !== 'applied') {
    const needsReview = (state?.needsReview ?? false) || outcome.status === 'conflict';
    return { state: state === null ? null : { ...state, needsReview }, outcome };
  }
  // A withdrawal takes the entry back to no mark.
  if (outcome.rule === 'withdrawal') return { state: null, outcome };
  let needsReview = state?.needsReview ?? false;
  if (outcome.flagged) needsReview = true;
  else if (outcome.rule === 'edit_of_head' && resolvesConflicts(event.actor.role, ranks)) {
    needsReview = false;
  }
  return {
    state: {
      headEventId: event.eventId,
      code: event.code,
      minutesLate: event.minutesLate,
      headRole: event.actor.role,
      arrivedAt: event.arrivedAt,
      needsReview,
    },
    outcome,
  };
}

/**
 * Sorts events into server order and drops repeated deliveries of the same event (a pull page
 * fetched twice). Two different events claiming one `serverSeq`, or one event with two, is a bug
 * in the log, not an expected failure, so it throws.
 */
function inServerOrder(events: readonly ServerMarkEvent[]): ServerMarkEvent[] {
  const byId = new Map<string, ServerMarkEvent>();
  const bySeq = new Map<number, string>();
  for (const event of events) {
    const seen = byId.get(event.eventId);
    if (seen !== undefined) {
      if (seen.serverSeq !== event.serverSeq) {
        throw new RangeError(
          `Event ${event.eventId} appears at serverSeq ${seen.serverSeq} and ${event.serverSeq}`,
        );
      }
      continue;
    }
    const other = bySeq.get(event.serverSeq);
    if (other !== undefined) {
      throw new RangeError(
        `Events ${other} and ${event.eventId} share serverSeq ${event.serverSeq}`,
      );
    }
    byId.set(event.eventId, event);
    bySeq.set(event.serverSeq, event.eventId);
  }
  return [...byId.values()].sort((a, b) => a.serverSeq - b.serverSeq);
}

/** One entry's events folded: the entry (null when it has no mark now) and its whole trail. */
export interface EntryTrail {
  readonly pupilId: string;
  readonly session: SessionRef;
  /** The entry now; null when its last mark was withdrawn. */
  readonly entry: RegisterEntry | null;
  readonly withdrawals: readonly Withdrawal[];
  readonly amendments: readonly Amendment[];
  /** One outcome per event, in server order. */
  readonly outcomes: readonly EventOutcomeRecord[];
}

/**
 * Folds one entry's events, in server order, into its current value and its history, also when
 * the entry has no mark now (its mark was withdrawn). Input order does not matter and the same
 * events always give the same trail. Returns null when there are no events. Throws when the
 * events belong to more than one pupil or session.
 *
 * Pass only events that were recorded: an event rejected by validation never reached the log's
 * conflict rules, so it must not take part in the fold.
 */
export function foldEntryTrail(
  events: readonly ServerMarkEvent[],
  ranks: RoleRanks = ROLE_RANK,
): EntryTrail | null {
  const ordered = inServerOrder(events);
  const first = ordered[0];
  if (first === undefined) return null;
  const key = entryKey(first.pupilId, first.session);
  for (const event of ordered) {
    if (entryKey(event.pupilId, event.session) !== key) {
      throw new RangeError(
        `foldEntry got events for ${key} and ${entryKey(event.pupilId, event.session)}`,
      );
    }
  }

  let state: EntryState | null = null;
  let original: EntryVersion | null = null;
  const amendments: Amendment[] = [];
  const withdrawals: Withdrawal[] = [];
  const outcomes: EventOutcomeRecord[] = [];

  for (const event of ordered) {
    const before: EntryState | null = state;
    const step = stepEntry(before, event, ranks);
    outcomes.push({ eventId: event.eventId, outcome: step.outcome });
    state = step.state;
    if (step.outcome.status !== 'applied') continue;
    if (step.outcome.rule === 'withdrawal' && before !== null && original !== null) {
      withdrawals.push({
        withdrawn: { code: before.code, minutesLate: before.minutesLate },
        withdrawnEventId: before.headEventId,
        markedAt: original.enteredAt,
        eventId: event.eventId,
        by: event.actor,
        withdrawnAt: event.receivedAt,
        deviceId: event.deviceId,
        recordedAt: event.recordedAt,
        afterMs: Date.parse(event.recordedAt) - Date.parse(original.recordedAt),
      });
      // The next mark, if any, is the register's original entry.
      original = null;
      continue;
    }
    const to: EntryValue = { code: event.code, minutesLate: event.minutesLate };
    if (before === null) {
      original = {
        ...to,
        arrivedAt: event.arrivedAt,
        eventId: event.eventId,
        by: event.actor,
        enteredAt: event.receivedAt,
        deviceId: event.deviceId,
        recordedAt: event.recordedAt,
      };
    } else if (!sameEntryValue(before, to)) {
      // A re-confirmation of the same value moves the head but is not an amendment of the entry.
      amendments.push({
        from: { code: before.code, minutesLate: before.minutesLate },
        to,
        reason: event.reason,
        amendedAt: event.receivedAt,
        by: event.actor,
        eventId: event.eventId,
        deviceId: event.deviceId,
        recordedAt: event.recordedAt,
      });
    }
  }

  const session = { date: first.session.date, part: first.session.part };
  const trail = { pupilId: first.pupilId, session, withdrawals, amendments, outcomes };
  if (state === null) return { ...trail, entry: null };
  // An entry with a head has an original: the head or a mark before it, since the last withdrawal.
  if (original === null) throw new Error('foldEntry: an entry with a head has no original');
  return {
    ...trail,
    entry: {
      pupilId: first.pupilId,
      session,
      code: state.code,
      minutesLate: state.minutesLate,
      arrivedAt: state.arrivedAt,
      headEventId: state.headEventId,
      headRole: state.headRole,
      original,
      amendments,
      withdrawals,
      outcomes,
      needsReview: state.needsReview,
    },
  };
}

/**
 * Folds one entry's events into its current value and its history ({@link foldEntryTrail}).
 * Returns null when there are no events, or when the entry has no mark now (its mark was
 * withdrawn).
 */
export function foldEntry(
  events: readonly ServerMarkEvent[],
  ranks: RoleRanks = ROLE_RANK,
): RegisterEntry | null {
  return foldEntryTrail(events, ranks)?.entry ?? null;
}

/**
 * Groups events by entry (pupil and session) and folds each group into its trail
 * ({@link foldEntryTrail}), entries with no mark now included. Keys are {@link entryKey}s, in
 * sorted order whatever order the events came in.
 */
export function foldEntryTrails(
  events: readonly ServerMarkEvent[],
  ranks: RoleRanks = ROLE_RANK,
): Map<EntryKey, EntryTrail> {
  const groups = new Map<EntryKey, ServerMarkEvent[]>();
  for (const event of events) {
    const key = entryKey(event.pupilId, event.session);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [event]);
    else group.push(event);
  }
  const trails = new Map<EntryKey, EntryTrail>();
  for (const key of [...groups.keys()].sort()) {
    const trail = foldEntryTrail(groups.get(key) ?? [], ranks);
    if (trail !== null) trails.set(key, trail);
  }
  return trails;
}

/**
 * Groups events by entry (pupil and session) and folds each group. The map's keys are
 * {@link entryKey}s; an entry appears only when it has a mark now.
 */
export function foldEntries(
  events: readonly ServerMarkEvent[],
  ranks: RoleRanks = ROLE_RANK,
): Map<EntryKey, RegisterEntry> {
  const entries = new Map<EntryKey, RegisterEntry>();
  for (const [key, trail] of foldEntryTrails(events, ranks)) {
    if (trail.entry !== null) entries.set(key, trail.entry);
  }
  return entries;
}
