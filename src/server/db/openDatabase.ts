import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Database } from './database';
import { openPgliteDatabase } from './pgliteDatabase';
import { openPostgresDatabase } from './postgresDatabase';

/**
 * Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite,
 * whose folder is locked for this process until `close()` (a second process is refused with a
 * `DataDirLockedError`). `command` names this process in the lock, for that message.
 */
export async function openDatabase(
  config: Config,
  logger?: Logger,
  command = 'Tickmark server',
): Promise<Database> {
  if (config.databaseUrl !== null) {
    return openPostgresDatabase(config.databaseUrl, {
      timeouts: config.dbTimeouts,
      ...(logger === undefined ? {} : { logger }),
    });
  }
  return openPgliteDatabase(config.dataDir, {
    command,
    ...(logger === undefined ? {} : { logger }),
  });
}
