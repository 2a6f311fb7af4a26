/**
 * Backup and restore of the built-in database (PGlite in DATA_DIR). PGlite serves one process:
 * opening a data folder that a running server holds would let two writers corrupt it, so both
 * commands take the folder's lock first (db/dataDirLock.ts) and are refused while a live process
 * holds it. A lock left by a crashed server is taken over, so no start-and-stop is needed first.
 *
 * The backup is PGlite's own dump of the data folder (a gzipped tar), which `loadDataDir` reads
 * back. Copying the stopped folder (`cp -a`) is an equally good backup.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataDirLockedError, lockDataDir, type DataDirLock } from '../db/dataDirLock';
import { openPgliteDatabase } from '../db/pgliteDatabase';
import { finishRestore, type RestoreFacts } from './restoreSteps';

export class OpsError extends Error {
  override readonly name = 'OpsError';
}

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

/** Writes a dump of the stopped PGlite folder `dataDir` to `file`; returns its size in bytes. */
export async function backupPglite(dataDir: string, file: string): Promise<number> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new OpsError(
      `There is no Tickmark database in ${dataDir} (no PG_VERSION). Check DATA_DIR.`,
    );
  }
  const lock = await lockForOps(dataDir, 'Tickmark backup');
  try {
    const pg = await PGlite.create({ dataDir });
    try {
      const dump = Buffer.from(await (await pg.dumpDataDir('gzip')).arrayBuffer());
      const partial = `${file}.partial`;
      await writeFile(partial, dump);
      await rename(partial, file);
      return dump.length;
    } finally {
      await pg.close();
    }
  } finally {
    await lock.release();
  }
}

/**
 * Restores `file` (a {@link backupPglite} dump) into `dataDir`, then gives the database a new
 * epoch and ends its sessions. A folder that already holds a database is moved aside to
 * `<dataDir>.before-restore-<time>` (never deleted); without `replace` such a folder is refused.
 */
export async function restorePglite(
  file: string,
  dataDir: string,
  options: { replace?: boolean; keepSessions?: boolean; now?: Date } = {},
): Promise<RestoreFacts & { movedAside: string | null }> {
  const dump = await readFile(file).catch((err: unknown) => {
    throw new OpsError(`The backup file ${file} cannot be read (${(err as Error).message}).`);
  });
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
    const db = await openPgliteDatabase(dataDir, {
      loadDataDir: new Blob([new Uint8Array(dump)], { type: 'application/x-gzip' }),
      lock,
    });
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
