/**
 * Which PostgreSQL the in-process server tests use, chosen once per run by the `server` and
 * `integration` projects' global setup (vite.config.ts):
 * - TICKMARK_TEST_POSTGRES_URL when it is set (a failure to connect is then an error), or the
 *   built-in one when it is set to `built-in`;
 * - else the machine's own server at 127.0.0.1:5432 when it answers;
 * - else a built-in PostgreSQL (the one `npm start` runs, embedded/embeddedCluster.ts) started
 *   in a temporary folder for the run and removed afterwards.
 * So the suite always runs, once, on a real PostgreSQL; nothing is skipped for want of a server.
 *
 * It then migrates one template database for the run (`tickmark_tpl_<random>`: every migration,
 * the epoch and the code categories, as prepareDatabase leaves a new database), and each test file's
 * database is a copy of it (`CREATE DATABASE … TEMPLATE`, harness.ts): copying takes a fraction of
 * the time of applying every migration again in each of some fifty files. The template is dropped
 * at the end of the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { lockDataDir } from '../../src/server/db/dataDirLock';
import { startEmbeddedCluster } from '../../src/server/db/embedded/embeddedCluster';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';
import { prepareDatabase } from '../../src/server/prepareDatabase';

export const DEFAULT_TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL on the run's PostgreSQL (the `postgres` database). */
    testPostgresUrl: string;
    /** Where it came from, for messages: `TICKMARK_TEST_POSTGRES_URL`, `127.0.0.1:5432` or `built-in`. */
    testPostgresSource: string;
    /** The run's migrated template database on it, which each file's database copies. */
    testTemplateDatabase: string;
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

/** What teardown undoes, newest first: templates dropped, built-in servers stopped. */
const cleanUps: (() => Promise<void>)[] = [];

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Creates and migrates the run's template database on `url`'s server; returns its name. */
async function createTemplate(url: string): Promise<string> {
  const name = `tickmark_tpl_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  cleanUps.unshift(async () => {
    const dropper = new pg.Client({ connectionString: url });
    await dropper.connect();
    try {
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await dropper.end();
    }
  });
  // Closed before any file copies it: PostgreSQL copies only a database nobody is connected to.
  const db = openPostgresDatabase(withDatabaseName(url, name), { max: 1 });
  try {
    await prepareDatabase(db);
  } finally {
    await db.close();
  }
  return name;
}

export async function setup(project: TestProject): Promise<void> {
  const url = await choosePostgres(project);
  project.provide('testTemplateDatabase', await createTemplate(url));
}

/** Chooses the run's PostgreSQL (see the top of this file), provides it and returns its URL. */
async function choosePostgres(project: TestProject): Promise<string> {
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
    return given;
  }
  if (given !== 'built-in' && (await answers(DEFAULT_TEST_POSTGRES_URL)) === null) {
    project.provide('testPostgresUrl', DEFAULT_TEST_POSTGRES_URL);
    project.provide('testPostgresSource', '127.0.0.1:5432');
    return DEFAULT_TEST_POSTGRES_URL;
  }
  const root = await mkdtemp(join(tmpdir(), 'tickmark-test-pg-'));
  // Started as root, the built-in PostgreSQL runs as `postgres`, which must enter the folder.
  await chmod(root, 0o755);
  const dataDir = join(root, 'data');
  const lock = await lockDataDir(dataDir, 'Tickmark test PostgreSQL');
  const cluster = await startEmbeddedCluster(dataDir);
  cleanUps.unshift(async () => {
    await cluster.stop();
    await lock.release();
    await rm(root, { recursive: true, force: true });
  });
  const { host, port, user } = cluster.connection;
  const url = `postgres://${user}@localhost:${port}/postgres?host=${encodeURIComponent(host)}`;
  project.provide('testPostgresUrl', url);
  project.provide('testPostgresSource', 'built-in');
  return url;
}

export async function teardown(): Promise<void> {
  // The server and integration projects each run this setup, so there may be two of each.
  for (const cleanUp of cleanUps.splice(0)) await cleanUp();
}
