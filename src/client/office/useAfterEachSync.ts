/**
 * Calls `callback` each time the device finishes a sync (the engine's `isSyncing` goes from true
 * to false): tablets' marks have just arrived, so the office's lists are worth reading again.
 * Not tied to `lastSyncedAt`, which stays the same when the device clock does not move.
 */
import { useEffect } from 'react';
import { useSyncStatusStore } from '../sync/syncStatusStore';

export function useAfterEachSync(callback: () => void): void {
  useEffect(
    () =>
      useSyncStatusStore.subscribe((state, previous) => {
        if (previous.isSyncing && !state.isSyncing) callback();
      }),
    [callback],
  );
}
