/**
 * Runs before each client test file (vite.config.ts, the `client` project's `setupFiles`). The
 * client project shares its workers between files (`isolate: false`): src/client's modules and
 * the libraries are loaded once per worker, so what one file leaves behind would meet the next.
 * Here each file starts as it would in a fresh worker: an empty IndexedDB, the app's stores as at
 * start-up, no shared database handle, the same wait for the screen; and whatever it rendered,
 * faked or stubbed is put back when it ends (vitest itself restores spies between files).
 *
 * A client test therefore mocks no module of src (`vi.mock` stays registered for the rest of the
 * worker and does not reach a module another file has already loaded): it passes a stand-in in (a
 * `fetch`, `timers`, a database) or spies on a method (`vi.spyOn`), which vitest undoes. The one
 * exception is a library only one file's screens load (uPlot, in ReportsSection.test.tsx).
 */
import 'fake-indexeddb/auto';
import { cleanup, configure } from '@testing-library/react';
import Dexie from 'dexie';
import { IDBFactory } from 'fake-indexeddb';
import { afterAll, beforeAll, vi } from 'vitest';
import { resetLockStore } from './auth/lockStore';
import { replaceDbForTests } from './db/db';
import { resetRegisterChoiceStore } from './register/registerChoiceStore';
import { resetSectionStore } from './shell/sectionStore';
import { resetSyncStatusStore } from './sync/syncStatusStore';

/**
 * How long findBy… and waitFor wait for the screen, in every client test file: IndexedDB and
 * React on a two-core machine busy with other suites take seconds, not Testing Library's default
 * second. It changes no assertion, only how long a failing one takes to fail.
 */
const ASYNC_UTIL_TIMEOUT_MS = 10_000;

beforeAll(() => {
  // Dexie reads its IndexedDB when a database is constructed, so both point at the new one.
  const factory = new IDBFactory();
  globalThis.indexedDB = factory;
  Dexie.dependencies.indexedDB = factory;
  replaceDbForTests(null);
  resetLockStore();
  resetRegisterChoiceStore();
  resetSectionStore();
  resetSyncStatusStore();
  configure({ asyncUtilTimeout: ASYNC_UTIL_TIMEOUT_MS });
});

afterAll(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});
