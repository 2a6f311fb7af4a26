/**
 * Backup and restore on PostgreSQL with the standard tools: `pg_dump --format=custom` (a
 * consistent snapshot, safe while the servers run) and `pg_restore`. After a restore the
 * database is given a new epoch and its sessions are ended (restoreSteps.ts).
 *
 * The tools get DATABASE_URL as `--dbname`; keep the password in `~/.pgpass` or `PGPASSWORD`
 * rather than in the URL if other users of the machine may list its processes.
 */
import { spawn } from 'node:child_process';
import { openPostgresDatabase } from '../db/postgresDatabase';
import { OpsError } from './opsError';
import { finishRestore, type RestoreFacts } from './restoreSteps';

function run(tool: string, args: readonly string[], url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, [...args, `--dbname=${url}`], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (err) =>
      reject(
        new OpsError(
          `${tool} could not be run (${err.message}). Install the PostgreSQL client tools of the server's version.`,
        ),
      ),
    );
    child.once('exit', (code) => {
      if (code === 0) resolve();
      else reject(new OpsError(`${tool} failed (exit ${String(code)}):\n${stderr.trim()}`));
    });
  });
}

/** Dumps the database at `url` to `file` in pg_dump's custom format. */
export async function backupPostgres(url: string, file: string): Promise<void> {
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], url);
}

async function hasTickmarkTables(url: string): Promise<boolean> {
  const db = openPostgresDatabase(url, { max: 1 });
  try {
    const { rows } = await db.query<{ found: boolean }>(
      `SELECT to_regclass('public.server_meta') IS NOT NULL AS found`,
    );
    return rows[0]?.found === true;
  } finally {
    await db.close();
  }
}

/**
 * Restores `file` into the database at `url`. An empty database is filled; one that already holds
 * Tickmark's tables is refused unless `replace` (then pg_restore drops and recreates them: stop
 * every server on it first). Then: a new epoch, and every session ended.
 */
export async function restorePostgres(
  file: string,
  url: string,
  options: { replace?: boolean; keepSessions?: boolean } = {},
): Promise<RestoreFacts> {
  if ((await hasTickmarkTables(url)) && options.replace !== true) {
    throw new OpsError(
      'The target database already holds Tickmark tables. Stop every server on it and add --replace, or restore into a new empty database.',
    );
  }
  await run(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      ...(options.replace === true ? ['--clean', '--if-exists'] : []),
      file,
    ],
    url,
  );
  const db = openPostgresDatabase(url, { max: 1 });
  try {
    return await finishRestore(db, { keepSessions: options.keepSessions ?? false });
  } finally {
    await db.close();
  }
}
