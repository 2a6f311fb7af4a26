/**
 * Damage is detected, never served (docs/reliability.md, "Damage is detected"): the start-up
 * check refuses a database whose event log and counters disagree, saying what is wrong and how to
 * restore. Each test damages the database, checks, and puts it right again.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkDatabaseIntact, DatabaseDamagedError } from '../../src/server/db/integrityCheck';
import { createTestApp } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, morningClock, signedInDevice, type SyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
let school: SyncSchool;
let deviceId: string;
beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const tablet = await signedInDevice(app, school.member('teacher'), { clock });
  await tablet.pushOk(tablet.register(school.groups[0]?.pupilIds ?? []));
  deviceId = tablet.deviceId;
});
afterAll(() => t.close());

async function damage(sql: string, undo: string): Promise<DatabaseDamagedError> {
  await t.db.query(sql, [school.id]);
  try {
    const err = await checkDatabaseIntact(t.db).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DatabaseDamagedError);
    const message = (err as DatabaseDamagedError).message;
    expect(message).toMatch(/^The database is damaged/);
    expect(message).toContain('restore the last good backup');
    expect(message).toContain('"Backup and restore"');
    return err as DatabaseDamagedError;
  } finally {
    await t.db.query(undo, [school.id]);
  }
}

describe('the start-up check', () => {
  it('passes a sound database', async () => {
    await expect(checkDatabaseIntact(t.db)).resolves.toBeUndefined();
  });

  it('refuses events missing at the top of a school’s log (its head is ahead of its log)', async () => {
    const err = await damage(
      'UPDATE sync_head SET seq = seq + 5 WHERE school_id = $1',
      'UPDATE sync_head SET seq = seq - 5 WHERE school_id = $1',
    );
    expect(err.message).toContain(
      `school ${school.id}: its sync head is at number 35, but its event log ends at 30 (5 acknowledged event(s) missing)`,
    );
    await expect(checkDatabaseIntact(t.db)).resolves.toBeUndefined();
  });

  it('refuses events above a school’s head (their numbers would be given twice)', async () => {
    const err = await damage(
      'UPDATE sync_head SET seq = seq - 5 WHERE school_id = $1',
      'UPDATE sync_head SET seq = seq + 5 WHERE school_id = $1',
    );
    expect(err.message).toContain(
      `school ${school.id}: its event log goes up to number 30, but its sync head says 25`,
    );
  });

  it('refuses a device whose counter is behind its stored marks', async () => {
    const err = await damage(
      `UPDATE device SET last_client_seq = 28 WHERE device_id = '${deviceId}' AND $1::uuid IS NOT NULL`,
      `UPDATE device SET last_client_seq = 30 WHERE device_id = '${deviceId}' AND $1::uuid IS NOT NULL`,
    );
    expect(err.message).toContain(
      `device ${deviceId}: the event log holds its mark number 30, but its counter says 28`,
    );
  });

  it('accepts events missing at the top once the school has exported its marks (retention may have removed them)', async () => {
    await t.db.query(
      `INSERT INTO export_log (school_id, from_date, to_date, exported_at) VALUES ($1, '2018-09-01', '2019-07-31', now())`,
      [school.id],
    );
    await t.db.query('UPDATE sync_head SET seq = seq + 5 WHERE school_id = $1', [school.id]);
    try {
      await expect(checkDatabaseIntact(t.db)).resolves.toBeUndefined();
    } finally {
      await t.db.query('UPDATE sync_head SET seq = seq - 5 WHERE school_id = $1', [school.id]);
      await t.db.query('DELETE FROM export_log WHERE school_id = $1', [school.id]);
    }
  });
});
