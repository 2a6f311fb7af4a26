/**
 * The built-in database (no DATABASE_URL): the folder's lock for this process (dataDirLock.ts),
 * then its own PostgreSQL server (embedded/embeddedCluster.ts), then a connection pool on it like
 * any PostgreSQL's. `close()` ends the pool, stops the server cleanly and releases the lock.
 */
import pg from 'pg';
import type { DatabaseTimeouts } from '../config';
import type { Logger } from '../logger';
import { lockDataDir, type DataDirLock } from './dataDirLock';
import type { Database } from './database';
import { startEmbeddedCluster, type RunningCluster } from './embedded/embeddedCluster';
import { openPool } from './postgresDatabase';

/** The database Tickmark's tables live in, inside the built-in server. */
export const EMBEDDED_DATABASE = 'tickmark';

export interface EmbeddedDatabase extends Database {
  /** Where the pool connects: for tools run on this machine (tests, benchmarks). */
  readonly connection: RunningCluster['connection'] & { database: string };
}

/** Creates Tickmark's database inside a new server (also after a crash between the two steps). */
async function ensureDatabase(connection: RunningCluster['connection']): Promise<void> {
  const admin = new pg.Client({ ...connection, database: 'postgres' });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      EMBEDDED_DATABASE,
    ]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
  } finally {
    await admin.end();
  }
}

/**
 * Opens the built-in database in `dataDir`, creating it on first use.
 *
 * @param options.lock a lock on `dataDir` the caller already holds (and releases itself); by
 *   default the folder is locked here and the lock released by `close()`.
 * @param options.command names this process in the lock file, for the message a second one gets.
 */
export async function openEmbeddedDatabase(
  dataDir: string,
  options: {
    lock?: DataDirLock;
    command?: string;
    logger?: Logger;
    timeouts?: DatabaseTimeouts;
    max?: number;
  } = {},
): Promise<EmbeddedDatabase> {
  const ownLock = options.lock ?? (await lockDataDir(dataDir, options.command ?? 'Tickmark'));
  const release = options.lock === undefined ? () => ownLock.release() : async () => undefined;
  if (ownLock.tookOverFrom !== null) {
    options.logger?.warn('took over the database folder from a process that is no longer running', {
      lock: ownLock.path,
      pid: ownLock.tookOverFrom.pid,
      startedAt: ownLock.tookOverFrom.startedAt,
    });
  }
  let cluster: RunningCluster;
  try {
    cluster = await startEmbeddedCluster(
      dataDir,
      options.logger === undefined ? {} : { logger: options.logger },
    );
  } catch (err) {
    await release();
    throw err;
  }
  try {
    await ensureDatabase(cluster.connection);
  } catch (err) {
    await cluster.stop();
    await release();
    throw err;
  }
  const connection = { ...cluster.connection, database: EMBEDDED_DATABASE };
  const pool = openPool(connection, {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.timeouts === undefined ? {} : { timeouts: options.timeouts }),
    ...(options.max === undefined ? {} : { max: options.max }),
  });
  let closing: Promise<void> | null = null;
  return {
    kind: 'built-in',
    connection,
    query: pool.query,
    exec: pool.exec,
    transaction: (fn) => pool.transaction(fn),
    close: () =>
      (closing ??= (async () => {
        try {
          await pool.close();
        } finally {
          try {
            await cluster.stop();
          } finally {
            await release();
          }
        }
      })()),
  };
}
