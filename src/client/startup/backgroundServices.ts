/**
 * What the app runs beside the screens: the sync engine with its triggers (flush on start,
 * online, tab visible, after marks, on a timer), its status mirrored into the status store, and
 * the request for persistent storage. It is loaded as its own chunk once the first screen is up
 * (startup/afterFirstScreen.ts), so a cold start parses and runs only what the lock screen needs.
 */
import { warmUpMarkCheck } from '../marks/recordMark';
import { systemClock, systemTimers } from '../clock';
import type { AppDb } from '../db/appDb';
import { bindSyncStatusStore, useSyncStatusStore } from '../sync/syncStatusStore';
import { requestPersistentStorage } from '../sync/storagePersistence';
import { createSyncClient } from '../sync/syncClient';
import { createSyncEngine, type SyncEngine } from '../sync/syncEngine';
import { startSyncTriggers } from '../sync/syncTriggers';

export interface BackgroundServices {
  readonly engine: SyncEngine;
  /** Asks the browser (again) to keep this site's storage; a refusal is recorded, not thrown. */
  readonly requestPersistence: () => void;
}

/** Starts the sync engine and its triggers, and asks for persistent storage once. */
export function startBackgroundServices(db: AppDb): BackgroundServices {
  const engine = createSyncEngine({
    db,
    client: createSyncClient(),
    clock: systemClock,
    timers: systemTimers,
    // What the status bar shows already: the engine goes on from it, changing nothing on screen.
    initialStatus: useSyncStatusStore.getState(),
  });
  bindSyncStatusStore(engine);
  startSyncTriggers(engine, window);
  const requestPersistence = () => {
    void requestPersistentStorage(db).catch(() => undefined);
  };
  requestPersistence();
  warmUpMarkCheck();
  return { engine, requestPersistence };
}
