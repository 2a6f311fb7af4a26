/**
 * The sync status as UI state: a mirror of the engine's status for the status bar (online,
 * waiting count, last synced, error, clock warning). It holds no data from IndexedDB beyond the
 * counts the engine reports; registers are read through live queries, never from here.
 */
import { create } from 'zustand';
import type { SyncEngine } from '../sync/syncEngine';
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../sync/syncStatus';

export type SyncStatusState = SyncStatus;

export const useSyncStatusStore = create<SyncStatusState>()(() => ({ ...INITIAL_SYNC_STATUS }));

/** Keeps the store equal to the engine's status; returns the function that stops it. */
export function bindSyncStatusStore(engine: Pick<SyncEngine, 'subscribe'>): () => void {
  return engine.subscribe((status) => useSyncStatusStore.setState(status, true));
}

/** Back to the initial status (for tests and sign-out). */
export function resetSyncStatusStore(): void {
  useSyncStatusStore.setState({ ...INITIAL_SYNC_STATUS }, true);
}
