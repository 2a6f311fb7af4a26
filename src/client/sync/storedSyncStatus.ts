/**
 * What the status bar shows that is stored on the tablet — the marks waiting and refused, the
 * last sync, the clock's error — read raw with the lock screen's facts (auth/lockFacts.ts
 * `readStoredLockFacts`) before Dexie, zod and the sync engine have loaded, and put in the status
 * store (syncStatusStore.ts `showStoredSyncStatus`). The lock screen's status bar is so drawn
 * whole in its first frame: its note ("Marks are saved on this tablet…") and its clock warning
 * are there from the start, and do not arrive later and push the PIN pad down under a finger.
 *
 * Values are checked by hand as `META_SCHEMAS` (db/metaRow.ts) checks them; one that does not
 * pass reads as missing, as `getMeta` reads it. The counts go through the outbox's `status`
 * index, as marks/outboxCounts.ts counts them, no row read.
 */
import { isInstant, settled, valueOf } from '../db/rawRead';

export interface StoredSyncStatus {
  /** Marks saved on this tablet that have not reached the office. */
  readonly pendingCount: number;
  /** Marks the office refused. */
  readonly rejectedCount: number;
  /** Device time of the last complete sync. */
  readonly lastSyncedAt: string | null;
  /** Server time minus tablet time, from the last sync. */
  readonly clockOffsetMs: number | null;
}

/** A new tablet's: nothing waiting, never synced. */
export const NOTHING_STORED: StoredSyncStatus = {
  pendingCount: 0,
  rejectedCount: 0,
  lastSyncedAt: null,
  clockOffsetMs: null,
};

/** Reads them in `transaction`, which covers `meta` (and `outbox` when the tablet has one). */
export async function readStoredSyncStatus(transaction: IDBTransaction): Promise<StoredSyncStatus> {
  const meta = transaction.objectStore('meta');
  const hasOutbox = transaction.objectStoreNames.contains('outbox');
  const byStatus = hasOutbox ? transaction.objectStore('outbox').index('status') : null;
  const count = (status: string): Promise<number> =>
    byStatus === null ? Promise.resolve(0) : settled(byStatus.count(IDBKeyRange.only(status)));
  const [pendingCount, rejectedCount, lastSyncedRow, clockOffsetRow] = await Promise.all([
    count('pending'),
    count('rejected'),
    settled(meta.get('lastSyncedAt')),
    settled(meta.get('clockOffsetMs')),
  ]);
  const lastSyncedAt = valueOf(lastSyncedRow);
  const clockOffsetMs = valueOf(clockOffsetRow);
  return {
    pendingCount,
    rejectedCount,
    lastSyncedAt: isInstant(lastSyncedAt) ? lastSyncedAt : null,
    clockOffsetMs:
      typeof clockOffsetMs === 'number' && Number.isFinite(clockOffsetMs) ? clockOffsetMs : null,
  };
}
