/**
 * Backup and restore (docs/reliability.md): the ops commands on a real server's
 * database, with a real tablet (the client's Dexie outbox and sync engine) syncing throughout.
 *
 * A tablet syncs marks A; the database is backed up; the tablet syncs marks B; the database is
 * restored from the backup (so B is gone from the server) while the tablet queues marks C. Then:
 * - the restore gave the database a new epoch, so the tablet's next pull is told to reset: it
 *   drops its pulled copy, keeps every outbox row, and starts again from a snapshot;
 * - the restore ended every session, so the tablet's push waits (401) until someone signs in
 *   online on it; the sign-in re-uses the same device;
 * - C, which the restored server lacks, is sent (renumbered after the server's last number for
 *   the device: the 409 gap path) and stored exactly once; A stays exactly once;
 * - B, acknowledged after the backup and so lost by the restore, is sent again: the reset puts
 *   every acknowledged row back in the queue (applyPull.ts `resetAfterRestore`); the server
 *   records B once more and recognises A and C by their event ids, so each of A, B and C is in
 *   the log exactly once and the tablet's every row is acknowledged by the restored server.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { getMeta } from '../../src/client/db/meta';
import { copyCreatedDataDir } from './builtInTemplate';
import { createFreshDatabase, queryOnce, skipWithoutPostgres } from './freshPostgres';
import type { FreshDatabase } from './freshPostgres';
import { runOps } from './opsCommand';
import { ProcessTablet } from './processTablet';
import { cleanUpProcesses, freePort, makeTempDir, startServer } from './serverProcess';
import type { ServerProcess } from './serverProcess';
import { cellKey, DEMO_OFFICE, fetchSnapshot, freeCells, pullAll } from './syncDevice';
import type { Cell } from './syncDevice';

const skipPostgres = await skipWithoutPostgres('backup and restore on PostgreSQL (process tests)');

let database: FreshDatabase | null = null;
const tablets: ProcessTablet[] = [];
afterEach(async () => {
  for (const tablet of tablets.splice(0)) tablet.close();
  await cleanUpProcesses();
  await database?.drop();
  database = null;
});

interface Backend {
  readonly label: string;
  readonly env: Readonly<Record<string, string>>;
  /** The built-in database's folder is copied with its PostgreSQL stopped (the server's own). */
  readonly stopForBackup: boolean;
}

async function scenario(backend: Backend, backupFile: string): Promise<void> {
  const port = String(await freePort());
  let run = 0;
  const start = (): Promise<ServerProcess> => {
    run += 1;
    return startServer({
      label: `${backend.label} run ${run}`,
      env: { ...backend.env, PORT: port },
    });
  };
  let server = await start();
  const tablet = new ProcessTablet(server.origin);
  tablets.push(tablet);
  const session = await tablet.signIn(DEMO_OFFICE);
  const demoLog = await pullAll(tablet.browser, server.origin);
  const roster = (await fetchSnapshot(tablet.browser, server.origin)).roster;
  const cells: Cell[] = freeCells(
    roster,
    new Set(demoLog.events.map((e) => cellKey(e.pupilId, e.session))),
  );
  const take = (n: number): Cell[] => cells.splice(0, n);
  const markAll = async (batch: readonly Cell[]): Promise<string[]> => {
    const ids: string[] = [];
    for (const cell of batch) ids.push(await tablet.mark(cell, 'B'));
    return ids;
  };

  // A: synced before the backup.
  const a = await markAll(take(5));
  expect(await tablet.engine.flush()).toMatchObject({ ok: true, pushed: 5, error: null });
  const epochBefore = await getMeta(tablet.db, 'epoch');
  expect(epochBefore).toBeDefined();

  if (backend.stopForBackup) {
    // The command refuses a folder the server holds.
    const refused = await runOps('backup', [backupFile], backend.env);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toMatch(/stop the Tickmark server first/);
    await server.stop('SIGTERM');
  }
  const backup = await runOps('backup', [backupFile], backend.env);
  expect(backup.code, backup.stdout + backup.stderr).toBe(0);
  expect((await stat(backupFile)).size).toBeGreaterThan(1000);
  if (backend.stopForBackup) server = await start();

  // B: acknowledged after the backup; the restore will lose it on the server.
  const b = await markAll(take(4));
  expect(await tablet.engine.flush()).toMatchObject({ ok: true, pushed: 4, error: null });

  await server.stop('SIGTERM');
  // A restore over a database needs --replace.
  const refused = await runOps('restore', [backupFile], backend.env);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/--replace/);
  const restore = await runOps('restore', [backupFile, '--replace'], backend.env);
  expect(restore.code, restore.stdout + restore.stderr).toBe(0);
  expect(restore.stdout).toMatch(/New sync epoch/);
  server = await start();

  // C: queued while the server was being restored.
  const c = await markAll(take(3));
  expect(await tablet.db.outbox.where('status').equals('pending').count()).toBe(3);

  // Every session was ended: the push waits for a sign-in and nothing is dropped.
  const waiting = await tablet.engine.flush();
  expect(waiting).toMatchObject({ ok: false, error: { kind: 'not_signed_in' } });
  expect(tablet.engine.getStatus()).toMatchObject({ pendingCount: 3 });
  expect(await tablet.outboxRows()).toHaveLength(12);

  const again = await tablet.signIn(DEMO_OFFICE);
  expect(again.device.id).toBe(session.device.id);
  const synced = await tablet.engine.flush();
  // C (3) after the gap, then all 12 rows again after the pull's reset.
  expect(synced).toMatchObject({ ok: true, pushed: 15, error: null });
  expect(tablet.engine.getStatus()).toMatchObject({ pendingCount: 0, rejectedCount: 0 });

  // The tablet noticed the new epoch and re-pulled from a snapshot.
  const epochAfter = await getMeta(tablet.db, 'epoch');
  expect(epochAfter).toBeDefined();
  expect(epochAfter).not.toBe(epochBefore);

  // The server: A, B and C exactly once each, numbered without a hole; B recovered.
  const log = await pullAll(tablet.browser, server.origin);
  const count = (id: string) => log.events.filter((e) => e.eventId === id).length;
  for (const id of [...a, ...b, ...c]) expect(count(id), `event ${id}`).toBe(1);
  expect(log.events.map((e) => e.serverSeq)).toEqual(log.events.map((_, i) => i + 1));
  expect(new Set(log.events.map((e) => e.eventId)).size).toBe(log.events.length);
  expect(log.headSeq).toBe(demoLog.headSeq + a.length + c.length + b.length);

  // The tablet: every row kept and acknowledged by this server. C went first under the numbers
  // that follow A (the restored server's next), then all twelve again, in device order, under
  // the numbers after those; each row names the number the restored server stored it under.
  const rows = await tablet.outboxRows();
  expect(rows.map((r) => r.eventId)).toEqual([...a, ...b, ...c]);
  expect(rows.every((r) => r.status === 'acked')).toBe(true);
  expect(rows.map((r) => r.wireSeq)).toEqual(rows.map((_, i) => 9 + i));
  for (const row of rows) {
    expect(row.serverSeq, `serverSeq of ${row.eventId}`).toBe(
      log.events.find((e) => e.eventId === row.eventId)?.serverSeq,
    );
  }
  expect(tablet.pushStatuses).toEqual([200, 200, 401, 409, 200, 200]);

  // The tablet's pulled copy equals the restored server's entries for every cell it marked.
  for (const id of [...a, ...b, ...c]) {
    const event = log.events.find((e) => e.eventId === id);
    const entry = await tablet.db.entries.get([
      event?.pupilId ?? '',
      `${event?.session.date ?? ''}:${event?.session.part ?? ''}`,
    ]);
    expect(entry, `entry of ${id}`).toMatchObject({ headEventId: id, code: 'B' });
  }
}

describe('backup, then restore under a syncing tablet', () => {
  it('on the built-in database: new epoch, the tablet resets and sends its unsent marks and those the restore lost', async () => {
    const dataDir = await copyCreatedDataDir(
      join(await makeTempDir('tickmark-restore-built-in-'), 'data'),
    );
    const backupFile = join(await makeTempDir('tickmark-backup-'), 'tickmark.tar.gz');
    await scenario(
      { label: 'built-in', env: { DATA_DIR: dataDir }, stopForBackup: true },
      backupFile,
    );
    // The old folder was moved aside, never deleted.
    const parent = join(dataDir, '..');
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(parent)).some((n) => n.startsWith('data.before-restore-'))).toBe(true);
    expect((await readFile(backupFile)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it.skipIf(skipPostgres)(
    'on PostgreSQL (pg_dump/pg_restore): new epoch, the tablet resets and sends its unsent marks and those the restore lost',
    async () => {
      database = await createFreshDatabase();
      const backupFile = join(await makeTempDir('tickmark-backup-'), 'tickmark.dump');
      await scenario(
        { label: 'PostgreSQL', env: { DATABASE_URL: database.url }, stopForBackup: false },
        backupFile,
      );
      const sessions = await queryOnce<{ live: number }>(
        database.url,
        `SELECT count(*)::int AS live FROM auth_session WHERE revoked_at IS NULL`,
      );
      // Only the sign-in after the restore is live.
      expect(sessions[0]?.live).toBe(1);
    },
  );
});
