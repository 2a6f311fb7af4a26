/**
 * Asking the browser to keep Tickmark's storage (docs/design.md §3.1): without it, marks
 * waiting to sync can be evicted under storage pressure, and Safari wipes script-written storage
 * of sites not used for seven days unless the app is installed to the Home Screen. The answer is
 * kept in `meta` so the status bar can show a refusal and suggest installing.
 */
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import type { PersistenceState } from '../db/metaRow';

export type { PersistenceState } from '../db/metaRow';

/** The parts of `navigator.storage` used here; either may be missing in older browsers. */
export interface StorageManagerLike {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
}

const browserStorage = (): StorageManagerLike | undefined =>
  (globalThis.navigator as Navigator | undefined)?.storage as StorageManagerLike | undefined;

/**
 * Asks for persistent storage (once granted, the browser says so without a prompt) and records
 * the answer: `granted`, `refused`, or `unsupported` when the browser has no such API.
 */
export async function requestPersistentStorage(
  db: AppDb,
  storage: StorageManagerLike | undefined = browserStorage(),
): Promise<PersistenceState> {
  let state: PersistenceState;
  if (storage?.persist === undefined) {
    state = 'unsupported';
  } else {
    try {
      const already = (await storage.persisted?.()) ?? false;
      state = already || (await storage.persist()) ? 'granted' : 'refused';
    } catch {
      state = 'refused';
    }
  }
  await setMeta(db, 'persistence', state);
  return state;
}

/** The last recorded answer, or null if storage has not been asked for yet. */
export async function readPersistence(db: AppDb): Promise<PersistenceState | null> {
  return (await getMeta(db, 'persistence')) ?? null;
}
