/**
 * The bulk reads a batch is decided on (pushService.ts, serverEvents.ts): one statement each,
 * however many events the batch holds. Entries are named by `(pupil, session)` and passed as
 * parallel arrays through `unnest`.
 */
import {
  entryKey,
  localDate,
  type EntryKey,
  type ServerMarkEvent,
  type SessionRef,
} from '../../domain/index';
import type { Queryable } from '../db/database';
import type { AckEntry } from './batchEvents';
import { ENTRY_COLUMNS, toAckEntry, type EntryRow } from './entryRows';
import { MARK_EVENT_COLUMNS, toServerMarkEvent, type MarkEventRow } from './eventRows';

/** One register entry: a pupil in a session. */
export interface EntryRef {
  readonly pupilId: string;
  readonly session: { readonly date: string; readonly part: SessionRef['part'] };
}

/** The entry key of a stored event. */
export function entryKeyOfRow(
  row: Pick<MarkEventRow, 'pupil_id' | 'session_date' | 'session_part'>,
): EntryKey {
  return entryKey(row.pupil_id, { date: localDate(row.session_date), part: row.session_part });
}

/** The key of an entry named by a pushed or domain event. */
export function entryKeyOf(ref: EntryRef): EntryKey {
  return entryKey(ref.pupilId, { date: localDate(ref.session.date), part: ref.session.part });
}

/** `refs` without repeats, as three parallel arrays for `unnest($n::uuid[], $m::date[], $k::text[])`. */
function entryArrays(refs: readonly EntryRef[]): [string[], string[], string[]] {
  const unique = new Map<EntryKey, EntryRef>();
  for (const ref of refs) unique.set(entryKeyOf(ref), ref);
  const list = [...unique.values()];
  return [
    list.map((r) => r.pupilId),
    list.map((r) => r.session.date),
    list.map((r) => r.session.part),
  ];
}

/**
 * Every recorded (not rejected) event of each entry in `refs`, in server order, by entry key. An
 * entry with none is absent.
 */
export async function loadRecordedEvents(
  tx: Queryable,
  schoolId: string,
  refs: readonly EntryRef[],
): Promise<Map<EntryKey, ServerMarkEvent[]>> {
  const recorded = new Map<EntryKey, ServerMarkEvent[]>();
  if (refs.length === 0) return recorded;
  const [pupils, dates, parts] = entryArrays(refs);
  const { rows } = await tx.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event
      WHERE school_id = $1 AND status <> 'rejected'
        AND (pupil_id, session_date, session_part) IN
            (SELECT * FROM unnest($2::uuid[], $3::date[], $4::text[]))
      ORDER BY server_seq`,
    [schoolId, pupils, dates, parts],
  );
  for (const row of rows) {
    const key = entryKeyOfRow(row);
    const events = recorded.get(key);
    if (events === undefined) recorded.set(key, [toServerMarkEvent(row)]);
    else events.push(toServerMarkEvent(row));
  }
  return recorded;
}

/**
 * {@link loadEventsById} and {@link loadRecordedEvents} in one statement (one round trip, one plan):
 * the stored events with the given ids, and every recorded event of each entry in `refs`. A push
 * needs both under the school's log lock before it decides anything (sync/push/decidePush.ts).
 */
export async function loadEventsByIdAndEntry(
  tx: Queryable,
  schoolId: string,
  eventIds: readonly string[],
  refs: readonly EntryRef[],
): Promise<{ byId: Map<string, MarkEventRow>; recorded: Map<EntryKey, ServerMarkEvent[]> }> {
  const byId = new Map<string, MarkEventRow>();
  const recorded = new Map<EntryKey, ServerMarkEvent[]>();
  if (eventIds.length === 0 && refs.length === 0) return { byId, recorded };
  const [pupils, dates, parts] = entryArrays(refs);
  const { rows } = await tx.query<MarkEventRow & { found_by: 'id' | 'entry' }>(
    `SELECT 'id' AS found_by, ${MARK_EVENT_COLUMNS} FROM mark_event
      WHERE school_id = $1 AND event_id = ANY($2::uuid[])
     UNION ALL
     SELECT 'entry' AS found_by, ${MARK_EVENT_COLUMNS} FROM mark_event
      WHERE school_id = $1 AND status <> 'rejected'
        AND (pupil_id, session_date, session_part) IN
            (SELECT * FROM unnest($3::uuid[], $4::date[], $5::text[]))
     ORDER BY server_seq`,
    [schoolId, [...new Set(eventIds)], pupils, dates, parts],
  );
  for (const { found_by: foundBy, ...row } of rows) {
    if (foundBy === 'id') {
      byId.set(row.event_id, row);
      continue;
    }
    const key = entryKeyOfRow(row);
    const events = recorded.get(key);
    if (events === undefined) recorded.set(key, [toServerMarkEvent(row)]);
    else events.push(toServerMarkEvent(row));
  }
  return { byId, recorded };
}

/** The stored events of this school with the given event ids, by event id. */
export async function loadEventsById(
  tx: Queryable,
  schoolId: string,
  eventIds: readonly string[],
): Promise<Map<string, MarkEventRow>> {
  if (eventIds.length === 0) return new Map();
  const { rows } = await tx.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event WHERE school_id = $1 AND event_id = ANY($2::uuid[])`,
    [schoolId, [...new Set(eventIds)]],
  );
  return new Map(rows.map((row) => [row.event_id, row]));
}

/** The stored events a device sent under the given numbers, by number. */
export async function loadEventsByClientSeq(
  tx: Queryable,
  deviceId: string,
  clientSeqs: readonly number[],
): Promise<Map<number, MarkEventRow>> {
  if (clientSeqs.length === 0) return new Map();
  const { rows } = await tx.query<MarkEventRow>(
    `SELECT ${MARK_EVENT_COLUMNS} FROM mark_event WHERE device_id = $1 AND client_seq = ANY($2::bigint[])`,
    [deviceId, clientSeqs],
  );
  const found = new Map<number, MarkEventRow>();
  for (const row of rows) if (row.client_seq !== null) found.set(row.client_seq, row);
  return found;
}

/** The current `register_entry` row of each entry in `refs` that has one, by entry key. */
export async function loadEntries(
  tx: Queryable,
  schoolId: string,
  refs: readonly EntryRef[],
): Promise<Map<EntryKey, AckEntry>> {
  const entries = new Map<EntryKey, AckEntry>();
  if (refs.length === 0) return entries;
  const [pupils, dates, parts] = entryArrays(refs);
  const { rows } = await tx.query<EntryRow>(
    `SELECT ${ENTRY_COLUMNS}
       FROM register_entry
      WHERE school_id = $1
        AND (pupil_id, session_date, session_part) IN
            (SELECT * FROM unnest($2::uuid[], $3::date[], $4::text[]))`,
    [schoolId, pupils, dates, parts],
  );
  for (const row of rows) entries.set(entryKeyOfRow(row), toAckEntry(row));
  return entries;
}
