/**
 * Reading the tablet's database straight from IndexedDB, for the first load, which has neither
 * Dexie nor zod (docs/design.md §3.1): the lock screen and the status bar above it are drawn from
 * one such read (auth/lockFacts.ts `readStoredLockFacts`). Values are checked by hand by the
 * callers, as the row schemas would check them.
 *
 * This path only reads: it opens the database Dexie opens at whatever version is on disk (Dexie
 * keeps its own version × 10 there) and never creates or upgrades it. On a tablet that has no
 * database yet the open asks for an upgrade; this path aborts it, so nothing is created.
 */

// The same pattern as zod's `z.iso.datetime({ offset: true })` (seconds required, any fraction,
// `Z` or an offset).
const DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/** An ISO date-time with an offset, as `instantField` (db/rowFields.ts) accepts it. */
export const isInstant = (value: unknown): value is string =>
  typeof value === 'string' && DATETIME.test(value);

/** The `value` of a `meta` row (db/metaRow.ts), or undefined. */
export const valueOf = (row: unknown): unknown =>
  typeof row === 'object' && row !== null ? (row as { value?: unknown }).value : undefined;

/** The request's result, or its error. */
export function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens `name` at the version on disk; null when there is no such database (nothing created). */
export function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    let isNew = false;
    request.onupgradeneeded = () => {
      // No database yet (a version-less open only asks for an upgrade then): create nothing.
      isNew = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => {
      const db = request.result;
      if (isNew) {
        db.close();
        resolve(null);
        return;
      }
      // Never stand in the way of Dexie opening or upgrading the database.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = (event) => {
      if (isNew) {
        // The aborted upgrade: the database was not created.
        event.preventDefault();
        resolve(null);
        return;
      }
      reject(request.error ?? new Error(`IndexedDB could not open ${name}`));
    };
    request.onblocked = () => undefined;
  });
}
