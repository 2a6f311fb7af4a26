/**
 * Damage is detected, never served (docs/reliability.md): a built-in data folder whose event log
 * file was cut short, or one of whose pages was overwritten, makes the server refuse to start
 * with a message that says what is wrong and how to restore from a backup.
 */
import { chmod, mkdtemp, open, rm, stat, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../src/server/db/embeddedDatabase';
import { copyCreatedDataDir, copyDataDir } from './builtInTemplate';
import {
  cleanUpProcesses,
  freePort,
  startExpectingRefusal,
  makeTempDir,
  startServer,
} from './serverProcess';

afterEach(cleanUpProcesses);

const PAGE = 8192;

/**
 * One demo-school folder for the file, made before the tests, stopped cleanly: the first start
 * (migrate, seed) and the look-up of the event log's file are the same for both tests, so each
 * test damages a copy of it. Kept outside makeTempDir, which the clean-up after each test empties.
 */
let demoFolder: { dataDir: string; eventFilePath: string } | null = null;

beforeAll(async () => {
  const dataDir = await copyCreatedDataDir(
    join(await mkdtempUnder('tickmark-damage-template-'), 'data'),
  );
  const server = await startServer({
    label: 'first start',
    env: { DATA_DIR: dataDir, DEMO_SCHOOL: 'true', PORT: String(await freePort()) },
  });
  expect((await server.stop('SIGTERM')).code).toBe(0);
  await cleanUpProcesses();
  const db = await openEmbeddedDatabase(dataDir);
  try {
    const { rows } = await db.query<{ path: string; pages: number }>(
      `SELECT pg_relation_filepath('mark_event') AS path,
              pg_relation_size('mark_event') / ${PAGE} AS pages`,
    );
    const row = rows[0];
    if (row === undefined || row.pages < 4) throw new Error('the demo school has too few events');
    demoFolder = { dataDir, eventFilePath: row.path };
  } finally {
    await db.close();
  }
});

afterAll(async () => {
  if (demoFolder !== null) await rm(join(demoFolder.dataDir, '..'), { recursive: true });
  demoFolder = null;
});

async function mkdtempUnder(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // Run as root, the built-in PostgreSQL runs as `postgres`, which must enter the folder.
  await chmod(dir, 0o755);
  return dir;
}

/** A copy of the file's demo-school folder, and the path of its event log's table file. */
async function stoppedFolder(): Promise<{ env: Record<string, string>; eventFile: string }> {
  if (demoFolder === null) throw new Error('the demo-school folder was not made');
  const dataDir = await copyDataDir(
    demoFolder.dataDir,
    join(await makeTempDir('tickmark-damage-'), 'data'),
  );
  return {
    env: { DATA_DIR: dataDir, DEMO_SCHOOL: 'true' },
    eventFile: join(dataDir, demoFolder.eventFilePath),
  };
}

async function refusedStart(env: Record<string, string>): Promise<string> {
  const { server, outcome } = await startExpectingRefusal({
    label: 'damaged start',
    env: { ...env, PORT: String(await freePort()) },
  });
  expect(outcome, server.describeOutput()).toEqual({ code: 1, signal: null });
  expect(server.stderr).toMatch(/^Tickmark cannot start: The database is damaged/m);
  expect(server.stderr).toContain('restore the last good backup');
  return server.stderr;
}

describe('a damaged built-in database', () => {
  it('whose event log file was cut short is refused at start', async () => {
    const { env, eventFile } = await stoppedFolder();
    const { size } = await stat(eventFile);
    await truncate(eventFile, Math.floor(size / PAGE / 2) * PAGE);
    await refusedStart(env);
  });

  it('with an overwritten page in its event log is refused at start', async () => {
    const { env, eventFile } = await stoppedFolder();
    const file = await open(eventFile, 'r+');
    try {
      // The middle of the second page: tuple data, not the page header.
      await file.write(Buffer.alloc(64, 0x5a), 0, 64, PAGE + PAGE / 2);
    } finally {
      await file.close();
    }
    const stderr = await refusedStart(env);
    expect(stderr).toMatch(/checksum|invalid page/);
  });
});
