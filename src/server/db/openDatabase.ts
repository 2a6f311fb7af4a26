import type { Config } from '../config';
import type { Logger } from '../logger';
import type { Database } from './database';
import { openPgliteDatabase } from './pgliteDatabase';
import { openPostgresDatabase } from './postgresDatabase';

/** Opens the database the configuration names: PostgreSQL when DATABASE_URL is set, else PGlite. */
export async function openDatabase(config: Config, logger?: Logger): Promise<Database> {
  if (config.databaseUrl !== null) {
    return openPostgresDatabase(config.databaseUrl, logger === undefined ? {} : { logger });
  }
  return openPgliteDatabase(config.dataDir);
}
