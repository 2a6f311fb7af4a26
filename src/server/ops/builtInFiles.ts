/**
 * Backup and restore of the built-in database (the PostgreSQL server Tickmark runs in DATA_DIR).
 * Only one process may run that server on the folder, so both commands take the folder's lock
 * first (db/dataDirLock.ts) and are refused while a live server holds it. A lock left by a killed
 * server is taken over, and so is the PostgreSQL it left running (db/embedded/stalePostmaster.ts).
 *
 * The backup is the folder itself, copied while its PostgreSQL is stopped cleanly (a cold
 * physical backup, as PostgreSQL's manual describes): the command starts the database once and
 * stops it, so a folder a crash left behind is recovered and checkpointed first, then writes the
 * folder as a gzipped tar. A restore unpacks it into a new folder and gives it a new epoch.
 * No `pg_dump` is needed: the npm package ships the server, not the client tools.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DataDirLockedError, lockDataDir, type DataDirLock } from '../db/dataDirLock';
import { openEmbeddedDatabase } from '../db/embeddedDatabase';
import { OpsError } from './opsError';
import { finishRestore, type RestoreFacts } from './restoreSteps';

/** Takes the folder's lock, or refuses naming the process that holds it. */
async function lockForOps(dataDir: string, command: string): Promise<DataDirLock> {
  try {
    return await lockDataDir(dataDir, command);
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      throw new OpsError(`${err.message} To back up or restore, stop the Tickmark server first.`);
    }
    throw err;
  }
}

function tar(args: readonly string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn('tar', [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', (err) =>
      fail(new OpsError(`tar could not be run (${err.message}). Install tar and try again.`)),
    );
    child.once('exit', (code) =>
      code === 0 ? done() : fail(new OpsError(`tar failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

/**
 * Writes a backup of the built-in database in `dataDir` to `file` (a gzipped tar of the folder,
 * stopped cleanly); returns its size in bytes.
 */
export async function backupBuiltIn(dataDir: string, file: string): Promise<number> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new OpsError(
      `There is no Tickmark database in ${dataDir} (no PG_VERSION). Check DATA_DIR.`,
    );
  }
  const lock = await lockForOps(dataDir, 'Tickmark backup');
  try {
    // Start and stop once: crash recovery after a kill, then a clean shutdown's checkpoint, so
    // the files copied are a consistent database on their own.
    await (await openEmbeddedDatabase(dataDir, { lock })).close();
    const partial = `${file}.partial`;
    await mkdir(dirname(file), { recursive: true });
    await tar(['-czf', partial, '-C', dataDir, '--exclude=./postmaster.pid', '.']);
    await rename(partial, file);
    return (await stat(file)).size;
  } finally {
    await lock.release();
  }
}

/**
 * Restores `file` (a {@link backupBuiltIn} backup) into `dataDir`, then gives the database a new
 * epoch and ends its sessions. A folder that already holds a database is moved aside to
 * `<dataDir>.before-restore-<time>` (never deleted); without `replace` such a folder is refused.
 */
export async function restoreBuiltIn(
  file: string,
  dataDir: string,
  options: { replace?: boolean; keepSessions?: boolean; now?: Date } = {},
): Promise<RestoreFacts & { movedAside: string | null }> {
  if (!existsSync(file)) throw new OpsError(`The backup file ${file} cannot be read (not found).`);
  const lock = await lockForOps(dataDir, 'Tickmark restore');
  try {
    let movedAside: string | null = null;
    const entries = existsSync(dataDir) ? await readdir(dataDir) : [];
    if (entries.length > 0) {
      if (options.replace !== true) {
        throw new OpsError(
          `${dataDir} already holds a database. Add --replace to move it aside and restore in its place.`,
        );
      }
      const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
      movedAside = `${dataDir}.before-restore-${stamp}`;
      await rename(dataDir, movedAside);
    }
    // The lock is beside the folder, so it stays held while the folder is moved and made anew.
    await mkdir(dataDir, { recursive: true });
    try {
      await tar(['-xzf', file, '-C', dataDir]);
      if (!existsSync(join(dataDir, 'PG_VERSION'))) {
        throw new OpsError(`${file} is not a backup of Tickmark's built-in database.`);
      }
    } catch (err) {
      await rm(dataDir, { recursive: true, force: true });
      if (movedAside !== null) await rename(movedAside, dataDir);
      throw err;
    }
    const db = await openEmbeddedDatabase(dataDir, { lock });
    try {
      const facts = await finishRestore(db, { keepSessions: options.keepSessions ?? false });
      return { ...facts, movedAside };
    } finally {
      await db.close();
    }
  } finally {
    await lock.release();
  }
}
