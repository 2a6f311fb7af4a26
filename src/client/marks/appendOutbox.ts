/**
 * The one write of a tap: one outbox row added in one read-write transaction of its own, with
 * strict durability, on the IndexedDB connection under Dexie (`db.backendDB()`).
 *
 * Why not `db.outbox.add`: Dexie commits its transaction only after the add's success event has
 * reached the page's main thread and run through Dexie's promise chain, and on a slow tablet that
 * main thread is busy drawing the tapped tile. Here the transaction is told to commit as soon as
 * the add is queued (`commit()`), so storage commits while the tile is drawn, and the page hears
 * once, at `complete`.
 *
 * The outbox's guarantees are IndexedDB's own and hold as through Dexie: the same object store
 * and row, `++localSeq` given by the store's key generator (device order), `eventId` unique by its
 * index, and nothing saved unless the transaction commits.
 *
 * Dexie does not see this write, so it is announced as Dexie announces a write made in another
 * tab: on Dexie's cross-tab channel, naming the parts of the outbox it changed. Every Dexie
 * in this page and in the tablet's other tabs then drops the cached reads it touched and tells
 * its live readers (`Dexie.on.storagemutated`: the register view, the outbox counts, `liveQuery`).
 * A test (appendOutbox.test.ts) holds this to Dexie's channel.
 */
import { RangeSet, type ObservabilitySet } from 'dexie';
import type { AppDb } from '../db/appDb';
import type { NewOutboxRow } from '../db/outboxRow';

/** Dexie's channel for writes made elsewhere (its `STORAGE_MUTATED_DOM_EVENT_NAME`). */
export const DEXIE_WRITES_CHANNEL = 'x-storagemutated-1';

let channel: BroadcastChannel | null | undefined;

function writesChannel(): BroadcastChannel | null {
  if (channel === undefined) {
    channel =
      typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(DEXIE_WRITES_CHANNEL);
    // Node (the tests): the channel must not keep the process alive.
    (channel as { unref?: () => void } | null)?.unref?.();
  }
  return channel;
}

/**
 * The parts of the outbox an added row changed, as Dexie's own write would name them: its key,
 * and each index's value for it.
 */
export function addedParts(db: AppDb, localSeq: number, row: NewOutboxRow): ObservabilitySet {
  const table = `idb://${db.name}/outbox/`;
  const parts: ObservabilitySet = {
    [table]: new RangeSet().addKey(localSeq),
    [`${table}:dels`]: new RangeSet(),
  };
  const withKey = { ...row, localSeq };
  for (const index of db.core.table('outbox').schema.indexes) {
    // Dexie names the stored indexes only (a query on a compound index's first part, a
    // "virtual" index, is watched through the compound index).
    if ((index as { readonly isVirtual?: boolean }).isVirtual === true) continue;
    const key: unknown = index.extractKey?.(withKey);
    if (key == null) continue;
    parts[`${table}${index.name ?? ''}`] = new RangeSet().addKey(key as never);
  }
  return parts;
}

/**
 * Adds `row` to the outbox in a transaction of its own and commits it.
 *
 * @returns the row's `localSeq` once the transaction has committed; rejects with IndexedDB's
 *   error (a `QuotaExceededError` when storage is full) when it did not, and then nothing was
 *   saved.
 */
export function appendOutboxRow(db: AppDb, row: NewOutboxRow): Promise<number> {
  let tx: IDBTransaction;
  try {
    // Closed under Dexie (another tab upgraded the database, say): Dexie's add reopens it.
    if (!db.isOpen()) return db.outbox.add(row);
    tx = db.backendDB().transaction('outbox', 'readwrite', { durability: 'strict' });
  } catch {
    return db.outbox.add(row);
  }
  let request: IDBRequest<IDBValidKey>;
  try {
    request = tx.objectStore('outbox').add(row);
    // Older browsers (Safari before 15) have no commit(): the transaction commits by itself once
    // the add is done, a little later.
    if (typeof tx.commit === 'function') tx.commit();
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already over: nothing was added.
    }
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  return new Promise<number>((resolve, reject) => {
    tx.oncomplete = () => {
      const localSeq = request.result as number;
      writesChannel()?.postMessage(addedParts(db, localSeq, row));
      resolve(localSeq);
    };
    tx.onabort = () => {
      reject(tx.error ?? request.error ?? new DOMException('The write was aborted.', 'AbortError'));
    };
  });
}
