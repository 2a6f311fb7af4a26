/**
 * The embedded database: PostgreSQL compiled to WebAssembly, in a data folder (or in memory for
 * tests). It serves one connection, so its queries and transactions are serialised by PGlite.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Transaction } from '@electric-sql/pglite';
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
 * Opens (creating on first use) a PGlite database.
 *
 * @param dataDir a folder path, or `memory://` for a throwaway in-memory database.
 * @param options.loadDataDir start from a data directory saved with `dumpDataDir` (a restore, or
 *   a test template: loading one is several times faster than initialising a new database).
 */
export async function openPgliteDatabase(
  dataDir: string,
  options: { loadDataDir?: Blob } = {},
): Promise<Database & { dumpDataDir(): Promise<Blob> }> {
  if (!dataDir.startsWith('memory://')) await mkdir(dataDir, { recursive: true });
  const pg = await PGlite.create({
    dataDir,
    ...(options.loadDataDir === undefined ? {} : { loadDataDir: options.loadDataDir }),
    parsers: {
      [PG_TYPE.INT8]: parseInt8,
      [PG_TYPE.DATE]: (text: string) => text,
    },
  });
  const self = wrap(pg);
  return {
    kind: 'pglite',
    query: self.query,
    exec: self.exec,
    transaction: (fn) => pg.transaction((tx) => fn(wrap(tx))),
    close: () => pg.close(),
    dumpDataDir: () => pg.dumpDataDir('none'),
  };
}
