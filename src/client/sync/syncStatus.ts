/**
 * The sync engine's status as the status bar shows it, apart from the engine itself: the app's
 * first screen reads it (sync/syncStatusStore.ts) while the engine loads later, in its own
 * chunk.
 */
import { lastKnownOnline } from './reachability';
import type { SyncFailure } from './syncClient';

/** Why the last flush did not finish, for the status bar. */
export type SyncError =
  | SyncFailure
  | { readonly kind: 'not_enrolled'; readonly message: string }
  | { readonly kind: 'storage'; readonly message: string };

export interface SyncStatus {
  readonly isSyncing: boolean;
  /** The browser's online flag, corrected by what the last request found. */
  readonly isOnline: boolean;
  /** Marks saved on this tablet that have not reached the office. */
  readonly pendingCount: number;
  /** Marks the office refused; each keeps the server's reason. */
  readonly rejectedCount: number;
  /** ISO device time of the last flush where push and pull both succeeded. */
  readonly lastSyncedAt: string | null;
  readonly error: SyncError | null;
  /** Server time minus tablet time, from the last answer. */
  readonly clockOffsetMs: number | null;
  /** The tablet's clock is more than two minutes out. */
  readonly clockWarning: boolean;
  /** Device time (ms) of the next automatic retry after a transient failure. */
  readonly nextRetryAt: number | null;
}

export const INITIAL_SYNC_STATUS: SyncStatus = {
  isSyncing: false,
  isOnline: true,
  pendingCount: 0,
  rejectedCount: 0,
  lastSyncedAt: null,
  error: null,
  clockOffsetMs: null,
  clockWarning: false,
  nextRetryAt: null,
};

/**
 * The status before the engine has said anything: offline when the browser says so or the last
 * request found the office unreachable, so an offline start never shows "Online" first.
 */
export function initialSyncStatus(): SyncStatus {
  return { ...INITIAL_SYNC_STATUS, isOnline: lastKnownOnline() };
}
