/**
 * Applies the numbered SQL files in ./migrations at start-up, each in its own transaction, and
 * records them in `schema_migrations` with a checksum. Released migrations are append-only: if a
 * recorded file's checksum has changed, or the database has a migration this code does not know,
 * the server refuses to start rather than run on a schema it does not understand.
 *
 * Two processes may start at once on one PostgreSQL: every step takes the same transaction-level
 * advisory lock first, so one applies a migration while the other waits and then finds it done.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database, Queryable } from './database';
import type { Logger } from '../logger';

export interface Migration {
  /** The number in the file name (`0001_init.sql` → 1). */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

export interface AppliedMigration {
  readonly version: number;
  readonly name: string;
  readonly checksum: string;
}

/** The migrations cannot be applied safely; the message says what happened and what to do. */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

// An arbitrary constant shared by every Tickmark process: "tick" in ASCII.
const MIGRATION_LOCK_KEY = 0x7469636b;

const FILE_NAME = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/** SHA-256 of the SQL with line endings normalised, so a checkout with CRLF matches. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n')).digest('hex');
}

/** Reads `NNNN_name.sql` files from a folder, in order, refusing gaps and stray names. */
export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  const migrations: Migration[] = [];
  for (const file of files) {
    const match = FILE_NAME.exec(file);
    if (match === null) {
      throw new MigrationError(
        `Migration file "${file}" is not named like 0002_add_trips.sql (four digits, underscore, lower-case name).`,
      );
    }
    const version = Number(match[1]);
    if (version !== migrations.length + 1) {
      throw new MigrationError(
        `Migration "${file}" should be number ${String(migrations.length + 1).padStart(4, '0')}: migrations are numbered 0001, 0002, … with no gaps or repeats.`,
      );
    }
    migrations.push({
      version,
      name: match[2] ?? '',
      sql: await readFile(`${dir}/${file}`, 'utf8'),
    });
  }
  return migrations;
}

async function lockAndEnsureTable(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
  await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
}

async function applied(tx: Queryable): Promise<AppliedMigration[]> {
  const { rows } = await tx.query<AppliedMigration>(
    'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
  );
  return rows;
}

function checkRecorded(recorded: readonly AppliedMigration[], known: readonly Migration[]): void {
  for (const row of recorded) {
    const file = known.find((m) => m.version === row.version);
    const label = `${String(row.version).padStart(4, '0')}_${row.name}`;
    if (file === undefined) {
      throw new MigrationError(
        `The database has migration ${label}, which this version of Tickmark does not have. It was probably upgraded by a newer version: run that version, or restore a backup taken before the upgrade.`,
      );
    }
    if (migrationChecksum(file.sql) !== row.checksum) {
      throw new MigrationError(
        `Migration ${label} has changed since it was applied to this database. Released migrations must never be edited: restore the original file and put the change in a new numbered migration.`,
      );
    }
  }
}

/**
 * Brings the database up to date with `migrations` (by default the files in ./migrations).
 *
 * @returns the versions this call applied (empty when already up to date).
 * @throws MigrationError when a released migration was edited or the database is ahead of the code.
 */
export async function migrate(
  db: Database,
  options: { migrations?: readonly Migration[]; logger?: Logger } = {},
): Promise<number[]> {
  const migrations = options.migrations ?? (await loadMigrations());
  await db.transaction(async (tx) => {
    await lockAndEnsureTable(tx);
    checkRecorded(await applied(tx), migrations);
  });

  const done: number[] = [];
  for (const migration of migrations) {
    const wasApplied = await db.transaction(async (tx) => {
      await lockAndEnsureTable(tx);
      // Another process may have applied it while we waited for the lock.
      const recorded = await applied(tx);
      checkRecorded(recorded, migrations);
      if (recorded.some((r) => r.version === migration.version)) return false;
      await tx.exec(migration.sql);
      await tx.query(
        'INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)',
        [migration.version, migration.name, migrationChecksum(migration.sql)],
      );
      return true;
    });
    if (wasApplied) {
      done.push(migration.version);
      options.logger?.info('applied migration', {
        version: migration.version,
        migration: migration.name,
      });
    }
  }
  return done;
}
