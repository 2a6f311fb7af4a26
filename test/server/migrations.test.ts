import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  loadMigrations,
  migrate,
  migrationChecksum,
  MigrationError,
} from '../../src/server/db/migrate';
import type { Migration } from '../../src/server/db/migrate';
import { openTestDatabase, resetDatabase } from './harness';
import type { TestDatabase } from './harness';

// The tables 0001 creates (later migrations may add more).
const EXPECTED_TABLES = [
  'auth_session',
  'code_category',
  'device',
  'group_membership',
  'mark_event',
  'organisation',
  'pupil',
  'rate_limit',
  'register_entry',
  'schema_migrations',
  'school',
  'school_group',
  'staff',
  'staff_group',
  'staff_role',
  'sync_head',
];

async function tablesOf(t: TestDatabase): Promise<string[]> {
  const { rows } = await t.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
  );
  return rows.map((r) => r.table_name);
}

// One database for the file: the runner's tests empty it before each (cheaper than a new one).
let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase({ migrate: false });
});
afterAll(() => t.close());

describe('the released migrations', () => {
  it('are numbered from 0001 without gaps', async () => {
    const migrations = await loadMigrations();
    expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
    expect(migrations[0]?.name).toBe('init');
  });

  it('create the schema on an empty database and record each with its checksum', async () => {
    const migrations = await loadMigrations();
    expect(await migrate(t.db)).toEqual(migrations.map((m) => m.version));
    expect(await tablesOf(t)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
    const { rows } = await t.db.query(
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    expect(rows).toEqual(
      migrations.map((m) => ({
        version: m.version,
        name: m.name,
        checksum: migrationChecksum(m.sql),
      })),
    );
  });

  it('do nothing when run again', async () => {
    expect(await migrate(t.db)).toEqual([]);
    expect(await tablesOf(t)).toEqual(expect.arrayContaining(EXPECTED_TABLES));
  });

  it('make mark_event append-only', async () => {
    await expect(t.db.query('UPDATE mark_event SET status = status')).resolves.toBeDefined(); // no rows: no trigger
    // With a row present, an UPDATE or DELETE is refused.
    await t.db.exec(`
      INSERT INTO organisation (id, name) VALUES ('7f0c7a52-0000-4000-8000-000000000001', 'Trust');
      INSERT INTO school (id, organisation_id, name) VALUES ('7f0c7a52-0000-4000-8000-000000000002', '7f0c7a52-0000-4000-8000-000000000001', 'School');
      INSERT INTO staff (id, organisation_id, email, name) VALUES ('7f0c7a52-0000-4000-8000-000000000003', '7f0c7a52-0000-4000-8000-000000000001', 'a@b.example', 'A');
      INSERT INTO device (device_id, school_id, enrolled_by, token_hash) VALUES ('7f0c7a52-0000-4000-8000-000000000004', '7f0c7a52-0000-4000-8000-000000000002', '7f0c7a52-0000-4000-8000-000000000003', 'h');
      INSERT INTO mark_event (school_id, server_seq, event_id, device_id, client_seq, pupil_id, session_date, session_part,
        kind, code, actor_staff_id, actor_name, actor_role, status, payload_version)
      VALUES ('7f0c7a52-0000-4000-8000-000000000002', 1, '7f0c7a52-0000-4000-8000-000000000005', '7f0c7a52-0000-4000-8000-000000000004', 1,
        '7f0c7a52-0000-4000-8000-000000000006', '2025-03-04', 'AM', 'mark', '/', '7f0c7a52-0000-4000-8000-000000000003', 'A', 'teacher', 'applied', 1);
    `);
    await expect(t.db.query("UPDATE mark_event SET code = 'N'")).rejects.toThrow(/append-only/);
    await expect(t.db.query('DELETE FROM mark_event')).rejects.toThrow(/append-only/);
    // The retention job opts in explicitly.
    await t.db.transaction(async (tx) => {
      await tx.query("SELECT set_config('tickmark.allow_delete', 'on', true)");
      await tx.query('DELETE FROM mark_event');
    });
    expect((await t.db.query('SELECT * FROM mark_event')).rows).toEqual([]);
  });
});

describe('the migration runner', () => {
  beforeEach(() => resetDatabase(t.db));

  const first: Migration = { version: 1, name: 'first', sql: 'CREATE TABLE first_table (id int);' };
  const second: Migration = {
    version: 2,
    name: 'second',
    sql: 'CREATE TABLE second_table (id int);\nINSERT INTO second_table VALUES (1);',
  };

  it('applies only what is new, in order', async () => {
    expect(await migrate(t.db, { migrations: [first] })).toEqual([1]);
    expect(await migrate(t.db, { migrations: [first, second] })).toEqual([2]);
    expect(await migrate(t.db, { migrations: [first, second] })).toEqual([]);
    expect((await t.db.query('SELECT id FROM second_table')).rows).toEqual([{ id: 1 }]);
  });

  it('refuses to start when a released migration was edited', async () => {
    await migrate(t.db, { migrations: [first] });
    const edited = { ...first, sql: 'CREATE TABLE first_table (id int, extra text);' };
    const attempt = migrate(t.db, { migrations: [edited, second] });
    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(
      'Migration 0001_first has changed since it was applied to this database. Released migrations must never be edited',
    );
    // Nothing after the refusal ran.
    const { rows } = await t.db.query("SELECT to_regclass('second_table') AS t");
    expect(rows).toEqual([{ t: null }]);
  });

  it('accepts the same file checked out with Windows line endings', async () => {
    await migrate(t.db, { migrations: [second].map((m) => ({ ...m, version: 1 })) });
    const crlf = { ...second, version: 1, sql: second.sql.replace(/\n/g, '\r\n') };
    expect(await migrate(t.db, { migrations: [crlf] })).toEqual([]);
  });

  it('refuses to start when the database is ahead of the code', async () => {
    await migrate(t.db, { migrations: [first, second] });
    await expect(migrate(t.db, { migrations: [first] })).rejects.toThrow(
      /The database has migration 0002_second, which this version of Tickmark does not have/,
    );
  });

  it('rolls back a failing migration whole and records nothing for it', async () => {
    const broken: Migration = {
      version: 2,
      name: 'broken',
      sql: 'CREATE TABLE half (id int);\nSELECT no_such_function();',
    };
    await expect(migrate(t.db, { migrations: [first, broken] })).rejects.toThrow(
      /no_such_function/,
    );
    const { rows } = await t.db.query<{ version: number; t: string | null }>(
      "SELECT (SELECT array_agg(version) FROM schema_migrations) AS versions, to_regclass('half')::text AS t",
    );
    expect(rows).toEqual([{ versions: [1], t: null }]);
  });

  it('is safe when two server processes start at once on one database', async () => {
    const other = t.openAnother();
    const all = await loadMigrations();
    const [a, b] = await Promise.all([migrate(t.db), migrate(other)]);
    expect([...a, ...b].sort((x, y) => x - y)).toEqual(all.map((m) => m.version));
    const { rows } = await t.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM schema_migrations',
    );
    expect(rows[0]?.n).toBe(all.length);
  });
});

describe('loadMigrations', () => {
  async function folderWith(files: Record<string, string>): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'tickmark-migrations-'));
    for (const [name, sql] of Object.entries(files)) await writeFile(join(dir, name), sql);
    return dir;
  }

  it('reads files in number order', async () => {
    const dir = await folderWith({ '0002_b.sql': 'B', '0001_a.sql': 'A', 'README.md': 'ignored' });
    expect(await loadMigrations(dir)).toEqual([
      { version: 1, name: 'a', sql: 'A' },
      { version: 2, name: 'b', sql: 'B' },
    ]);
  });

  it.each([
    [{ '0001_a.sql': '', '0003_c.sql': '' }, 'Migration "0003_c.sql" should be number 0002'],
    [{ '0001_a.sql': '', '0001_b.sql': '' }, 'Migration "0001_b.sql" should be number 0002'],
    [{ '1_a.sql': '' }, 'Migration file "1_a.sql" is not named like 0002_add_trips.sql'],
    [{ '0001_Add-Trips.sql': '' }, 'Migration file "0001_Add-Trips.sql" is not named like'],
  ])('refuses a badly numbered or named set %j', async (files, message) => {
    await expect(loadMigrations(await folderWith(files))).rejects.toThrow(message);
  });
});
