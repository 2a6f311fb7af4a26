/**
 * The server test harness. Every server test file gets its own fresh database: a new
 * `tickmark_t_<random>` database on the run's PostgreSQL (testPostgres.ts chooses it: the one at
 * TICKMARK_TEST_POSTGRES_URL, the machine's, or a built-in one), dropped when the file's tests
 * finish. A migrated one is a copy of the run's template (testPostgres.ts), which the migrations
 * and prepareDatabase made once; an unmigrated one is empty.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { Database, DatabaseKind } from '../../src/server/db/database';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';

export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly db: Database;
  /** Another connection pool on the same database, like a second server process. */
  openAnother(): Database;
  /** Closes every connection and drops the database. */
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
 * Opens a fresh database for one test file, migrated unless `migrate: false` (then empty, for
 * tests of the migration runner). Call in `beforeAll` and close in `afterAll`.
 */
export async function openTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const baseUrl = inject('testPostgresUrl');
  const name = `tickmark_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `The test PostgreSQL (${inject('testPostgresSource')}, ${masked(baseUrl)}) does not answer: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const migrate = options.migrate ?? true;
  try {
    await admin.query(
      migrate
        ? `CREATE DATABASE ${name} TEMPLATE ${inject('testTemplateDatabase')}`
        : `CREATE DATABASE ${name}`,
    );
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(baseUrl, name);
  const db = openPostgresDatabase(url, { max: 5 });
  const others: Database[] = [];
  const testDb: TestDatabase = {
    kind: 'postgres',
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
  return testDb;
}

/**
 * Empties the database (every table, function and migration record) without making a new one,
 * which is much faster than a new database. For tests of the migration runner itself.
 */
export async function resetDatabase(db: Database): Promise<void> {
  await db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
}
