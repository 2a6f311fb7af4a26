/**
 * The push's acknowledge step (`acknowledgePush`), and the acknowledgements of events the server
 * already has: a device's resend after a lost answer
 * (same `clientSeq`), or the same event queued again under a new number. Each gets the same
 * serverSeq, status and reason as the first time, and its entry as it stands now.
 */
import type { EntryKey } from '../../../domain/index';
import type { PushAck, PushEvent, PushResponse } from '../../../shared/api/syncSchemas';
import type { Queryable } from '../../db/database';
import { ApiError } from '../../http/apiError';
import type { AckEntry } from '../../register/batchEvents';
import {
  entryKeyOfRow,
  loadEntries,
  loadEventsByClientSeq,
  loadEventsById,
  type EntryRef,
} from '../../register/eventReads';
import type { MarkEventRow } from '../../register/eventRows';
import type { PushContext } from './pushContext';

/**
 * The answer to a push: the resent events' stored acknowledgements, then the new ones', the
 * device's last number and the school's head as the push's group commits it (pushGroup.ts).
 */
export function acknowledgePush(
  ctx: PushContext,
  resent: readonly PushAck[],
  fresh: readonly PushAck[],
  lastClientSeq: number,
  headSeq: number,
): PushResponse {
  return {
    acks: [...resent, ...fresh],
    lastClientSeq,
    headSeq,
    serverTime: ctx.now.toISOString(),
  };
}

/** The entry a stored event belongs to. */
export function entryRefOfRow(row: MarkEventRow): EntryRef {
  return { pupilId: row.pupil_id, session: { date: row.session_date, part: row.session_part } };
}

/** The acknowledgement of a stored event; `entry` is its entry now (ignored for a rejected one). */
export function ackOfStored(row: MarkEventRow, clientSeq: number, entry: AckEntry | null): PushAck {
  return {
    eventId: row.event_id,
    clientSeq,
    serverSeq: row.server_seq,
    status: row.status,
    reason: row.status_detail,
    entry: row.status === 'rejected' ? null : entry,
  };
}

/** The current entries of the stored events that are not rejected, by entry key. */
export async function entriesOfStored(
  tx: Queryable,
  schoolId: string,
  rows: Iterable<MarkEventRow>,
): Promise<Map<EntryKey, AckEntry>> {
  return loadEntries(
    tx,
    schoolId,
    [...rows].filter((row) => row.status !== 'rejected').map(entryRefOfRow),
  );
}

/**
 * The acknowledgements of events this device sent before (`clientSeq ≤` its last), in the order
 * given: found by the device's number, or else by event id. An event whose number the device
 * used for a different event is a client bug: 409 `client_seq_reused`.
 */
export async function resentAcks(
  tx: Queryable,
  ctx: { readonly schoolId: string; readonly deviceId: string },
  resent: readonly Pick<PushEvent, 'eventId' | 'clientSeq'>[],
): Promise<PushAck[]> {
  if (resent.length === 0) return [];
  const bySeq = await loadEventsByClientSeq(
    tx,
    ctx.deviceId,
    resent.map((e) => e.clientSeq),
  );
  const byId = await loadEventsById(
    tx,
    ctx.schoolId,
    resent.filter((e) => !bySeq.has(e.clientSeq)).map((e) => e.eventId),
  );
  const stored = resent.map((event) => {
    const row = bySeq.get(event.clientSeq) ?? byId.get(event.eventId.toLowerCase());
    if (row === undefined || row.event_id !== event.eventId) {
      throw new ApiError('client_seq_reused', {
        message: `This device already sent a different event as clientSeq ${event.clientSeq}. Each clientSeq must stay with its event.`,
      });
    }
    return { row, clientSeq: event.clientSeq };
  });
  const entries = await entriesOfStored(
    tx,
    ctx.schoolId,
    stored.map((s) => s.row),
  );
  return stored.map(({ row, clientSeq }) =>
    ackOfStored(row, clientSeq, entries.get(entryKeyOfRow(row)) ?? null),
  );
}
