/**
 * A new, empty PostgreSQL database per test for server processes to share (like the server
 * harness, but handed to other processes as a DATABASE_URL). Where PostgreSQL cannot be reached
 * the PostgreSQL tests are skipped with the reason printed, except under CI=true, where they run
 * and fail: there, every suite must run.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DEFAULT_TEST_POSTGRES_URL } from '../server/testPostgres';

export const TEST_POSTGRES_URL =
  process.env.TICKMARK_TEST_POSTGRES_URL ?? DEFAULT_TEST_POSTGRES_URL;

function masked(url: string): string {
  const u = new URL(url);
  if (u.password !== '') u.password = '****';
  return u.toString();
}

/** Why PostgreSQL cannot be used here, or null when it answers. */
export async function postgresProblem(): Promise<string | null> {
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 3000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return `PostgreSQL is not reachable at ${masked(TEST_POSTGRES_URL)} (${(err as Error).message}); start it or set TICKMARK_TEST_POSTGRES_URL`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Whether to skip the PostgreSQL tests of a file: only when PostgreSQL is unreachable and this is
 * not CI. Says why on the console, so a skip is never silent.
 */
export async function skipWithoutPostgres(what: string): Promise<boolean> {
  return skipUnlessCi(what, await postgresProblem());
}

/**
 * Whether to skip `what` because of `problem` (null: nothing missing, run it). Never under
 * CI=true, where every test must run: there the reason is printed and the test runs and fails.
 */
export function skipUnlessCi(what: string, problem: string | null): boolean {
  if (problem === null) return false;
  if (process.env.CI === 'true') {
    console.error(`✖ ${what} cannot run: ${problem}. Under CI=true that is a failure.`);
    return false;
  }
  console.warn(`⚠ Skipped: ${what}: ${problem}.`);
  return true;
}

export interface FreshDatabase {
  readonly url: string;
  readonly name: string;
  /** Drops the database, closing whatever connections are left. */
  drop(): Promise<void>;
}

export async function createFreshDatabase(): Promise<FreshDatabase> {
  const name = `tickmark_p_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 5000,
  });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${masked(TEST_POSTGRES_URL)} (${(err as Error).message}). Start it or set TICKMARK_TEST_POSTGRES_URL.`,
      { cause: err },
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: async () => {
      const dropper = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await dropper.connect();
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

/** Runs one query on `url` and closes the connection (for checks the API does not offer). */
export async function queryOnce<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
