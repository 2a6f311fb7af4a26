/**
 * A read kept up to date with the tables it reads, for every part of the app that follows it
 * (the status bar, the update prompt, the sync engine's trigger): ONE read per write, however
 * many follow it, and never inside the write's commit.
 *
 * Dexie's `liveQuery` runs each subscriber's query again inside the `complete` event of the
 * write that changed it, so on a tap the outbox counts (followed twice) were read while the
 * tap's own commit was still being handled. Here a write only marks the read stale (Dexie's
 * `storagemutated`, which also carries other tabs' writes); the read runs again in a task of its
 * own just after. A read during which a write arrived is thrown away and made again, as
 * `liveQuery` does, so a value published is never a mix of before and after one write.
 */
import { Dexie, type ObservabilitySet } from 'dexie';
import type { AppDb } from './appDb';

/** The tables of `db` that a write (`storagemutated`'s parts) touched. */
export function tablesTouched(
  parts: ObservabilitySet,
  dbName: string,
): ReadonlySet<string> | 'all' {
  if ('all' in parts) return 'all';
  const prefix = `idb://${dbName}/`;
  const tables = new Set<string>();
  for (const part of Object.keys(parts)) {
    if (!part.startsWith(prefix)) continue;
    const table = part.slice(prefix.length).split('/')[0];
    if (table !== undefined) tables.add(table);
  }
  return tables;
}

export interface LiveRead<T> {
  /**
   * Follows the read: `listener` gets each new value (at once with the last one, if any), `onError`
   * a failed read. The first subscriber starts the reading, the last one's leaving stops it.
   */
  subscribe(listener: (value: T) => void, onError?: (error: unknown) => void): () => void;
  /** The last value read, while anyone follows it (undefined before the first read ends). */
  current(): T | undefined;
}

/** `read` of `db`, read again after each committed write to any of `tables`. */
export function liveRead<T>(
  db: AppDb,
  tables: readonly string[],
  read: () => Promise<T>,
): LiveRead<T> {
  const listeners = new Set<{ next: (value: T) => void; error?: (error: unknown) => void }>();
  let last: { value: T } | undefined;
  let isReading = false;
  let isScheduled = false;
  // Bumped by every write to the tables: a read that saw a bump is not published.
  let changes = 0;

  const run = () => {
    isScheduled = false;
    if (listeners.size === 0) return;
    isReading = true;
    const startedAt = changes;
    read().then(
      (value) => {
        isReading = false;
        if (listeners.size === 0) return;
        if (changes !== startedAt) {
          schedule();
          return;
        }
        last = { value };
        for (const listener of [...listeners]) listener.next(value);
      },
      (error: unknown) => {
        isReading = false;
        for (const listener of [...listeners]) listener.error?.(error);
      },
    );
  };
  function schedule(): void {
    if (isScheduled || isReading || listeners.size === 0) return;
    isScheduled = true;
    setTimeout(run, 0);
  }
  const onWrite = (parts: ObservabilitySet) => {
    const touched = tablesTouched(parts, db.name);
    if (touched !== 'all' && !tables.some((table) => touched.has(table))) return;
    changes += 1;
    schedule();
  };

  return {
    subscribe(next, error) {
      const listener = error === undefined ? { next } : { next, error };
      listeners.add(listener);
      if (listeners.size === 1) {
        Dexie.on.storagemutated.subscribe(onWrite);
        changes += 1;
        if (isReading) schedule();
        else run();
      } else if (last !== undefined) {
        next(last.value);
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size > 0) return;
        Dexie.on.storagemutated.unsubscribe(onWrite);
        last = undefined;
      };
    },
    current: () => last?.value,
  };
}
