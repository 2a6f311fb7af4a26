/**
 * Which PostgreSQL the in-process server tests use, chosen once per run by the `server` and
 * `integration` projects' global setup (vite.config.ts):
 * - TICKMARK_TEST_POSTGRES_URL when it is set (a failure to connect is then an error), or the
 *   built-in one when it is set to `built-in`;
 * - else the machine's own server at 127.0.0.1:5432 when it answers;
 * - else a built-in PostgreSQL (the one `npm start` runs, embedded/embeddedCluster.ts) started
 *   in a temporary folder for the run and removed afterwards.
 * So the suite always runs, once, on a real PostgreSQL; nothing is skipped for want of a server.
 */
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { lockDataDir } from '../../src/server/db/dataDirLock';
import { startEmbeddedCluster } from '../../src/server/db/embedded/embeddedCluster';

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on the run's PostgreSQL (the `postgres` database). */
    testPostgresUrl: string;
    /** Where it came from, for messages: `TICKMARK_TEST_POSTGRES_URL`, `127.0.0.1:5432` or `built-in`. */
    testPostgresSource: string;
  }
}

async function answers(url: string): Promise<Error | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (err) {
    return err as Error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

let stopBuiltIn: (() => Promise<void>) | null = null;

export async function setup(project: TestProject): Promise<void> {
  const given = process.env.TICKMARK_TEST_POSTGRES_URL;
  if (given !== undefined && given !== '' && given !== 'built-in') {
    const problem = await answers(given);
    if (problem !== null) {
      throw new Error(
        `TICKMARK_TEST_POSTGRES_URL does not answer (${problem.message}). Start that PostgreSQL, or unset the variable to use the machine's or a built-in one.`,
      );
    }
    project.provide('testPostgresUrl', given);
    project.provide('testPostgresSource', 'TICKMARK_TEST_POSTGRES_URL');
    return;
  }
  if (given !== 'built-in' && (await answers(DEFAULT_TEST_POSTGRES_URL)) === null) {
    project.provide('testPostgresUrl', DEFAULT_TEST_POSTGRES_URL);
    project.provide('testPostgresSource', '127.0.0.1:5432');
    return;
  }
  const root = await mkdtemp(join(tmpdir(), 'tickmark-test-pg-'));
  // Started as root, the built-in PostgreSQL runs as `postgres`, which must enter the folder.
  await chmod(root, 0o755);
  const dataDir = join(root, 'data');
  const lock = await lockDataDir(dataDir, 'Tickmark test PostgreSQL');
  const cluster = await startEmbeddedCluster(dataDir);
  stopBuiltIn = async () => {
    await cluster.stop();
    await lock.release();
    await rm(root, { recursive: true, force: true });
  };
  const { host, port, user } = cluster.connection;
  project.provide(
    'testPostgresUrl',
    `postgres://${user}@localhost:${port}/postgres?host=${encodeURIComponent(host)}`,
  );
  project.provide('testPostgresSource', 'built-in');
}

export async function teardown(): Promise<void> {
  await stopBuiltIn?.();
  stopBuiltIn = null;
}
