/**
 * `POST /api/sync/push`: one ordered batch from one device, applied in one transaction
 * (research/sync.md §1.8). Exactly-once is at-least-once delivery plus an idempotent apply:
 *
 * - the device row is locked (`FOR UPDATE`), so two tabs or a retry storm from one device queue up;
 * - `clientSeq ≤ last` is a resend: the stored acknowledgement is returned, nothing is written;
 * - `clientSeq > last + 1` is a gap (lost local data or a client bug): 409, nothing committed;
 * - every new event takes the next number from the school's counter row, whose lock is held to
 *   commit, so commit order equals `serverSeq` order and a pull cursor never skips an event (§1.7);
 *   the lock is taken before the first new event is looked at, so each event is decided against
 *   the entry as the pushes before it committed it, never against an older view;
 * - a batch in which any new event breaks a rule is refused whole with 422 `events_rejected`,
 *   naming each refused event and why; nothing is stored and no number is used up, so the device
 *   marks those events refused (the teacher sees why) and sends the rest again under fresh
 *   numbers. The queue never wedges, and a mark the server refused leaves no trace in the
 *   statutory record.
 *
 * The entry's new value comes from folding all its recorded events with the domain core, so the
 * server's projection is by construction the same as what any tablet folds from the same events.
 */
import {
  entryHeadOf,
  foldEntry,
  localDate,
  ROLE_RANK,
  type EntryHead,
  type MarkActor,
  type Role,
  type SchoolConfig,
} from '../../domain/index';
import type { PushAck, PushEvent, PushRequest, PushResponse } from '../../shared/api/syncSchemas';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { checkPushedEvent, type PupilPlacement, type TripForCheck } from './eventChecks';
import { MARK_EVENT_COLUMNS, type MarkEventRow } from './eventRows';
import { recordedEventsOf, storeNewEvent } from './eventStore';
import { loadSchoolRow, schoolConfigOf } from './schoolRules';
import { lockSchoolLog, readHeadSeq } from './syncHead';
import { loadTripsForChecks } from '../trips/tripsForChecks';

export interface PushContext {
  readonly schoolId: string;
  readonly deviceId: string;
  readonly now: Date;
  /**
   * The device was revoked by an administrator: its queued marks are still stored and decided by
   * the normal rules, but each is flagged for the office's review (eventStore.ts).
   */
  readonly deviceWithdrawn?: boolean;
}

export async function applyPush(
  db: Database,
  ctx: PushContext,
  request: PushRequest,
): Promise<PushResponse> {
  const events = [...request.events].sort((a, b) => a.clientSeq - b.clientSeq);
  for (let i = 1; i < events.length; i += 1) {
    if (events[i]?.clientSeq === events[i - 1]?.clientSeq) {
      throw new ApiError('invalid_request', {
        message: `The batch has two events with clientSeq ${events[i]?.clientSeq}; each event needs its own.`,
      });
    }
  }
  return db.transaction(async (tx) => {
    const device = await lockDevice(tx, ctx);
    const schoolRow = await loadSchoolRow(tx, ctx.schoolId);
    const school = schoolConfigOf(schoolRow);
    const actors = await loadDeviceActors(tx, ctx);
    const pupils = await loadPupils(tx, ctx.schoolId, events);
    const trips = await loadTripsForChecks(tx, ctx.schoolId, events);
    let last = device.lastClientSeq;
    let logLocked = false;
    const acks: PushAck[] = [];
    const refused: RefusedEvent[] = [];

    for (const event of events) {
      if (event.clientSeq <= last) {
        acks.push(await storedAck(tx, ctx, event));
        continue;
      }
      if (event.clientSeq > last + 1) {
        throw new ApiError('sequence_gap', {
          message: `Events must arrive in order: expected clientSeq ${last + 1}, got ${event.clientSeq}.`,
          details: { expected: last + 1 },
        });
      }
      last = event.clientSeq;
      if (!logLocked) {
        await lockSchoolLog(tx, ctx.schoolId);
        logLocked = true;
      }
      const existing = await findByEventId(tx, ctx.schoolId, event.eventId);
      // The same event queued again under a new number: acknowledge it as it was stored.
      if (existing !== null) {
        acks.push(await ackFor(tx, ctx.schoolId, existing, event.clientSeq));
        continue;
      }
      const outcome = await applyOne(tx, {
        ctx,
        school,
        event,
        actor: actors.get(event.actorStaffId),
        pupil: pupils.get(event.pupilId),
        trip: event.tripId === undefined ? undefined : (trips.get(event.tripId) ?? null),
        clockOffsetMs: request.clockOffsetMs,
      });
      if ('refused' in outcome) refused.push(outcome.refused);
      else acks.push(outcome.ack);
    }
    // Throwing rolls the whole transaction back: the events applied before the refused one, the
    // numbers taken and the device's counter, so the device can renumber and resend the rest.
    if (refused.length > 0) throw refusal(refused, events.length, device.lastClientSeq + 1);

    await tx.query(
      `UPDATE device SET last_client_seq = $2, last_seen_at = $3 WHERE device_id = $1`,
      [ctx.deviceId, last, ctx.now],
    );
    return {
      acks,
      lastClientSeq: last,
      headSeq: await readHeadSeq(tx, ctx.schoolId),
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

/** Staff who have signed in on this device, with their highest-ranked role at this school. */
async function loadDeviceActors(tx: Queryable, ctx: PushContext): Promise<Map<string, MarkActor>> {
  const { rows } = await tx.query<{ id: string; name: string; role: Role }>(
    `SELECT s.id, s.name, r.role
       FROM device_staff ds
       JOIN staff s ON s.id = ds.staff_id AND s.disabled_at IS NULL
       JOIN staff_role r ON r.staff_id = s.id AND r.school_id = $2
      WHERE ds.device_id = $1`,
    [ctx.deviceId, ctx.schoolId],
  );
  const actors = new Map<string, MarkActor>();
  for (const row of rows) {
    const known = actors.get(row.id);
    if (known === undefined || ROLE_RANK[row.role] > ROLE_RANK[known.role]) {
      actors.set(row.id, { staffId: row.id, name: row.name, role: row.role });
    }
  }
  return actors;
}

async function loadPupils(
  tx: Queryable,
  schoolId: string,
  events: readonly PushEvent[],
): Promise<Map<string, PupilPlacement>> {
  const ids = [...new Set(events.map((e) => e.pupilId))];
  const { rows } = await tx.query<{
    id: string;
    on_roll_from: string;
    on_roll_to: string | null;
    group_id: string | null;
    year_group: PupilPlacement['groups'][number]['yearGroup'] | null;
    from_date: string | null;
    to_date: string | null;
  }>(
    `SELECT p.id, to_char(p.on_roll_from, 'YYYY-MM-DD') AS on_roll_from,
            to_char(p.on_roll_to, 'YYYY-MM-DD') AS on_roll_to,
            m.group_id, g.year_group,
            to_char(m.from_date, 'YYYY-MM-DD') AS from_date, to_char(m.to_date, 'YYYY-MM-DD') AS to_date
       FROM pupil p
       LEFT JOIN group_membership m ON m.pupil_id = p.id
       LEFT JOIN school_group g ON g.id = m.group_id
      WHERE p.school_id = $1 AND p.id = ANY($2::uuid[])`,
    [schoolId, ids],
  );
  const pupils = new Map<string, PupilPlacement & { groups: PupilPlacement['groups'][number][] }>();
  for (const row of rows) {
    let pupil = pupils.get(row.id);
    if (pupil === undefined) {
      pupil = {
        onRollFrom: localDate(row.on_roll_from),
        onRollTo: row.on_roll_to === null ? null : localDate(row.on_roll_to),
        groups: [],
      };
      pupils.set(row.id, pupil);
    }
    if (row.group_id !== null && row.year_group !== null && row.from_date !== null) {
      pupil.groups.push({
        groupId: row.group_id,
        yearGroup: row.year_group,
        from: localDate(row.from_date),
        to: row.to_date === null ? null : localDate(row.to_date),
      });
    }
  }
  return pupils;
}

async function findByEventId(
  tx: Queryable,
  schoolId: string,
  eventId: string,
): Promise<MarkEventRow | null> {
  const { rows } = await tx.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event WHERE school_id = $1 AND event_id = $2`,
    [schoolId, eventId],
  );
  return rows[0] ?? null;
}

/** The acknowledgement of an event sent before: the same serverSeq and status as the first time. */
async function storedAck(tx: Queryable, ctx: PushContext, event: PushEvent): Promise<PushAck> {
  const { rows } = await tx.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event WHERE device_id = $1 AND client_seq = $2`,
    [ctx.deviceId, event.clientSeq],
  );
  const stored = rows[0] ?? (await findByEventId(tx, ctx.schoolId, event.eventId));
  if (stored === null || stored.event_id !== event.eventId) {
    throw new ApiError('client_seq_reused', {
      message: `This device already sent a different event as clientSeq ${event.clientSeq}. Each clientSeq must stay with its event.`,
    });
  }
  return ackFor(tx, ctx.schoolId, stored, event.clientSeq);
}

async function ackFor(
  tx: Queryable,
  schoolId: string,
  row: MarkEventRow,
  clientSeq: number,
): Promise<PushAck> {
  return {
    eventId: row.event_id,
    clientSeq,
    serverSeq: row.server_seq,
    status: row.status,
    reason: row.status_detail,
    entry: row.status === 'rejected' ? null : await currentEntry(tx, schoolId, row),
  };
}

async function currentEntry(
  tx: Queryable,
  schoolId: string,
  row: MarkEventRow,
): Promise<PushAck['entry']> {
  const { rows } = await tx.query<{
    code: string;
    minutes_late: number | null;
    head_event_id: string;
    head_seq: number;
    head_role: Role;
    needs_review: boolean;
  }>(
    `SELECT code, minutes_late, head_event_id, head_seq, head_role, needs_review FROM register_entry
      WHERE school_id = $1 AND pupil_id = $2 AND session_date = $3 AND session_part = $4`,
    [schoolId, row.pupil_id, row.session_date, row.session_part],
  );
  const entry = rows[0];
  return entry === undefined
    ? null
    : {
        code: entry.code,
        minutesLate: entry.minutes_late,
        headEventId: entry.head_event_id,
        headSeq: entry.head_seq,
        headRole: entry.head_role,
        needsReview: entry.needs_review,
      };
}

interface ApplyInput {
  readonly ctx: PushContext;
  readonly school: SchoolConfig;
  readonly event: PushEvent;
  readonly actor: MarkActor | undefined;
  readonly pupil: PupilPlacement | undefined;
  /** Undefined when the event names no trip; null when it names one this school does not have. */
  readonly trip: TripForCheck | null | undefined;
  readonly clockOffsetMs: number | null;
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
 * Checks one new event and, when it passes, records it and updates its entry. Events earlier in
 * the same batch are already in the transaction, so an amendment can build on a mark sent with it.
 */
async function applyOne(
  tx: Queryable,
  input: ApplyInput,
): Promise<{ ack: PushAck } | { refused: RefusedEvent }> {
  const { ctx, event } = input;
  const recorded = await recordedEventsOf(tx, ctx.schoolId, event.pupilId, event.session);
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
    seenHead === null && input.actor !== undefined && input.actor.role !== 'teacher'
      ? foldEntry(recorded)
      : null;
  const check = checkPushedEvent({
    event,
    school: input.school,
    actor: input.actor,
    pupil: input.pupil,
    trip: input.trip,
    seenHead: seenHead ?? (current === null ? null : entryHeadOf(current)),
    now: ctx.now,
    clockOffsetMs: input.clockOffsetMs,
  });
  if (!check.ok) {
    return {
      refused: { eventId: event.eventId, clientSeq: event.clientSeq, message: check.message },
    };
  }
  const stored = await storeNewEvent(tx, {
    schoolId: ctx.schoolId,
    event: { ...check.event, deviceId: ctx.deviceId },
    clientSeq: event.clientSeq,
    clockOffsetMs: input.clockOffsetMs,
    receivedAt: ctx.now,
    tripId: event.tripId ?? null,
    recorded,
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
