/**
 * The two multi-row writes of an event batch (eventBatch.ts). Rows go in as one array per column
 * through `unnest`, so a statement has a fixed number of parameters however many rows it carries
 * (PostgreSQL allows at most 65,535 parameters in one statement).
 */
import { isWithdrawal, type MarkEvent, type Role, type SessionRef } from '../../domain/index';
import { SYNC_PROTOCOL_VERSION } from '../../shared/api/syncSchemas';
import type { Queryable } from '../db/database';
import type { BatchEvent, StoredEvent } from './batchEvents';

/** A decided event as it is stored. */
export interface EventWrite extends BatchEvent {
  readonly serverSeq: number;
  readonly status: StoredEvent['status'];
  readonly detail: string | null;
}

/** The final state of one entry the batch touched. */
export interface EntryWrite {
  readonly pupilId: string;
  readonly session: SessionRef;
  readonly code: string;
  readonly minutesLate: number | null;
  readonly headEventId: string;
  readonly headSeq: number;
  readonly headRole: Role;
  readonly needsReview: boolean;
}

/** mark_event's `kind`: a withdrawal, a first mark (no head seen) or an amendment. */
function eventKindColumn(event: MarkEvent): 'withdrawn' | 'mark' | 'amend' {
  if (isWithdrawal(event)) return 'withdrawn';
  return event.baseEventId === null ? 'mark' : 'amend';
}

export async function writeEvents(
  tx: Queryable,
  schoolId: string,
  rows: readonly EventWrite[],
): Promise<void> {
  const column = <T>(of: (row: EventWrite) => T): T[] => rows.map(of);
  await tx.query(
    `INSERT INTO mark_event (school_id, server_seq, event_id, device_id, client_seq, pupil_id, session_date,
        session_part, kind, code, minutes_late, arrived_at, reason, base_event_id, actor_staff_id, actor_name,
        actor_role, recorded_at_device, clock_offset_ms, received_at, status, status_detail, payload_version,
        trip_id)
     SELECT $1::uuid, r.server_seq, r.event_id, r.device_id, r.client_seq, r.pupil_id, r.session_date,
            r.session_part, r.kind, r.code, r.minutes_late, r.arrived_at, r.reason, r.base_event_id,
            r.actor_staff_id, r.actor_name, r.actor_role, r.recorded_at_device, r.clock_offset_ms,
            r.received_at, r.status, r.status_detail, $2::smallint, r.trip_id
       FROM unnest($3::bigint[], $4::uuid[], $5::uuid[], $6::bigint[], $7::uuid[], $8::date[], $9::text[],
                   $10::text[], $11::text[], $12::integer[], $13::timestamptz[], $14::text[], $15::uuid[],
                   $16::uuid[], $17::text[], $18::text[], $19::timestamptz[], $20::bigint[],
                   $21::timestamptz[], $22::text[], $23::text[], $24::uuid[])
            AS r(server_seq, event_id, device_id, client_seq, pupil_id, session_date, session_part, kind,
                 code, minutes_late, arrived_at, reason, base_event_id, actor_staff_id, actor_name,
                 actor_role, recorded_at_device, clock_offset_ms, received_at, status, status_detail,
                 trip_id)
      ORDER BY r.server_seq`,
    [
      schoolId,
      SYNC_PROTOCOL_VERSION,
      column((r) => r.serverSeq),
      column((r) => r.event.eventId),
      column((r) => r.event.deviceId),
      column((r) => r.clientSeq),
      column((r) => r.event.pupilId),
      column((r) => r.event.session.date),
      column((r) => r.event.session.part),
      column((r) => eventKindColumn(r.event)),
      column((r) => r.event.code),
      column((r) => r.event.minutesLate),
      column((r) => r.event.arrivedAt),
      column((r) => r.event.reason),
      column((r) => r.event.baseEventId),
      column((r) => r.event.actor.staffId),
      column((r) => r.event.actor.name),
      column((r) => r.event.actor.role),
      // A mark the server made has no device clock to keep as evidence.
      column((r) => (r.event.deviceId === null ? null : r.event.recordedAt)),
      column((r) => r.clockOffsetMs),
      column((r) => r.receivedAt.toISOString()),
      column((r) => r.status),
      column((r) => r.detail),
      column((r) => r.tripId),
    ],
  );
}

/** Removes the entries that have no mark any more (their mark was withdrawn). */
export async function deleteEntries(
  tx: Queryable,
  schoolId: string,
  refs: readonly { readonly pupilId: string; readonly session: SessionRef }[],
): Promise<void> {
  if (refs.length === 0) return;
  await tx.query(
    `DELETE FROM register_entry
      WHERE school_id = $1
        AND (pupil_id, session_date, session_part) IN
            (SELECT * FROM unnest($2::uuid[], $3::date[], $4::text[]))`,
    [
      schoolId,
      refs.map((r) => r.pupilId),
      refs.map((r) => r.session.date),
      refs.map((r) => r.session.part),
    ],
  );
}

const ENTRY_ROWS = `SELECT $1::uuid, e.pupil_id, e.session_date, e.session_part, e.code, e.minutes_late,
            e.head_event_id, e.head_seq, e.head_role, e.needs_review
       FROM unnest($2::uuid[], $3::date[], $4::text[], $5::text[], $6::integer[], $7::uuid[], $8::bigint[],
                   $9::text[], $10::boolean[])
            AS e(pupil_id, session_date, session_part, code, minutes_late, head_event_id, head_seq,
                 head_role, needs_review)`;

function entryParams(schoolId: string, entries: readonly EntryWrite[]): unknown[] {
  const column = <T>(of: (entry: EntryWrite) => T): T[] => entries.map(of);
  return [
    schoolId,
    column((e) => e.pupilId),
    column((e) => e.session.date),
    column((e) => e.session.part),
    column((e) => e.code),
    column((e) => e.minutesLate),
    column((e) => e.headEventId),
    column((e) => e.headSeq),
    column((e) => e.headRole),
    column((e) => e.needsReview),
  ];
}

/**
 * Entries that have no row yet (no recorded event before this batch): a plain INSERT, which
 * PostgreSQL does in one pass per row, where an upsert first probes the primary key for a
 * conflict and then inserts speculatively. Should a row exist after all, the insert fails on the
 * primary key and the transaction with it: nothing is overwritten unseen.
 */
export async function insertEntries(
  tx: Queryable,
  schoolId: string,
  entries: readonly EntryWrite[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code, minutes_late,
        head_event_id, head_seq, head_role, needs_review)
     ${ENTRY_ROWS}`,
    entryParams(schoolId, entries),
  );
}

/** Entries that had events before this batch: their row is updated, or made again after an undo. */
export async function upsertEntries(
  tx: Queryable,
  schoolId: string,
  entries: readonly EntryWrite[],
): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code, minutes_late,
        head_event_id, head_seq, head_role, needs_review)
     ${ENTRY_ROWS}
     ON CONFLICT (school_id, pupil_id, session_date, session_part) DO UPDATE SET
        code = EXCLUDED.code, minutes_late = EXCLUDED.minutes_late, head_event_id = EXCLUDED.head_event_id,
        head_seq = EXCLUDED.head_seq, head_role = EXCLUDED.head_role, needs_review = EXCLUDED.needs_review`,
    entryParams(schoolId, entries),
  );
}
