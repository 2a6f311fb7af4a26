/**
 * The wire numbers (`clientSeq`) outbox rows are sent under. The server numbers each device's
 * events 1, 2, 3… with no gaps, answers a number it has stored with the stored acknowledgement,
 * and refuses a batch holding a rule-breaking mark whole (422, nothing stored). So a row gets its
 * number when it is first sent, not when it is saved, and:
 *
 * - the number is kept until the server answers: a resend after a lost response carries the
 *   same number, so the server recognises it and nothing is stored twice;
 * - after a refusal the refused rows lose their number (they are `rejected`, never sent again)
 *   and so does every row numbered at or after the server's `expected`; the counter goes back
 *   to `expected` and those rows are numbered afresh, in device order, on the next push;
 * - after a gap the same happens from `expected`, for rows still waiting for an answer only.
 *
 * Each step is ONE Dexie transaction over the outbox and the counter (`meta.nextWireSeq`), so
 * another tab, or a tab killed half-way, never sees a number given twice or a counter out of
 * step with the rows. Invariants: the `pending` rows holding a number hold distinct numbers,
 * and they come before every pending row without one in device order (numbers are given to the
 * oldest unnumbered rows, and taken back only from the newest numbered ones).
 */
import { Dexie } from 'dexie';
import type { EventsRejectedDetails } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import { outboxRowSchema, type OutboxRow } from '../db/outboxRow';
import { parseStoredRow } from '../db/storedRowError';

/** An outbox row that has been given its wire number. */
export type NumberedRow = OutboxRow & { readonly wireSeq: number };

const isNumbered = (row: OutboxRow): row is NumberedRow => row.wireSeq !== null;

/** Pending rows numbered `from` or later, in wire order. */
const pendingFrom = (db: AppDb, from: number) =>
  db.outbox
    .where('[status+wireSeq]')
    .between(['pending', from], ['pending', Dexie.maxKey], true, true);

/** The next batch to push and the device id its numbers belong to. */
export interface NextBatch {
  /** Undefined before the first sign-in: nothing is numbered then. */
  readonly deviceId: string | undefined;
  readonly rows: NumberedRow[];
}

/**
 * The rows of the next push, at most `limit`, in wire order: first the rows already numbered and
 * still waiting for an answer (they go again under the same numbers), then, when there is room,
 * the oldest unnumbered pending rows, given the next numbers now. Read with the device id in one
 * transaction, so a sign-in elsewhere cannot slip between the numbers and the id they are for.
 */
export async function numberNextBatch(db: AppDb, limit: number): Promise<NextBatch> {
  return db.transaction('rw', db.outbox, db.meta, async () => {
    const deviceId = await getMeta(db, 'deviceId');
    return { deviceId, rows: deviceId === undefined ? [] : await numberRows(db, limit) };
  });
}

/** The numbering itself; runs inside numberNextBatch's transaction. */
async function numberRows(db: AppDb, limit: number): Promise<NumberedRow[]> {
  const waiting = (await pendingFrom(db, 1).limit(limit).toArray()).map((raw) =>
    parseStoredRow('outbox', outboxRowSchema, raw),
  );
  const batch = waiting.filter(isNumbered);
  const room = limit - batch.length;
  if (room <= 0) return batch;

  // Fewer than `limit` numbered rows came back, so `batch` holds every numbered pending row and
  // the first `limit` pending rows in device order hold the `room` oldest unnumbered ones (or all
  // there are), whatever the order of numbered and unnumbered rows. One bounded read, filtered
  // here, rather than a filtered cursor stepping through the rows one at a time.
  const fresh = (await db.outbox.where('status').equals('pending').limit(limit).toArray())
    .filter((raw) => raw.wireSeq === null)
    .slice(0, room);
  if (fresh.length === 0) return batch;
  // The counter is the truth; the highest number held is a guard against a counter that was
  // damaged (it reads as missing) while rows still wait under numbers.
  const held = batch.at(-1)?.wireSeq ?? 0;
  let next = Math.max((await getMeta(db, 'nextWireSeq')) ?? 1, held + 1);
  // Each row is written back as it was stored with only its number added (what `update` would
  // do), all in one bulk write; the parsed copy is what goes on the wire.
  const stored: OutboxRow[] = [];
  for (const raw of fresh) {
    const row = parseStoredRow('outbox', outboxRowSchema, raw);
    stored.push({ ...raw, wireSeq: next });
    batch.push({ ...row, wireSeq: next });
    next += 1;
  }
  await db.outbox.bulkPut(stored);
  await setMeta(db, 'nextWireSeq', next);
  return batch;
}

/**
 * Whether the device id is still the one a batch was sent under. A sign-in in another tab may
 * enrol a new id while a push is out; numbering has then restarted at 1 for the new id, and an
 * answer about the old id's numbers must not move it.
 */
async function stillEnrolledAs(db: AppDb, deviceId: string): Promise<boolean> {
  return (await getMeta(db, 'deviceId')) === deviceId;
}

/**
 * Records a 422 `events_rejected` answer to `sent` (sent as `deviceId`) in one transaction: each
 * refused row becomes `rejected` with the server's message (kept and shown, never sent again),
 * every pending row numbered at or after `details.expected` loses its number, and the counter
 * goes back to `expected`. Rows numbered below `expected` were resends of marks the server
 * holds: they keep their numbers and are answered with the stored acknowledgements next time.
 *
 * @returns how many sent rows were marked rejected (0 means the answer named none of them)
 */
export async function recordRefusal(
  db: AppDb,
  deviceId: string,
  sent: readonly OutboxRow[],
  details: EventsRejectedDetails,
): Promise<number> {
  const byEventId = new Map(sent.map((row) => [row.eventId, row]));
  return db.transaction('rw', db.outbox, db.meta, async () => {
    let rejected = 0;
    for (const refusal of details.rejected) {
      const row = byEventId.get(refusal.eventId);
      if (row === undefined) continue;
      const current = await db.outbox.get(row.localSeq);
      if (current?.status !== 'pending') continue;
      await db.outbox.update(row.localSeq, {
        status: 'rejected',
        wireSeq: null,
        serverSeq: null,
        ackStatus: 'rejected',
        ackReason: refusal.message,
      });
      rejected += 1;
    }
    if (await stillEnrolledAs(db, deviceId)) {
      await pendingFrom(db, details.expected).modify({ wireSeq: null });
      await setMeta(db, 'nextWireSeq', details.expected);
    }
    return rejected;
  });
}

/**
 * After a 409 `sequence_gap` to a batch sent as `deviceId`: the pending rows numbered `expected`
 * or later lose their numbers and the counter goes back to `expected`, so the next push numbers
 * them afresh from there. Acknowledged rows are left as they are (see the sync engine's header
 * for why).
 *
 * @returns how many rows will go again under new numbers (0: renumbering cannot help)
 */
export async function renumberFrom(db: AppDb, deviceId: string, expected: number): Promise<number> {
  return db.transaction('rw', db.outbox, db.meta, async () => {
    if (!(await stillEnrolledAs(db, deviceId))) return 0;
    const count = await pendingFrom(db, expected).modify({ wireSeq: null });
    if (count > 0) await setMeta(db, 'nextWireSeq', expected);
    return count;
  });
}

/**
 * Numbering starts again at 1 (a new device id): every pending row loses its number. Call inside
 * a transaction over `outbox` and `meta`.
 */
export async function restartWireNumbers(db: AppDb): Promise<void> {
  await pendingFrom(db, 1).modify({ wireSeq: null });
  await setMeta(db, 'nextWireSeq', 1);
}

/**
 * The server was restored from a backup (its pull answered `reset`): the marks it acknowledged
 * after the backup are no longer in its record, and the tablet cannot tell which. Every
 * acknowledged row goes back to `pending` and every pending row loses its number, so all of them
 * are sent again in device order under fresh numbers; the server recognises each mark it still
 * holds by its `eventId` and acknowledges it as stored, and records the lost ones again. The
 * counter is NOT moved back: a number this device used before might still be stored under another
 * mark, and the gap the server answers to a higher number renumbers from the one it expects.
 * Refused rows stay refused. Call inside a transaction over `outbox` and `meta`.
 *
 * @returns how many acknowledged rows were put back in the queue
 */
export async function requeueAfterRestore(db: AppDb): Promise<number> {
  await pendingFrom(db, 1).modify({ wireSeq: null });
  return db.outbox.where('status').equals('acked').modify({
    status: 'pending',
    wireSeq: null,
    serverSeq: null,
    ackStatus: null,
    ackReason: null,
  });
}
