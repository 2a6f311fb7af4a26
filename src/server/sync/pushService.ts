/**
 * `POST /api/sync/push`: one ordered batch from one device, applied in one transaction
 * (docs/design.md §7.3). Exactly-once is at-least-once delivery plus an idempotent apply:
 *
 * - the device row is locked (`FOR UPDATE`), so two tabs or a retry storm from one device queue up;
 * - `clientSeq ≤ last` is a resend: the stored acknowledgement is returned, nothing is written;
 * - `clientSeq > last + 1` is a gap (lost local data or a client bug): 409, nothing committed;
 * - every new event takes the next number from the school's counter row, whose lock is held to
 *   commit, so commit order equals `serverSeq` order and a pull cursor never skips an event
 *   (docs/design.md §7.4); the lock is taken before the first new event is looked at, so each event
 *   is decided against the entry as the pushes before it committed it, never against an older view;
 * - a batch in which any new event breaks a rule is refused whole with 422 `events_rejected`,
 *   naming each refused event and why; nothing is stored and no number is used up, so the device
 *   marks those events refused (the teacher sees why) and sends the rest again under fresh
 *   numbers. The queue never wedges, and a mark the server refused leaves no trace in the
 *   statutory record. An event whose own fields do not fit the schema (a date out of range) is
 *   refused the same way (pushBody.ts), never with a 400 for the whole batch.
 *
 * The entry's new value comes from folding all its recorded events with the domain core, so the
 * server's projection is by construction the same as what any tablet folds from the same events.
 *
 * The batch is read in bulk, decided in memory and written in bulk (eventBatch.ts), so a push
 * costs the same dozen statements whether it carries one event or five hundred.
 */
import {
  entryHeadOf,
  foldEntry,
  type EntryHead,
  type EntryKey,
  type MarkActor,
  type SchoolConfig,
} from '../../domain/index';
import type { PushAck, PushEvent, PushRequest, PushResponse } from '../../shared/api/syncSchemas';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { loadTripsForChecks } from './tripsForChecks';
import { EventBatch } from '../register/eventBatch';
import { checkPushedEvent, type PupilPlacement, type TripForCheck } from './eventChecks';
import type { InvalidEvent } from './pushBody';
import {
  entryKeyOf,
  entryKeyOfRow,
  loadEventsById,
  loadRecordedEvents,
} from '../register/eventReads';
import { loadDeviceActors, loadPupils } from './pushLoads';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import { ackOfStored, entriesOfStored, resentAcks } from './storedAcks';
import { lockSchoolLog, readHeadSeq } from '../register/syncHead';

export interface PushContext {
  readonly schoolId: string;
  readonly deviceId: string;
  readonly now: Date;
  /**
   * The device was revoked by an administrator: its queued marks are still stored and decided by
   * the normal rules, but each is flagged for the office's review (eventBatch.ts).
   */
  readonly deviceWithdrawn?: boolean;
}

/**
 * Applies one batch. `invalid` are the batch's events whose fields did not fit the schema
 * (pushBody.ts): a resent one is answered with its stored acknowledgement like any resend, and a
 * new one refuses the batch as a mark the rules refuse does.
 */
export async function applyPush(
  db: Database,
  ctx: PushContext,
  request: PushRequest,
  invalid: readonly InvalidEvent[] = [],
): Promise<PushResponse> {
  const bySeq = (a: { clientSeq: number }, b: { clientSeq: number }) => a.clientSeq - b.clientSeq;
  const events = [...request.events].sort(bySeq);
  const numbered = [...events, ...invalid].sort(bySeq);
  for (let i = 1; i < numbered.length; i += 1) {
    if (numbered[i]?.clientSeq === numbered[i - 1]?.clientSeq) {
      throw new ApiError('invalid_request', {
        message: `The batch has two events with clientSeq ${numbered[i]?.clientSeq}; each event needs its own.`,
      });
    }
  }
  return db.transaction(async (tx) => {
    const device = await lockDevice(tx, ctx);
    const school = schoolConfigOf(await loadSchoolRow(tx, ctx.schoolId));
    const actors = await loadDeviceActors(tx, ctx);
    const pupils = await loadPupils(tx, ctx.schoolId, events);
    const trips = await loadTripsForChecks(tx, ctx.schoolId, events);
    const last = device.lastClientSeq;
    const fresh = events.filter((e) => e.clientSeq > last);

    const acks = await resentAcks(
      tx,
      ctx,
      numbered.filter((e) => e.clientSeq <= last),
    );
    // Sorted and without repeats, the new events must be last + 1, last + 2… with no gap.
    const freshNumbers = numbered.filter((e) => e.clientSeq > last);
    freshNumbers.forEach((event, i) => {
      if (event.clientSeq > last + 1 + i) {
        throw new ApiError('sequence_gap', {
          message: `Events must arrive in order: expected clientSeq ${last + 1 + i}, got ${event.clientSeq}.`,
          details: { expected: last + 1 + i },
        });
      }
    });
    // A new event whose own fields did not fit can never be stored: refused like a rule's refusal.
    const unfit = invalid.filter((e) => e.clientSeq > last);
    if (unfit.length > 0) throw refusal(unfit, freshNumbers.length, last + 1);
    const applied =
      fresh.length === 0
        ? null
        : await applyNew(tx, {
            ctx,
            school,
            actors,
            pupils,
            trips,
            events: fresh,
            clockOffsetMs: request.clockOffsetMs,
            expected: last + 1,
          });
    const lastClientSeq = last + fresh.length;
    await tx.query(
      `UPDATE device SET last_client_seq = $2, last_seen_at = $3 WHERE device_id = $1`,
      [ctx.deviceId, lastClientSeq, ctx.now],
    );
    return {
      acks: [...acks, ...(applied?.acks ?? [])],
      lastClientSeq,
      headSeq: applied?.headSeq ?? (await readHeadSeq(tx, ctx.schoolId)),
      serverTime: ctx.now.toISOString(),
    };
  });
}

async function lockDevice(tx: Queryable, ctx: PushContext): Promise<{ lastClientSeq: number }> {
  const { rows } = await tx.query<{ last_client_seq: number; school_id: string }>(
    `SELECT last_client_seq, school_id FROM device WHERE device_id = $1 FOR UPDATE`,
    [ctx.deviceId],
  );
  const row = rows[0];
  if (row === undefined || row.school_id !== ctx.schoolId) {
    throw new ApiError('device_mismatch');
  }
  return { lastClientSeq: row.last_client_seq };
}

interface NewEventsInput {
  readonly ctx: PushContext;
  readonly school: SchoolConfig;
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
 * Decides the new events in order against the entries as they stand under the school's log lock
 * (and as the batch's earlier events leave them), then writes them all. An event id the server
 * already has — stored before, or earlier in this batch — is acknowledged as it was stored.
 */
async function applyNew(
  tx: Queryable,
  input: NewEventsInput,
): Promise<{ acks: PushAck[]; headSeq: number }> {
  const { ctx, events } = input;
  const head = await lockSchoolLog(tx, ctx.schoolId);
  const stored = await loadEventsById(
    tx,
    ctx.schoolId,
    events.map((e) => e.eventId),
  );
  const batch = new EventBatch(
    ctx.schoolId,
    head,
    await loadRecordedEvents(tx, ctx.schoolId, events),
  );
  const storedEntries = await entriesOfStored(tx, ctx.schoolId, stored.values());
  /** Events taken earlier in this batch, by event id, for a repeat of one under a new number. */
  const taken = new Map<string, { ack: PushAck; key: EntryKey }>();
  const acks: PushAck[] = [];
  const refused: RefusedEvent[] = [];

  for (const event of events) {
    const id = event.eventId.toLowerCase();
    const before = stored.get(id);
    // The same event queued again under a new number: acknowledge it as it was stored.
    if (before !== undefined) {
      const key = entryKeyOfRow(before);
      acks.push(
        ackOfStored(before, event.clientSeq, batch.entryOf(key) ?? storedEntries.get(key) ?? null),
      );
      continue;
    }
    const earlier = taken.get(id);
    if (earlier !== undefined) {
      const entry = batch.entryOf(earlier.key) ?? null;
      acks.push({ ...earlier.ack, eventId: id, clientSeq: event.clientSeq, entry });
      continue;
    }
    const outcome = decide(batch, input, event);
    if ('refused' in outcome) {
      refused.push(outcome.refused);
      continue;
    }
    taken.set(id, { ack: outcome.ack, key: entryKeyOf(event) });
    acks.push(outcome.ack);
  }
  // Nothing is written yet: the device renumbers and resends the rest.
  if (refused.length > 0) throw refusal(refused, events.length, input.expected);
  await batch.write(tx);
  return { acks, headSeq: batch.headSeq };
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
    school: input.school,
    actor,
    pupil: input.pupils.get(event.pupilId),
    trip: event.tripId === undefined ? undefined : (input.trips.get(event.tripId) ?? null),
    seenHead: seenHead ?? (current === null ? null : entryHeadOf(current)),
    now: ctx.now,
    clockOffsetMs: input.clockOffsetMs,
  });
  if (!check.ok) {
    return {
      refused: { eventId: event.eventId, clientSeq: event.clientSeq, message: check.message },
    };
  }
  const stored = batch.add({
    event: { ...check.event, deviceId: ctx.deviceId },
    clientSeq: event.clientSeq,
    clockOffsetMs: input.clockOffsetMs,
    receivedAt: ctx.now,
    tripId: event.tripId ?? null,
    fromWithdrawnDevice: ctx.deviceWithdrawn === true,
  });
  const { entry } = stored;
  return {
    ack: {
      eventId: event.eventId,
      clientSeq: event.clientSeq,
      serverSeq: stored.serverSeq,
      status: stored.status,
      reason: stored.detail,
      entry: {
        code: entry.code,
        minutesLate: entry.minutesLate,
        headEventId: entry.headEventId,
        headSeq: stored.headSeq,
        headRole: entry.headRole,
        needsReview: stored.needsReview,
      },
    },
  };
}
