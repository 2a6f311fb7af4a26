import type { AppDb } from '../db/appDb';
import { getDb } from '../db/db';
import { readPersistence, type PersistenceState } from './storagePersistence';
import { useLiveQuery } from '../ui/useLiveQuery';

/**
 * Whether the browser agreed to keep this app's storage: null before it was asked, undefined
 * while reading. The status bar warns on `refused` and `unsupported`.
 */
export function useStoragePersistence(db: AppDb = getDb()): PersistenceState | null | undefined {
  return useLiveQuery(() => readPersistence(db), [db]);
}
