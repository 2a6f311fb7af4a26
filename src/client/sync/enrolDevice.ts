/**
 * Remembering which device id the server gave this browser (at sign-in). The server numbers each
 * device's marks from 1 and refuses a gap (research/sync.md §1.8), but the outbox's key
 * `++clientSeq` can never be renumbered, and IndexedDB's key generator never goes back. So when
 * the id changes (the tablet was enrolled afresh), the next push moves `clientSeqBase` so that the
 * first mark not yet sent goes as 1. Pending marks are kept and sent under the new id.
 */
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';

/** Stores `deviceId`; when it differs from the one held, the wire numbering restarts at 1. */
export async function enrolDevice(db: AppDb, deviceId: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    if ((await getMeta(db, 'deviceId')) === deviceId) return;
    await setMeta(db, 'deviceId', deviceId);
    await setMeta(db, 'rebaseClientSeq', true);
  });
}

/**
 * The offset to subtract from `clientSeq` on the wire, settling a pending rebase against the
 * first pending row (`firstPendingSeq`) in the same transaction.
 */
export async function wireSeqBase(db: AppDb, firstPendingSeq: number): Promise<number> {
  return db.transaction('rw', db.meta, async () => {
    if ((await getMeta(db, 'rebaseClientSeq')) === true) {
      const base = firstPendingSeq - 1;
      await setMeta(db, 'clientSeqBase', base);
      await setMeta(db, 'rebaseClientSeq', false);
      return base;
    }
    return (await getMeta(db, 'clientSeqBase')) ?? 0;
  });
}
