/**
 * The app's database instance. Screens and the sync engine get it from {@link getDb}; tests open
 * their own with {@link openAppDb} (a unique name each, over fake-indexeddb) and pass it in, or
 * swap the app's instance with {@link replaceDbForTests}.
 */
import { AppDb, DEFAULT_DB_NAME } from './appDb';

let current: AppDb | null = null;

/** A new handle on the database called `name` (opened on first use). */
export function openAppDb(name: string = DEFAULT_DB_NAME): AppDb {
  return new AppDb(name);
}

/** The app's shared database, created on first call. */
export function getDb(): AppDb {
  current ??= openAppDb();
  return current;
}

/** Replaces the shared database (null: the next `getDb()` opens the default one again). */
export function replaceDbForTests(db: AppDb | null): void {
  current = db;
}
