/**
 * One pusher across tabs (docs/design.md §3.1). With the Web Locks API, a tab runs a flush only
 * while it holds the `tickmark-sync` lock, so two tabs on one tablet never push at once; without
 * it (older Safari, jsdom) a mutex serialises flushes within the page. The lock is for
 * efficiency, not correctness: the server's per-device row lock and unique event ids make two
 * concurrent pushes harmless.
 */

export const SYNC_LOCK_NAME = 'tickmark-sync';

export interface SyncLock {
  run<T>(task: () => Promise<T>): Promise<T>;
}

/** The part of `navigator.locks` this module uses. */
export interface LockManagerLike {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}

export function webLock(locks: LockManagerLike, name: string = SYNC_LOCK_NAME): SyncLock {
  return { run: (task) => locks.request(name, task) };
}

/** Runs tasks one after another within this page. */
export function inPageMutex(): SyncLock {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}

/** Web Locks when the browser has them, otherwise an in-page mutex. */
export function defaultSyncLock(): SyncLock {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks as LockManager | undefined;
  if (locks === undefined) return inPageMutex();
  return webLock({ request: (name, callback) => locks.request(name, () => callback()) });
}
