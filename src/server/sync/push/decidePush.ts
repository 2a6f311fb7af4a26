/**
 * The push's decide step. The new events must follow the device's last number without a gap;
 * each is then decided in order against its entry as it stands under the school's log lock (and
 * as the batch's earlier events leave it), with the domain core (checkPushedEvent.ts). A batch in
 * which any new event is refused is refused whole (422 `events_rejected`), before anything is
 * written, so no number is used up (docs/design.md §7.3).
 */
import {
  entryHeadOf,
  foldEntry,
  isWithdrawal,
  withdrawalProblem,
  type EntryHead,
  type EntryKey,
  localDate,
  type LocalDate,
  type MarkActor,
  type SchoolConfig,
} from '../../../domain/index';
import type { PushAck, PushEvent } from '../../../shared/api/syncSchemas';
import type { Queryable } from '../../db/database';
import { ApiError } from '../../http/apiError';
import { EventBatch } from '../../register/eventBatch';
import { entryKeyOf, entryKeyOfRow, loadEventsByIdAndEntry } from '../../register/eventReads';
import { lockSchoolLog } from '../../register/syncHead';
import type { AckEntry } from '../../register/batchEvents';
import type { MarkEventRow } from '../../register/eventRows';
import { ackOfStored, entriesOfStored } from './acknowledgePush';
import {
  CheckClock,
  checkPushedEvent,
  type PupilPlacement,
  type TripForCheck,
} from './checkPushedEvent';
import type { InvalidEvent } from './parsePush';
import type { PushContext } from './pushContext';

/**
 * The batch's new events (numbered after `last`), once their numbers are checked: sorted and
 * without repeats they must be last + 1, last + 2… with no gap, and none may be one whose own
 * fields did not fit (parsePush.ts), which can never be stored and is refused like a rule's
 * refusal.
 */
export function freshEvents(
  events: readonly PushEvent[],
  numbered: readonly { readonly clientSeq: number }[],
  invalid: readonly InvalidEvent[],
  last: number,
): PushEvent[] {
  const freshNumbers = numbered.filter((e) => e.clientSeq > last);
  freshNumbers.forEach((event, i) => {
    if (event.clientSeq > last + 1 + i) {
      throw new ApiError('sequence_gap', {
        message: `Events must arrive in order: expected clientSeq ${last + 1 + i}, got ${event.clientSeq}.`,
        details: { expected: last + 1 + i },
      });
    }
  });
  const unfit = invalid.filter((e) => e.clientSeq > last);
  if (unfit.length > 0) throw refusal(unfit, freshNumbers.length, last + 1);
  return events.filter((e) => e.clientSeq > last);
}

export interface NewEventsInput {
  readonly ctx: PushContext;
  /** The rules in force on a session's day: each mark is judged by its own day's rules. */
  readonly schoolOn: (day: LocalDate) => SchoolConfig;
  readonly actors: ReadonlyMap<string, MarkActor>;
  readonly pupils: ReadonlyMap<string, PupilPlacement>;
  readonly trips: ReadonlyMap<string, TripForCheck>;
  /** The new events, numbered without a gap from `expected`. */
  readonly events: readonly PushEvent[];
  readonly clockOffsetMs: number | null;
  /** The device's next number before this batch. */
  readonly expected: number;
}

/**
 * The school's log as a group of pushes decides on it, read once under the log lock: one batch
 * for every push of the group, so their events are numbered in turn and written together.
 */
export interface SchoolLog {
  readonly batch: EventBatch;
  /** The events of the group already stored, by event id. */
  readonly stored: ReadonlyMap<string, MarkEventRow>;
  /** The entries of those stored events as they stand, by entry key. */
  readonly storedEntries: ReadonlyMap<EntryKey, AckEntry>;
  /** Events taken by the group's pushes so far, by event id, for a repeat under a new number. */
  readonly taken: Map<string, { ack: PushAck; key: EntryKey }>;
}

/**
 * Takes the school's log lock, then reads what the group's new events are decided against: the
 * head, and in one statement the events already stored under their ids and the entries' recorded
 * events. Holding the lock to commit, the group sees every event there is, and its numbers are
 * the next in commit order (register/syncHead.ts). The read is a statement of its own after the
 * lock's: a statement sees what had committed when it began, so one that waited for the lock
 * inside itself would miss the push it waited for.
 */
export async function openSchoolLog(
  tx: Queryable,
  schoolId: string,
  events: readonly PushEvent[],
): Promise<SchoolLog> {
  const head = await lockSchoolLog(tx, schoolId);
  const { byId: stored, recorded } = await loadEventsByIdAndEntry(
    tx,
    schoolId,
    events.map((e) => e.eventId),
    events,
  );
  const batch = new EventBatch(schoolId, head, recorded);
  const storedEntries = await entriesOfStored(tx, schoolId, stored.values());
  return { batch, stored, storedEntries, taken: new Map() };
}

/**
 * Decides one push's new events in order against the entries as they stand under the school's
 * log lock (and as the group's earlier events leave them), adding them to the group's batch. An
 * event id the server already has — stored before, or taken earlier in the group — is
 * acknowledged as it was stored. When the rules refuse any event, the push's events are taken
 * back out of the batch and the push is refused whole (422); the group's other pushes go on.
 * Nothing is written here (writePush.ts).
 */
export function decideNew(log: SchoolLog, input: NewEventsInput): PushAck[] {
  const { batch } = log;
  const savepoint = batch.savepoint();
  /** Events taken by this push, by event id; the group's once the push is decided. */
  const taken = new Map<string, { ack: PushAck; key: EntryKey }>();
  const acks: PushAck[] = [];
  const refused: RefusedEvent[] = [];
  const clock = new CheckClock(input.ctx.now);

  for (const event of input.events) {
    const id = event.eventId.toLowerCase();
    const before = log.stored.get(id);
    // The same event queued again under a new number: acknowledge it as it was stored.
    if (before !== undefined) {
      const key = entryKeyOfRow(before);
      acks.push(
        ackOfStored(
          before,
          event.clientSeq,
          entryNow(batch.entryOf(key), log.storedEntries.get(key)),
        ),
      );
      continue;
    }
    const earlier = taken.get(id) ?? log.taken.get(id);
    if (earlier !== undefined) {
      const entry = batch.entryOf(earlier.key) ?? null;
      acks.push({ ...earlier.ack, eventId: id, clientSeq: event.clientSeq, entry });
      continue;
    }
    const outcome = decide(batch, input, event, clock);
    if ('refused' in outcome) {
      refused.push(outcome.refused);
      continue;
    }
    taken.set(id, { ack: outcome.ack, key: entryKeyOf(event) });
    acks.push(outcome.ack);
  }
  if (refused.length > 0) {
    // Nothing of this push is written: the device renumbers and resends the rest.
    batch.rollbackTo(savepoint);
    throw refusal(refused, input.events.length, input.expected);
  }
  for (const [id, took] of taken) log.taken.set(id, took);
  return acks;
}

/** The entry now: as the batch left it (null: no mark), else as stored, else none. */
function entryNow(
  inBatch: AckEntry | null | undefined,
  stored: AckEntry | undefined,
): AckEntry | null {
  return inBatch !== undefined ? inBatch : (stored ?? null);
}

/** A new event the rules refused: what the device needs to show the teacher. */
export interface RefusedEvent {
  readonly eventId: string;
  readonly clientSeq: number;
  readonly message: string;
}

function refusal(refused: readonly RefusedEvent[], batchSize: number, expected: number): ApiError {
  const first = refused[0];
  const summary =
    refused.length === 1 && first !== undefined
      ? `A mark was refused: ${first.message}`
      : `${refused.length} of ${batchSize} marks were refused; see details for each.`;
  return new ApiError('events_rejected', {
    message: `${summary} Nothing from this batch was saved; send the other marks again.`,
    details: { expected, rejected: refused },
  });
}

/**
 * Checks one new event against its entry's recorded events (the batch's earlier ones included)
 * and, when it passes, adds it to the batch.
 */
function decide(
  batch: EventBatch,
  input: NewEventsInput,
  event: PushEvent,
  clock: CheckClock,
): { ack: PushAck } | { refused: RefusedEvent } {
  const { ctx } = input;
  const actor = input.actors.get(event.actorStaffId);
  const recorded = batch.recordedOf(event);
  const seen = recorded.find((e) => e.eventId === event.baseEventId);
  const seenHead: EntryHead | null = seen
    ? {
        headEventId: seen.eventId,
        code: seen.code,
        minutesLate: seen.minutesLate,
        headRole: seen.actor.role,
      }
    : null;
  // Office, attendance lead and admin must give a reason for every change to the register, also
  // when their device did not name the entry's head (an offline or blind change still amends it):
  // judge the reason against the entry as it stands. A teacher's blind mark keeps the old rule, so
  // a register taken offline is never refused because the office changed an entry meanwhile.
  const current =
    seenHead === null && actor !== undefined && actor.role !== 'teacher'
      ? foldEntry(recorded)
      : null;
  const check = checkPushedEvent({
    event,
    school: input.schoolOn(localDate(event.session.date)),
    actor,
    pupil: input.pupils.get(event.pupilId),
    trip: event.tripId === undefined ? undefined : (input.trips.get(event.tripId) ?? null),
    seenHead: seenHead ?? (current === null ? null : entryHeadOf(current)),
    now: ctx.now,
    clockOffsetMs: input.clockOffsetMs,
    clock,
  });
  if (!check.ok) {
    return {
      refused: { eventId: event.eventId, clientSeq: event.clientSeq, message: check.message },
    };
  }
  // An undo back to no mark: only its author, on this device, while nobody has changed the mark
  // since, within the undo window (domain withdrawal.ts).
  const withdrawal = isWithdrawal(check.event)
    ? withdrawalProblem({
        withdrawal: { ...check.event, deviceId: ctx.deviceId },
        recorded,
      })
    : null;
  if (withdrawal !== null) {
    return { refused: { eventId: event.eventId, clientSeq: event.clientSeq, message: withdrawal } };
  }
  const stored = batch.add({
    event: { ...check.event, deviceId: ctx.deviceId },
    clientSeq: event.clientSeq,
    clockOffsetMs: input.clockOffsetMs,
    receivedAt: ctx.now,
    tripId: event.tripId ?? null,
    fromWithdrawnDevice: ctx.deviceWithdrawn === true,
  });
  const { entry, headSeq } = stored;
  return {
    ack: {
      eventId: event.eventId,
      clientSeq: event.clientSeq,
      serverSeq: stored.serverSeq,
      status: stored.status,
      reason: stored.detail,
      entry:
        entry === null || headSeq === null
          ? null
          : {
              code: entry.code,
              minutesLate: entry.minutesLate,
              headEventId: entry.headEventId,
              headSeq,
              headRole: entry.headRole,
              needsReview: stored.needsReview,
            },
    },
  };
}
