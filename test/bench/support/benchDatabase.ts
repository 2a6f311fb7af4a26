/**
 * A fresh, migrated database for a benchmark: the built-in one (its own PostgreSQL in a
 * temporary folder, as `npm start` runs it: fsync on, a Unix socket) or a new database on the
 * machine's PostgreSQL (TICKMARK_TEST_POSTGRES_URL, over loopback).
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import type { Database } from '../../../src/server/db/database';
import { openEmbeddedDatabase } from '../../../src/server/db/embeddedDatabase';
import { openPostgresDatabase } from '../../../src/server/db/postgresDatabase';
import { prepareDatabase } from '../../../src/server/prepareDatabase';
import { createFreshDatabase } from '../../process/freshPostgres';

export type BenchDatabaseKind = 'built-in' | 'postgres';

export const BENCH_DATABASE_NAMES: Record<BenchDatabaseKind, string> = {
  'built-in': 'Built-in database (its own PostgreSQL 18, fsync on, Unix socket)',
  postgres: 'PostgreSQL (loopback)',
};

export interface BenchDatabase {
  readonly db: Database;
  /** Where a client of its own connects (a limit measured with COPY needs a bare connection). */
  readonly clientConfig: pg.ClientConfig;
  close(): Promise<void>;
}

/** A new temporary folder the built-in PostgreSQL may enter (it runs as `postgres` under root). */
export async function benchDataDir(
  prefix: string,
): Promise<{ dir: string; remove(): Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  await chmod(root, 0o755);
  return { dir: join(root, 'data'), remove: () => rm(root, { recursive: true, force: true }) };
}

export async function openBenchDatabase(kind: BenchDatabaseKind): Promise<BenchDatabase> {
  if (kind === 'built-in') {
    const folder = await benchDataDir('tickmark-bench-db-');
    const db = await openEmbeddedDatabase(folder.dir);
    await prepareDatabase(db);
    return {
      db,
      clientConfig: db.connection,
      close: async () => {
        await db.close();
        await folder.remove();
      },
    };
  }
  const fresh = await createFreshDatabase();
  const db = openPostgresDatabase(fresh.url, { max: 5 });
  await prepareDatabase(db);
  return {
    db,
    clientConfig: { connectionString: fresh.url },
    close: async () => {
      await db.close();
      await fresh.drop();
    },
  };
}
