/**
 * The server test harness. Every server test file gets its own fresh database:
 * - TICKMARK_TEST_DB=pglite (the default): PGlite in memory;
 * - TICKMARK_TEST_DB=postgres: a new `tickmark_t_<random>` database on the PostgreSQL at
 *   TICKMARK_TEST_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped
 *   when the file's tests finish.
 * The vitest projects `server-pglite` and `server-postgres` set the variable, so the same tests
 * run on both databases (docs/design.md §6).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import pg from 'pg';
import type { Database, DatabaseKind } from '../../src/server/db/database';
import { prepareDatabase } from '../../src/server/prepareDatabase';
import { openPgliteDatabase } from '../../src/server/db/pgliteDatabase';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Which database this test run uses. */
export function testDatabaseKind(): DatabaseKind {
  const kind = process.env.TICKMARK_TEST_DB ?? 'pglite';
  if (kind !== 'pglite' && kind !== 'postgres') {
    throw new Error(`TICKMARK_TEST_DB must be "pglite" or "postgres", not "${kind}".`);
  }
  return kind;
}

// A new PGlite runs initdb, which takes seconds; loading a saved empty data directory is roughly
// twice as fast. The first test file to need one saves the template in the temp folder (per
// PGlite version, written atomically so parallel workers cannot read half a file).
const PGLITE_VERSION = (
  JSON.parse(
    readFileSync(
      join(
        dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')),
        '..',
        'package.json',
      ),
      'utf8',
    ),
  ) as { version: string }
).version;
const PGLITE_TEMPLATE = join(tmpdir(), `tickmark-test-pglite-${PGLITE_VERSION}.tar`);

async function openFreshPglite(): Promise<Database> {
  const template = await readFile(PGLITE_TEMPLATE).catch(() => null);
  if (template !== null) {
    try {
      return await openPgliteDatabase('memory://', {
        loadDataDir: new Blob([new Uint8Array(template)]),
      });
    } catch {
      // A damaged template: fall through and write a new one.
    }
  }
  const db = await openPgliteDatabase('memory://');
  const dump = Buffer.from(await (await db.dumpDataDir()).arrayBuffer());
  const partial = `${PGLITE_TEMPLATE}.${randomBytes(4).toString('hex')}`;
  await writeFile(partial, dump);
  await rename(partial, PGLITE_TEMPLATE);
  return db;
}

export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly db: Database;
  /**
   * Another connection pool on the same database, like a second server process (PostgreSQL
   * only; PGlite serves one process, so this returns null there). Closed with the harness.
   */
  openAnother(): Database | null;
  /** Closes every connection and, on PostgreSQL, drops the database. */
  close(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

function masked(url: string): string {
  const u = new URL(url);
  if (u.password !== '') u.password = '****';
  return u.toString();
}

/**
 * Opens a fresh database for one test file, migrated unless `migrate: false`.
 * Call in `beforeAll` and close in `afterAll`.
 */
export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const kind = testDatabaseKind();
  let testDb: TestDatabase;
  if (kind === 'pglite') {
    const db = await openFreshPglite();
    testDb = { kind, db, openAnother: () => null, close: () => db.close() };
  } else {
    const baseUrl = process.env.TICKMARK_TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;
    const name = `tickmark_t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    try {
      await admin.connect();
    } catch (err) {
      throw new Error(
        `PostgreSQL is not reachable at ${masked(baseUrl)} (${(err as Error).message}). Start it, set TICKMARK_TEST_POSTGRES_URL, or run only the PGlite tests: npx vitest run --project server-pglite`,
        { cause: err },
      );
    }
    try {
      await admin.query(`CREATE DATABASE ${name}`);
    } finally {
      await admin.end();
    }
    const url = withDatabaseName(baseUrl, name);
    const db = openPostgresDatabase(url, { max: 5 });
    const others: Database[] = [];
    testDb = {
      kind,
      db,
      openAnother: () => {
        const other = openPostgresDatabase(url, { max: 5 });
        others.push(other);
        return other;
      },
      close: async () => {
        await Promise.all([db, ...others].map((d) => d.close()));
        const dropper = new pg.Client({ connectionString: baseUrl });
        await dropper.connect();
        try {
          await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        } finally {
          await dropper.end();
        }
      },
    };
  }
  if (options.migrate ?? true) await prepareDatabase(testDb.db);
  return testDb;
}

/**
 * Empties the database (every table, function and migration record) without making a new one,
 * which is much faster than a fresh PGlite. For tests of the migration runner itself.
 */
export async function resetDatabase(db: Database): Promise<void> {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}
