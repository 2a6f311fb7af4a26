/**
 * The built-in database is a real PostgreSQL server run by the Tickmark process
 * (docs/reliability.md, "What the built-in database can promise about a power cut"): while the
 * server runs, that PostgreSQL reports fsync, synchronous commits, full-page writes and data
 * checksums on, and listens on no network port; and a server killed with SIGKILL leaves its
 * PostgreSQL running on the folder, which the next start stops and takes over, leaving no
 * PostgreSQL behind once that server stops in turn.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { processIsRunning } from '../../src/server/db/dataDirLock';
import { Browser } from './httpClient';
import { copyCreatedDataDir } from './builtInTemplate';
import { postmasterPid } from './leftDatabases';
import { cleanUpProcesses, freePort, makeTempDir, startServer } from './serverProcess';
import { AckBook, demoOutbox, logProblems, pullAll, pushOk } from './syncDevice';

afterEach(cleanUpProcesses);

/** A connection to the running built-in database, through its socket in the data folder. */
async function settingsOf(dataDir: string, names: readonly string[]) {
  const client = new pg.Client({
    host: dataDir,
    port: 5432,
    user: 'postgres',
    database: 'tickmark',
  });
  await client.connect();
  try {
    const out: Record<string, string> = {};
    for (const name of names) {
      const { rows } = await client.query<{ value: string }>(
        'SELECT current_setting($1) AS value',
        [name],
      );
      out[name] = rows[0]?.value ?? '(none)';
    }
    return out;
  } finally {
    await client.end();
  }
}

describe('the built-in database', () => {
  it('runs with fsync, synchronous commit, full-page writes and data checksums on, and no network port', async () => {
    const dataDir = join(await makeTempDir('tickmark-durable-'), 'data');
    const server = await startServer({
      label: 'server',
      env: { DATA_DIR: dataDir, DEMO_SCHOOL: 'false', PORT: String(await freePort()) },
    });
    expect(
      await settingsOf(dataDir, [
        'fsync',
        'synchronous_commit',
        'full_page_writes',
        'data_checksums',
        'listen_addresses',
      ]),
    ).toEqual({
      fsync: 'on',
      synchronous_commit: 'on',
      full_page_writes: 'on',
      data_checksums: 'on',
      listen_addresses: '',
    });
    expect((await server.stop('SIGTERM')).code).toBe(0);
  });

  it('left running by a SIGKILLed server is stopped and taken over by the next start, and none is left behind', async () => {
    const dataDir = await copyCreatedDataDir(join(await makeTempDir('tickmark-orphan-'), 'data'));
    const env = { DATA_DIR: dataDir, DEMO_SCHOOL: 'true', LOG_LEVEL: 'info' };
    const a = await startServer({
      label: 'server A',
      env: { ...env, PORT: String(await freePort()) },
    });
    const tablet = new Browser();
    const { demoLog, outbox } = await demoOutbox(tablet, a.origin);
    const acks = new AckBook();
    acks.record((await pushOk(tablet, a.origin, outbox.deviceId, outbox.nextBatch(20))).acks);

    const orphan = postmasterPid(dataDir);
    expect(orphan).not.toBeNull();
    a.signal('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    // The server's PostgreSQL outlives it, still holding the folder.
    expect(processIsRunning(orphan ?? 0)).toBe(true);

    const b = await startServer({
      label: 'server B',
      env: { ...env, PORT: String(await freePort()) },
    });
    expect(b.stderr).toContain('stopping the database a stopped Tickmark process left running');
    expect(processIsRunning(orphan ?? 0)).toBe(false);
    const own = postmasterPid(dataDir);
    expect(own).not.toBeNull();
    expect(own).not.toBe(orphan);
    const log = await pullAll(tablet, b.origin);
    expect(logProblems(log, acks)).toEqual([]);
    expect(log.headSeq).toBe(demoLog.headSeq + 20);

    expect((await b.stop('SIGTERM')).code).toBe(0);
    expect(processIsRunning(own ?? 0)).toBe(false);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  });
});
