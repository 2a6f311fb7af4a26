/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in a data folder (or in memory for
 * tests). It serves one connection, so its queries and transactions are serialised by PGlite.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
import type { Logger } from '../logger';
import { lockDataDir, type DataDirLock } from './dataDirLock';
import { PG_TYPE, parseInt8 } from './database';
import type { Database, QueryResult, Queryable } from './database';

type PgliteRunner = Pick<PGlite | Transaction, 'query' | 'exec'>;

function wrap(runner: PgliteRunner): Queryable {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await runner.query<T>(sql, [...params]);
      const count = result.affectedRows ?? result.rowCount ?? result.rows.length;
      return {
        rows: result.rows,
        rowCount: Math.max(count, result.rows.length),
      } satisfies QueryResult<T>;
    },
    async exec(sql: string) {
      await runner.exec(sql);
    },
  };
}

/**
 * Opens (creating on first use) a PGlite database. A folder is locked for this process first
 * (dataDirLock.ts): a folder another live process holds is refused before anything is opened.
 *
 * @param dataDir a folder path, or `memory://` for a throwaway in-memory database.
 * @param options.loadDataDir start from a data directory saved with `dumpDataDir` (a restore, or
 *   a test template: loading one is several times faster than initialising a new database).
 * @param options.lock a lock on `dataDir` the caller already holds (and releases itself); by
 *   default the folder is locked here and the lock released by `close()`.
 * @param options.command names this process in the lock file, for the message a second one gets.
 */
export async function openPgliteDatabase(
  dataDir: string,
  options: { loadDataDir?: Blob; lock?: DataDirLock; command?: string; logger?: Logger } = {},
): Promise<Database & { dumpDataDir(): Promise<Blob> }> {
  const inMemory = dataDir.startsWith('memory://');
  const ownLock =
    inMemory || options.lock !== undefined
      ? null
      : await lockDataDir(dataDir, options.command ?? 'Tickmark');
  if (ownLock?.tookOverFrom != null) {
    options.logger?.warn('took over the database folder from a process that is no longer running', {
      lock: ownLock.path,
      pid: ownLock.tookOverFrom.pid,
      startedAt: ownLock.tookOverFrom.startedAt,
    });
  }
  let pg: PGlite;
  try {
    if (!inMemory) await mkdir(dataDir, { recursive: true });
    pg = await PGlite.create({
      dataDir,
      ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
      parsers: {
        [PG_TYPE.INT8]: parseInt8,
        [PG_TYPE.DATE]: (text: string) => text,
      },
    });
  } catch (err) {
    await ownLock?.release();
    throw err;
  }
  const self = wrap(pg);
  return {
    kind: 'pglite',
    query: self.query,
    exec: self.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: async () => {
      try {
        await pg.close();
      } finally {
        await ownLock?.release();
      }
    },
    dumpDataDir: () => pg.dumpDataDir('none'),
  };
}
