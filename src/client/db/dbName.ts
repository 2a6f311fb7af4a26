/** The tablet's database's name: Dexie opens it (appDb.ts), the lock screen reads it raw first. */
export const DEFAULT_DB_NAME = 'tickmark';
