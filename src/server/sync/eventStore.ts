/**
 * Recording one new mark event and updating its entry: the one write path into `mark_event` and
 * `register_entry`, shared by a device's push (pushService.ts) and the marks the server makes
 * itself (serverEvents.ts: a trip's codes entered in advance). The caller holds the school's log
 * lock (`lockSchoolLog`) for the whole transaction, so the entry's events read here are all there
 * are and the number taken is the next in commit order.
 *
 * The entry's new value comes from folding all its recorded events with the domain core, so the
 * server's projection is by construction the same as what any tablet folds from the same events.
 */
import {
  entryKey,
  foldEntry,
  type MarkEvent,
  type RegisterEntry,
  type ServerMarkEvent,
  type SessionRef,
} from '../../domain/index';
import type { AckStatus } from '../../shared/api/syncSchemas';
import { SYNC_PROTOCOL_VERSION } from '../../shared/api/syncSchemas';
import type { Queryable } from '../db/database';
import { MARK_EVENT_COLUMNS, toServerMarkEvent, type MarkEventRow } from './eventRows';
import { nextServerSeq } from './syncHead';

const OUTCOME_DETAIL: Readonly<Record<string, string>> = {
  superseded:
    'The office had already amended this entry, so this mark did not change it. It is kept in the entry’s history.',
  conflict:
    'Someone else marked this pupil differently for this session at the same time. Both marks are kept; the office will review them.',
  flagged:
    'This amendment replaced a mark made at the same time on another device; it is flagged for the office to check.',
};

/** Put before an event's outcome when it came from a device an administrator had revoked. */
export const WITHDRAWN_DEVICE_DETAIL =
  'This mark came from a device whose access had been withdrawn by an administrator; it is kept and flagged for the office to check.';

/** Every recorded (not rejected) event of one pupil's entry for one session, in server order. */
export async function recordedEventsOf(
  tx: Queryable,
  schoolId: string,
  pupilId: string,
  session: { readonly date: string; readonly part: SessionRef['part'] },
): Promise<ServerMarkEvent[]> {
  const { rows } = await tx.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event
      WHERE school_id = $1 AND pupil_id = $2 AND session_date = $3 AND session_part = $4
        AND status <> 'rejected'
      ORDER BY server_seq`,
    [schoolId, pupilId, session.date, session.part],
  );
  return rows.map(toServerMarkEvent);
}

export interface NewEvent {
  readonly schoolId: string;
  /** The checked event, with its author and device (null for a mark the server makes). */
  readonly event: MarkEvent;
  /** The device's number for it; null exactly when `event.deviceId` is null. */
  readonly clientSeq: number | null;
  readonly clockOffsetMs: number | null;
  readonly receivedAt: Date;
  /** The trip the mark was made through, if any. */
  readonly tripId: string | null;
  /** The entry's recorded events ({@link recordedEventsOf}), read under the log lock. */
  readonly recorded: readonly ServerMarkEvent[];
  /** Pushed by a revoked device: the event is flagged and its entry set for review. */
  readonly fromWithdrawnDevice?: boolean;
}

export interface StoredEvent {
  readonly serverSeq: number;
  readonly status: Exclude<AckStatus, 'rejected'>;
  /** Why it did not simply apply (superseded, conflict, flagged), in plain English. */
  readonly detail: string | null;
  /** The entry after the event. */
  readonly entry: RegisterEntry;
  /** The server number of the entry's head after the event. */
  readonly headSeq: number;
  /** Whether the entry now needs the office's review (the fold's, or a withdrawn device's). */
  readonly needsReview: boolean;
}

/** Numbers the event, decides it with the domain, stores it and saves its entry. */
export async function storeNewEvent(tx: Queryable, input: NewEvent): Promise<StoredEvent> {
  const serverSeq = await nextServerSeq(tx, input.schoolId);
  const incoming: ServerMarkEvent = {
    ...input.event,
    serverSeq,
    receivedAt: input.receivedAt.toISOString(),
  };
  const entry = foldEntry([...input.recorded, incoming]);
  if (entry === null) throw new Error('foldEntry returned no entry for a new event');
  const outcome = entry.outcomes.find((o) => o.eventId === incoming.eventId)?.outcome;
  if (outcome === undefined) throw new Error('foldEntry lost the incoming event');
  const outcomeDetail =
    outcome.status === 'applied'
      ? outcome.flagged
        ? (OUTCOME_DETAIL.flagged ?? null)
        : null
      : (OUTCOME_DETAIL[outcome.status] ?? null);
  const withdrawn = input.fromWithdrawnDevice === true;
  const detail = withdrawn
    ? [WITHDRAWN_DEVICE_DETAIL, outcomeDetail].filter((d) => d !== null).join(' ')
    : outcomeDetail;
  const needsReview = entry.needsReview || withdrawn;
  await insertEvent(tx, input, serverSeq, outcome.status, detail);
  const headSeq = await saveEntry(tx, input.schoolId, { ...entry, needsReview }, [
    ...input.recorded,
    incoming,
  ]);
  return { serverSeq, status: outcome.status, detail, entry, headSeq, needsReview };
}

async function insertEvent(
  tx: Queryable,
  input: NewEvent,
  serverSeq: number,
  status: StoredEvent['status'],
  detail: string | null,
): Promise<void> {
  const { event } = input;
  const fromDevice = event.deviceId !== null;
  await tx.query(
    `INSERT INTO mark_event (school_id, server_seq, event_id, device_id, client_seq, pupil_id, session_date,
        session_part, kind, code, minutes_late, arrived_at, reason, base_event_id, actor_staff_id, actor_name,
        actor_role, recorded_at_device, clock_offset_ms, received_at, status, status_detail, payload_version,
        trip_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24)`,
    [
      input.schoolId,
      serverSeq,
      event.eventId,
      event.deviceId,
      input.clientSeq,
      event.pupilId,
      event.session.date,
      event.session.part,
      event.baseEventId === null ? 'mark' : 'amend',
      event.code,
      event.minutesLate,
      event.arrivedAt,
      event.reason,
      event.baseEventId,
      event.actor.staffId,
      event.actor.name,
      event.actor.role,
      // A mark the server made has no device clock to keep as evidence.
      fromDevice ? event.recordedAt : null,
      input.clockOffsetMs,
      input.receivedAt,
      status,
      detail,
      SYNC_PROTOCOL_VERSION,
      input.tripId,
    ],
  );
}

async function saveEntry(
  tx: Queryable,
  schoolId: string,
  entry: RegisterEntry,
  events: readonly ServerMarkEvent[],
): Promise<number> {
  const head = events.find((e) => e.eventId === entry.headEventId);
  if (head === undefined)
    throw new Error(`Head event of ${entryKey(entry.pupilId, entry.session)} is missing`);
  await tx.query(
    `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code, minutes_late,
        head_event_id, head_seq, head_role, needs_review)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (school_id, pupil_id, session_date, session_part) DO UPDATE SET
        code = EXCLUDED.code, minutes_late = EXCLUDED.minutes_late, head_event_id = EXCLUDED.head_event_id,
        head_seq = EXCLUDED.head_seq, head_role = EXCLUDED.head_role, needs_review = EXCLUDED.needs_review`,
    [
      schoolId,
      entry.pupilId,
      entry.session.date,
      entry.session.part,
      entry.code,
      entry.minutesLate,
      entry.headEventId,
      head.serverSeq,
      entry.headRole,
      entry.needsReview,
    ],
  );
  return head.serverSeq;
}
