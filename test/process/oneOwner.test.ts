/**
 * One owner for the built-in database's folder (docs/reliability.md, "One process per data
 * folder"). Two server processes on one data folder both acknowledged marks under the same
 * numbers, and half of them were gone after a restart (with the earlier in-process engine). Now the second process is refused before
 * it opens or writes anything, the CLI and the backup command likewise, and once the owner has
 * been killed (SIGKILL: its lock file stays behind) a new server takes the folder over.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyCreatedDataDir } from './builtInTemplate';
import { Browser } from './httpClient';
import { runCli, runOps } from './opsCommand';
import {
  cleanUpProcesses,
  freePort,
  startExpectingRefusal,
  makeTempDir,
  startServer,
} from './serverProcess';
import { AckBook, demoOutbox, logProblems, pullAll, pushOk } from './syncDevice';

afterEach(cleanUpProcesses);

/**
 * The files a second process would write before anything else, with a hash of their bytes: the
 * lock, PostgreSQL's `postmaster.pid` (a second database started on the folder) and the settings
 * files a new `initdb` writes. The table and log files are left out: A's own PostgreSQL writes
 * them in the background (checkpoints, autovacuum) whatever B does.
 */
async function fingerprint(dataDir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const files = [
    'postmaster.pid',
    'PG_VERSION',
    'postgresql.conf',
    'postgresql.auto.conf',
    'pg_hba.conf',
  ];
  for (const path of [`${dataDir}.lock`, ...files.map((f) => join(dataDir, f))]) {
    out[path] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  out.entries = (await readdir(dataDir)).sort().join(' ');
  return out;
}

const IN_USE = /is in use by another Tickmark process: process (\d+)/;

describe('the built-in database folder has one owner', () => {
  it('refuses a second server, the CLI and a backup while the first runs, and lets a new server take over after a SIGKILL', async () => {
    const dataDir = await copyCreatedDataDir(join(await makeTempDir('tickmark-owner-'), 'data'));
    const env = { DATA_DIR: dataDir, DEMO_SCHOOL: 'true', LOG_LEVEL: 'info' };
    const a = await startServer({
      label: 'server A',
      env: { ...env, PORT: String(await freePort()) },
    });

    // A acknowledges a batch of marks.
    const tablet = new Browser();
    const { demoLog, outbox } = await demoOutbox(tablet, a.origin);
    const acks = new AckBook();
    acks.record((await pushOk(tablet, a.origin, outbox.deviceId, outbox.nextBatch(20))).acks);
    const before = await fingerprint(dataDir);

    // B, on the same folder, stops at once with the reason, and touched nothing.
    const { server: b, outcome } = await startExpectingRefusal({
      label: 'server B',
      env: { ...env, PORT: String(await freePort()) },
    });
    expect(outcome, b.describeOutput()).toEqual({ code: 1, signal: null });
    expect(b.stdout).not.toMatch(/Tickmark is running/);
    expect(b.stderr).toMatch(/^Tickmark cannot start: The database folder /m);
    expect(IN_USE.exec(b.stderr)?.[1]).toBe(String(a.child.pid));
    expect(b.stderr).toMatch(/stop that process first/i);
    expect(await fingerprint(dataDir)).toEqual(before);

    // The CLI and the backup command obey the same lock.
    const cli = await runCli(['schools'], { DATA_DIR: dataDir });
    expect(cli.code, cli.stderr).toBe(1);
    expect(IN_USE.exec(cli.stderr)?.[1]).toBe(String(a.child.pid));
    const backup = await runOps('backup', [join(dataDir, '..', 'backup.tar.gz')], {
      DATA_DIR: dataDir,
    });
    expect(backup.code, backup.stderr).toBe(1);
    expect(IN_USE.exec(backup.stderr)?.[1]).toBe(String(a.child.pid));
    expect(await fingerprint(dataDir)).toEqual(before);

    // A still serves, alone.
    acks.record((await pushOk(tablet, a.origin, outbox.deviceId, outbox.nextBatch(20))).acks);

    // Killed without a chance to clean up, A leaves its lock behind; C sees A is gone and takes over.
    a.signal('SIGKILL');
    expect((await a.exited).signal).toBe('SIGKILL');
    const c = await startServer({
      label: 'server C',
      env: { ...env, PORT: String(await freePort()) },
    });
    expect(c.stderr).toContain(
      'took over the database folder from a process that is no longer running',
    );
    const log = await pullAll(tablet, c.origin);
    expect(logProblems(log, acks)).toEqual([]);
    expect(log.headSeq).toBe(demoLog.headSeq + 40);
  });
});
