import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Database } from './database';
import { openEmbeddedDatabase } from './embeddedDatabase';
import { openPostgresDatabase } from './postgresDatabase';

/**
 * Opens the database the configuration names: the PostgreSQL at DATABASE_URL when it is set,
 * else the built-in PostgreSQL in DATA_DIR, whose folder is locked for this process until
 * `close()` (a second process is refused with a `DataDirLockedError`). `command` names this
 * process in the lock, for that message.
 */
export async function openDatabase(
  config: Config,
  logger?: Logger,
  command = 'Tickmark server',
): Promise<Database> {
  const options = {
    timeouts: config.dbTimeouts,
    ...(logger === undefined ? {} : { logger }),
  };
  if (config.databaseUrl !== null) return openPostgresDatabase(config.databaseUrl, options);
  return openEmbeddedDatabase(config.dataDir, { ...options, command });
}
