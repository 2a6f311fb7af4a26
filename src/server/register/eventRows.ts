/**
 * mark_event rows ↔ domain events. Both databases return `date` as `yyyy-MM-dd` and
 * `timestamptz` as a Date (db/database.ts); this is the one place that knows the column names.
 */
import { localDate, type Role, type ServerMarkEvent } from '../../domain/index';
import type { AckStatus, ServerEvent } from '../../shared/api/syncSchemas';

export interface MarkEventRow {
  server_seq: number;
  event_id: string;
  device_id: string | null;
  client_seq: number | null;
  pupil_id: string;
  session_date: string;
  session_part: 'AM' | 'PM';
  /** 'mark' or 'amend' (a mark), 'withdrawn' (an undo: migration 0014), 'void' (never written). */
  kind: string;
  code: string;
  minutes_late: number | null;
  arrived_at: Date | null;
  reason: string | null;
  base_event_id: string | null;
  actor_staff_id: string;
  actor_name: string;
  actor_role: Role;
  recorded_at_device: Date | null;
  received_at: Date;
  status: AckStatus;
  status_detail: string | null;
  /** The trip the mark was made through (migration 0005), or null. */
  trip_id: string | null;
}

export const MARK_EVENT_COLUMNS = `server_seq, event_id, device_id, client_seq, pupil_id,
  to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part, kind, code, minutes_late, arrived_at,
  reason, base_event_id, actor_staff_id, actor_name, actor_role, recorded_at_device, received_at,
  status, status_detail, trip_id`;

const iso = (value: Date | null): string | null => (value === null ? null : value.toISOString());

export function toServerMarkEvent(row: MarkEventRow): ServerMarkEvent {
  return {
    ...(row.kind === 'withdrawn' ? { kind: 'withdrawn' as const } : {}),
    eventId: row.event_id,
    pupilId: row.pupil_id,
    session: { date: localDate(row.session_date), part: row.session_part },
    code: row.code,
    minutesLate: row.minutes_late,
    arrivedAt: iso(row.arrived_at),
    reason: row.reason,
    baseEventId: row.base_event_id,
    actor: { staffId: row.actor_staff_id, name: row.actor_name, role: row.actor_role },
    deviceId: row.device_id,
    recordedAt: (row.recorded_at_device ?? row.received_at).toISOString(),
    serverSeq: row.server_seq,
    receivedAt: row.received_at.toISOString(),
  };
}

export function toWireEvent(row: MarkEventRow): ServerEvent {
  const event = toServerMarkEvent(row);
  return {
    serverSeq: event.serverSeq,
    // Only on withdrawals, so the answer for every other event is exactly as before.
    ...(event.kind === 'withdrawn' ? { kind: 'withdrawn' as const } : {}),
    eventId: event.eventId,
    pupilId: event.pupilId,
    session: { date: event.session.date, part: event.session.part },
    code: event.code,
    minutesLate: event.minutesLate,
    arrivedAt: event.arrivedAt,
    reason: event.reason,
    baseEventId: event.baseEventId,
    actor: event.actor,
    deviceId: event.deviceId,
    recordedAt: event.recordedAt,
    receivedAt: event.receivedAt,
    status: row.status,
    statusDetail: row.status_detail,
    // Only on trip marks, so the answer for every other mark is exactly as before trips.
    ...(row.trip_id === null ? {} : { tripId: row.trip_id }),
  };
}
