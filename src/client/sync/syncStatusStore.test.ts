import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { freshDb } from '../testSupport.fixture';
import type { SyncClient } from './syncClient';
import {
  createSyncEngine,
  INITIAL_SYNC_STATUS,
  type SyncEngine,
  type SyncStatus,
} from './syncEngine';
import {
  bindSyncStatusStore,
  resetSyncStatusStore,
  showStoredSyncStatus,
  useSyncStatusStore,
} from './syncStatusStore';

afterEach(() => resetSyncStatusStore());

function statusSource() {
  const listeners = new Set<(status: SyncStatus) => void>();
  const engine: Pick<SyncEngine, 'subscribe'> = {
    subscribe: (listener) => {
      listeners.add(listener);
      listener(INITIAL_SYNC_STATUS);
      return () => listeners.delete(listener);
    },
  };
  const emit = (patch: Partial<SyncStatus>) => {
    for (const l of listeners) l({ ...INITIAL_SYNC_STATUS, ...patch });
  };
  return { engine, emit, count: () => listeners.size };
}

describe('syncStatusStore', () => {
  it('mirrors the engine’s status until unbound', () => {
    const { engine, emit, count } = statusSource();
    const unbind = bindSyncStatusStore(engine, null);
    emit({ pendingCount: 4, isOnline: false, clockOffsetMs: 300_000, clockWarning: true });
    expect(useSyncStatusStore.getState()).toMatchObject({
      pendingCount: 4,
      isOnline: false,
      clockWarning: true,
    });
    unbind();
    expect(count()).toBe(0);
    emit({ pendingCount: 9 });
    expect(useSyncStatusStore.getState().pendingCount).toBe(4);
  });

  it('resets to the initial status', () => {
    const { engine, emit } = statusSource();
    bindSyncStatusStore(engine, null);
    emit({ error: { kind: 'not_enrolled', message: 'Sign in.' } });
    resetSyncStatusStore();
    expect(useSyncStatusStore.getState()).toEqual(INITIAL_SYNC_STATUS);
  });

  it('shows the stored status until an engine reports, and an engine started from it changes nothing on screen', () => {
    const stored = {
      pendingCount: 2,
      rejectedCount: 1,
      lastSyncedAt: '2025-09-08T08:40:00.000Z',
      clockOffsetMs: 600_000,
    };
    showStoredSyncStatus(stored);
    const shown = useSyncStatusStore.getState();
    expect(shown).toMatchObject({ ...stored, clockWarning: true });

    // The engine's first report comes at once, before its own read of the database ends.
    const db = freshDb();
    const engine = createSyncEngine({
      db,
      client: {} as SyncClient,
      initialStatus: useSyncStatusStore.getState(),
    });
    const unbind = bindSyncStatusStore(engine, null);
    expect(useSyncStatusStore.getState()).toEqual(shown);

    // Once an engine reports, a late stored read is not shown over it.
    showStoredSyncStatus({ ...stored, pendingCount: 9 });
    expect(useSyncStatusStore.getState().pendingCount).toBe(2);
    unbind();
    engine.dispose();
    db.close();
  });
});
