/**
 * Backup and restore of the built-in database (PGlite in DATA_DIR). PGlite serves one process:
 * opening a data folder that a running server holds would let two writers corrupt it, so both
 * commands refuse while the folder's `postmaster.pid` exists (PGlite writes it on open and removes
 * it on a clean close; after a crash it stays until the server has been started and stopped once).
 *
 * The backup is PGlite's own dump of the data folder (a gzipped tar), which `loadDataDir` reads
 * back. Copying the stopped folder (`cp -a`) is an equally good backup.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openPgliteDatabase } from '../db/pgliteDatabase';
import { finishRestore, type RestoreFacts } from './restoreSteps';

export class OpsError extends Error {
  override readonly name = 'OpsError';
}

function refuseWhileRunning(dataDir: string): void {
  if (existsSync(join(dataDir, 'postmaster.pid'))) {
    throw new OpsError(
      `The database folder ${dataDir} is in use (it holds postmaster.pid): stop the Tickmark server first. ` +
        'If the server crashed, start it once and stop it with Ctrl+C, then run this again.',
    );
  }
}

/** Writes a dump of the stopped PGlite folder `dataDir` to `file`; returns its size in bytes. */
export async function backupPglite(dataDir: string, file: string): Promise<number> {
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    throw new OpsError(
      `There is no Tickmark database in ${dataDir} (no PG_VERSION). Check DATA_DIR.`,
    );
  }
  refuseWhileRunning(dataDir);
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
  let movedAside: string | null = null;
  const entries = existsSync(dataDir) ? await readdir(dataDir) : [];
  if (entries.length > 0) {
    refuseWhileRunning(dataDir);
    if (options.replace !== true) {
      throw new OpsError(
        `${dataDir} already holds a database. Add --replace to move it aside and restore in its place.`,
      );
    }
    const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
    movedAside = `${dataDir}.before-restore-${stamp}`;
    await rename(dataDir, movedAside);
  }
  const db = await openPgliteDatabase(dataDir, {
    loadDataDir: new Blob([new Uint8Array(dump)], { type: 'application/x-gzip' }),
  });
  try {
    const facts = await finishRestore(db, { keepSessions: options.keepSessions ?? false });
    return { ...facts, movedAside };
  } finally {
    await db.close();
  }
}
