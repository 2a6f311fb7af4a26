/**
 * Recording the server's acknowledgements of a push, in ONE Dexie transaction (research/sync.md
 * §1.8): each acknowledged outbox row becomes `acked` or `rejected` with its server sequence and
 * the server's reason, and the entry the server returned is laid into the local projection when
 * it is newer than what the device holds. If the tab dies half-way, the transaction rolls back,
 * the rows stay pending, and the resend is answered with the same acknowledgements.
 */
import type { PushAck, PushResponse } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { entryRowSchema, type EntryRow } from '../db/entryRow';
import { setMeta } from '../db/meta';
import type { OutboxRow } from '../db/outboxRow';
import { parseStoredRow } from '../db/storedRowError';

/**
 * The local entry after `ack` for `row` (this device's mark), or the entry unchanged.
 *
 * The ack's entry has no sequence or role of its own. When this mark is the head, both are known
 * (the ack's `serverSeq`, the author's role), and the entry is taken if it is newer than the local
 * one. When another event is the head, its sequence is unknown here: the pull that follows every
 * push brings that event, so the only thing taken now is a review flag on the head already shown
 * (non-applied events never clear it, so taking it early cannot be undone by the pull).
 */
export function entryAfterAck(
  entry: EntryRow | undefined,
  row: OutboxRow,
  ack: PushAck,
): EntryRow | undefined {
  const head = ack.entry;
  if (head === null) return entry;
  if (head.headEventId === ack.eventId) {
    if (entry !== undefined && ack.serverSeq <= entry.headSeq) return entry;
    return {
      pupilId: row.pupilId,
      sessionKey: row.sessionKey,
      session: row.session,
      code: head.code,
      minutesLate: head.minutesLate,
      arrivedAt: row.arrivedAt,
      headEventId: head.headEventId,
      headSeq: ack.serverSeq,
      headRole: row.actorRole,
      needsReview: head.needsReview,
    };
  }
  if (entry !== undefined && entry.headEventId === head.headEventId && head.needsReview) {
    return entry.needsReview ? entry : { ...entry, needsReview: true };
  }
  return entry;
}

/**
 * Applies `response` to the rows that were sent. Returns how many of the sent rows the response
 * acknowledged (0 means the server answered without acknowledging anything: a fault to report,
 * not a reason to resend for ever).
 */
export async function applyAcks(
  db: AppDb,
  sent: readonly OutboxRow[],
  response: PushResponse,
  clockOffsetMs: number | null,
): Promise<number> {
  const byEventId = new Map(sent.map((row) => [row.eventId, row]));
  return db.transaction('rw', db.outbox, db.entries, db.meta, async () => {
    let acknowledged = 0;
    for (const ack of response.acks) {
      const row = byEventId.get(ack.eventId);
      if (row === undefined) continue;
      acknowledged += 1;
      // Another tab (or a pull) may have recorded this ack already; the first record stands.
      const current = await db.outbox.get(row.clientSeq);
      if (current === undefined || current.status !== 'pending') continue;
      await db.outbox.update(row.clientSeq, {
        status: ack.status === 'rejected' ? 'rejected' : 'acked',
        serverSeq: ack.serverSeq,
        ackStatus: ack.status,
        ackReason: ack.reason,
      });
      const stored = await db.entries.get([row.pupilId, row.sessionKey]);
      const entry =
        stored === undefined ? undefined : parseStoredRow('entries', entryRowSchema, stored);
      const next = entryAfterAck(entry, row, ack);
      if (next !== undefined && next !== entry) await db.entries.put(next);
    }
    if (clockOffsetMs !== null) await setMeta(db, 'clockOffsetMs', clockOffsetMs);
    return acknowledged;
  });
}
