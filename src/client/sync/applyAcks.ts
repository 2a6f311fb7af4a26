/**
 * Recording the server's acknowledgements of a push, in ONE Dexie transaction
 * (docs/design.md §7.8): each acknowledged outbox row becomes `acked` with its server sequence,
 * what the conflict rules made of it and the server's reason, and the entry the server returned is
 * laid into the local projection when it is newer than what the device holds. If the tab dies
 * half-way, the transaction rolls back, the rows stay pending under their wire numbers, and the
 * resend is answered with the same acknowledgements.
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
 * The ack carries the entry as the server holds it, head sequence and role included, so it is
 * taken exactly when its head is newer than the local one (`headSeq` above the local
 * `headSeq`); otherwise the device already holds that head or a later one. A change that leaves
 * the head where it was (a conflict setting the review flag) comes with the pull that follows
 * every push, folded by the same rules. The arrival time is not on the wire: it is this mark's
 * own when it is the head, else unknown until the pull brings the head event (applyPull.ts).
 *
 * Null when `row` is an undo of a first mark that was applied: the entry has no mark now (unless
 * a later event the device already holds has marked it again).
 */
export function entryAfterAck(
  entry: EntryRow | undefined,
  row: OutboxRow,
  ack: PushAck,
): EntryRow | undefined | null {
  const head = ack.entry;
  if (row.kind === 'withdrawn' && ack.status === 'applied' && head === null) {
    return entry !== undefined && entry.headSeq > ack.serverSeq ? entry : null;
  }
  if (head === null) return entry;
  if (entry !== undefined && head.headSeq <= entry.headSeq) return entry;
  return {
    pupilId: row.pupilId,
    sessionKey: row.sessionKey,
    session: row.session,
    code: head.code,
    minutesLate: head.minutesLate,
    arrivedAt: head.headEventId === row.eventId ? row.arrivedAt : null,
    headEventId: head.headEventId,
    headSeq: head.headSeq,
    headRole: head.headRole,
    needsReview: head.needsReview,
  };
}

/** The `entries` key of the entry a row changes. */
const entryKey = (row: OutboxRow): [string, string] => [row.pupilId, row.sessionKey];
const entryKeyText = (row: OutboxRow): string => `${row.pupilId} ${row.sessionKey}`;

/**
 * Applies `response` to the rows that were sent. Returns how many of the sent rows the response
 * acknowledged (0 means the server answered without acknowledging anything: a fault to report,
 * not a reason to resend for ever).
 *
 * The acks are applied in order, exactly as one `get` and one write per ack would, but over
 * values held in memory: the outbox rows and entries they touch are read with one bulk read
 * each, and what changed is written back with one bulk write each, all in the one transaction.
 * Several acks may touch the same entry; each sees what the ones before it made of it.
 */
export async function applyAcks(
  db: AppDb,
  sent: readonly OutboxRow[],
  response: PushResponse,
  clockOffsetMs: number | null,
): Promise<number> {
  const byEventId = new Map(sent.map((row) => [row.eventId, row]));
  const matched = response.acks.flatMap((ack) => {
    const row = byEventId.get(ack.eventId);
    return row === undefined ? [] : [{ ack, row }];
  });
  const outboxKeys = [...new Set(matched.map(({ row }) => row.localSeq))];
  const entryKeyRows = new Map(matched.map(({ row }) => [entryKeyText(row), row]));
  const entryKeys = [...entryKeyRows.values()];
  return db.transaction('rw', db.outbox, db.entries, db.meta, async () => {
    const storedRows = await db.outbox.bulkGet(outboxKeys);
    const storedEntries = await db.entries.bulkGet(entryKeys.map(entryKey));
    const rows = new Map(outboxKeys.map((key, i) => [key, storedRows[i]]));
    // Entries as stored (unparsed), then, from the first ack that touches one, parsed once and
    // carried forward in `entries` as each ack changes it.
    const raw = new Map(entryKeys.map((row, i) => [entryKeyText(row), storedEntries[i]]));
    const entries = new Map<string, EntryRow | undefined>();
    const changedRows = new Map<number, OutboxRow>();
    // Null: the entry has no mark now (an undo of its first mark), so it is deleted.
    const changedEntries = new Map<string, EntryRow | null>();
    for (const { ack, row } of matched) {
      // A pull may have recorded this mark already (its earlier answer was lost); the first
      // record of the row stands, and the entry rule below is safe to apply again.
      const current = rows.get(row.localSeq);
      if (current?.status === 'pending') {
        // The row as stored with the acknowledgement's fields changed, as `update` would write.
        const acked: OutboxRow = {
          ...current,
          // Today's server refuses a bad mark with a 422 and stores nothing; an ack saying
          // `rejected` comes only from events stored under the old rules.
          status: ack.status === 'rejected' ? 'rejected' : 'acked',
          serverSeq: ack.serverSeq,
          ackStatus: ack.status,
          ackReason: ack.reason,
        };
        rows.set(row.localSeq, acked);
        changedRows.set(row.localSeq, acked);
      }
      const key = entryKeyText(row);
      if (!entries.has(key)) {
        const stored = raw.get(key);
        entries.set(
          key,
          stored === undefined ? undefined : parseStoredRow('entries', entryRowSchema, stored),
        );
      }
      const entry = entries.get(key);
      const next = entryAfterAck(entry, row, ack);
      if (next === null) {
        entries.set(key, undefined);
        changedEntries.set(key, null);
      } else if (next !== undefined && next !== entry) {
        entries.set(key, next);
        changedEntries.set(key, next);
      }
    }
    if (changedRows.size > 0) await db.outbox.bulkPut([...changedRows.values()]);
    const puts = [...changedEntries.values()].filter((e): e is EntryRow => e !== null);
    if (puts.length > 0) await db.entries.bulkPut(puts);
    const deletes = [...changedEntries].flatMap(([key, e]) => {
      const row = e === null ? entryKeyRows.get(key) : undefined;
      return row === undefined ? [] : [entryKey(row)];
    });
    if (deletes.length > 0) await db.entries.bulkDelete(deletes);
    if (clockOffsetMs !== null) await setMeta(db, 'clockOffsetMs', clockOffsetMs);
    return matched.length;
  });
}
