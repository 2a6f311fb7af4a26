import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../db/appDb';
import { freshDb } from '../testSupport.fixture';
import {
  readPersistence,
  requestPersistentStorage,
  type StorageManagerLike,
} from './storagePersistence';

let db: AppDb;
afterEach(() => db.close());

describe('requestPersistentStorage', () => {
  it.each<[string, StorageManagerLike | undefined, string]>([
    ['no storage API', undefined, 'unsupported'],
    ['no persist()', {}, 'unsupported'],
    ['already persisted', { persisted: async () => true, persist: async () => false }, 'granted'],
    ['granted when asked', { persisted: async () => false, persist: async () => true }, 'granted'],
    ['refused when asked', { persisted: async () => false, persist: async () => false }, 'refused'],
    ['persist() throws', { persist: () => Promise.reject(new Error('no')) }, 'refused'],
  ])('%s → %s, recorded for the status bar', async (_why, storage, expected) => {
    db = freshDb();
    expect(await readPersistence(db)).toBeNull();
    expect(await requestPersistentStorage(db, storage)).toBe(expected);
    expect(await readPersistence(db)).toBe(expected);
  });

  it('reports unsupported in a browser without navigator.storage (jsdom)', async () => {
    db = freshDb();
    expect(await requestPersistentStorage(db)).toBe('unsupported');
  });
});
