/**
 * The sync status as UI state: a mirror of the engine's status for the status bar (online,
 * waiting count, last synced, error, clock warning). It holds no data from IndexedDB beyond the
 * counts the engine reports; registers are read through live queries, never from here.
 *
 * It starts from the browser's online flag and the last known reachability, not from "online":
 * the engine loads after the first screen, and until then the bar must not claim a connection.
 */
import { create } from 'zustand';
import { isClockWrong } from './clockOffset';
import { rememberOnline, type ReachabilityPrefs } from './reachability';
import type { StoredSyncStatus } from './storedSyncStatus';
import type { SyncEngine } from './syncEngine';
import { initialSyncStatus, type SyncStatus } from './syncStatus';

export type SyncStatusState = SyncStatus;

export const useSyncStatusStore = create<SyncStatusState>()(() => initialSyncStatus());

/** Whether an engine reports into the store: from then on it, not a stored read, says. */
let isBound = false;

/**
 * Shows what the tablet has stored (read raw at start-up, storedSyncStatus.ts) until the engine
 * reports: the status bar is drawn whole in its first frame. The engine starts from the same
 * status (startup/backgroundServices.ts), so nothing in the bar changes when it does.
 */
export function showStoredSyncStatus(stored: StoredSyncStatus): void {
  if (isBound) return;
  useSyncStatusStore.setState({
    ...stored,
    clockWarning: isClockWrong(stored.clockOffsetMs),
  });
}

/**
 * Keeps the store equal to the engine's status, and remembers whether it was online for the
 * next start; returns the function that stops it.
 */
export function bindSyncStatusStore(
  engine: Pick<SyncEngine, 'subscribe'>,
  prefs?: ReachabilityPrefs | null,
): () => void {
  let remembered: boolean | null = null;
  isBound = true;
  return engine.subscribe((status) => {
    useSyncStatusStore.setState(status, true);
    if (status.isOnline !== remembered) {
      remembered = status.isOnline;
      rememberOnline(status.isOnline, prefs);
    }
  });
}

/** Back to the initial status (for tests and sign-out). */
export function resetSyncStatusStore(): void {
  isBound = false;
  useSyncStatusStore.setState(initialSyncStatus(), true);
}
