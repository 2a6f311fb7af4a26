/**
 * The multi-host connection string on its own, against the machine's PostgreSQL (no failover
 * tool needed): the pool walks the listed hosts as libpq does for
 * `target_session_attrs=read-write`. A host that refuses connections, or a server that only
 * reads, fails that one request with a "try again" error (the API's 503) and moves the pool on
 * to the next host, where the next request succeeds.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';
import {
  createFreshDatabase,
  queryOnce,
  skipWithoutPostgres,
  TEST_POSTGRES_URL,
} from './freshPostgres';
import type { FreshDatabase } from './freshPostgres';
import { freePort } from './serverProcess';

const skipPostgres = await skipWithoutPostgres('multi-host connection strings (process tests)');

let database: FreshDatabase | null = null;
let db: Database | null = null;
afterEach(async () => {
  await db?.close();
  db = null;
  await database?.drop();
  database = null;
});

/** The fresh database's URL with `hosts` in place of its one host, and a read-write target. */
function listing(url: string, hosts: readonly string[]): string {
  const u = new URL(url);
  const rest = `${u.pathname}?target_session_attrs=read-write`;
  const user =
    u.username === '' ? '' : `${u.username}${u.password === '' ? '' : `:${u.password}`}@`;
  return `${u.protocol}//${user}${hosts.join(',')}${rest}`;
}

async function errorOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    return err as { code?: string; message: string };
  }
  throw new Error('expected the query to fail');
}

describe('a connection string listing several hosts', () => {
  it.skipIf(skipPostgres)(
    'moves past a host that refuses connections, and past a server that is read-only',
    async () => {
      database = await createFreshDatabase();
      const real = new URL(database.url).host || '127.0.0.1:5432';
      const closed = `127.0.0.1:${await freePort()}`;
      db = openPostgresDatabase(listing(database.url, [closed, real]), { max: 2 });

      // The first host refuses: that request fails as a connection error, the next one succeeds.
      expect((await errorOf(db.query('SELECT 1'))).code).toBe('ECONNREFUSED');
      expect((await db.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
      await db.transaction((tx) => tx.query('SELECT 1'));

      // The server turns read-only (as a demoted primary does): a new connection to it is refused
      // as "no acceptable host" (SQLSTATE class 08, which the API answers 503), never used.
      await queryOnce(
        TEST_POSTGRES_URL,
        `ALTER DATABASE ${database.name} SET default_transaction_read_only = on`,
      );
      await db.close();
      db = openPostgresDatabase(listing(database.url, [real, closed]), { max: 2 });
      const refused = await errorOf(db.query('SELECT 1'));
      expect(refused.code).toBe('08001');
      expect(refused.message).toMatch(/is read-only .* trying the next host/);
      // The pool moved on to the next host (closed here), then comes round to the first again.
      expect((await errorOf(db.query('SELECT 1'))).code).toBe('ECONNREFUSED');
      await queryOnce(
        TEST_POSTGRES_URL,
        `ALTER DATABASE ${database.name} SET default_transaction_read_only = off`,
      );
      expect((await db.query<{ n: number }>('SELECT 1 AS n')).rows).toEqual([{ n: 1 }]);
    },
  );

  it.skipIf(skipPostgres)(
    'discards a connection whose write was refused as read-only, as after a demotion',
    async () => {
      database = await createFreshDatabase();
      db = openPostgresDatabase(listing(database.url, [new URL(database.url).host]), { max: 1 });
      const pid = async (on: Database) =>
        (await on.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      const before = await pid(db);
      expect(await pid(db)).toBe(before);
      // The refusal a demoted primary gives a write (SQLSTATE 25006), inside a transaction.
      const refused = await errorOf(
        db.transaction(async (tx) => {
          await tx.exec('SET LOCAL transaction_read_only = on');
          await tx.exec('CREATE TABLE written_after_demotion (id int)');
        }),
      );
      expect(refused.code).toBe('25006');
      // Kept, the connection would refuse every later write; the pool opened a new one instead.
      expect(await pid(db)).not.toBe(before);
    },
  );
});
