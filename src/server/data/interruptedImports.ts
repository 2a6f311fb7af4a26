/**
 * Imports that a crash interrupted. An import writes in one transaction, so a crash (a kill, a
 * power cut) undoes all of its writes, but its job row stays `running` for ever: the admin screen
 * would show it running, its uploaded file would be kept, and nothing would say what happened.
 *
 * The transaction of a running import holds an advisory lock on its job id
 * ({@link holdImportJob}). At start-up every job still `running` whose lock is free has no live
 * transaction anywhere (in this process or, on PostgreSQL, in another server sharing the
 * database), and is marked failed with the reason; its uploaded file is deleted like any
 * finished import's. The admin uploads the file again to run it again.
 */
import type { ImportState } from '../../shared/api/dataSchemas';
import type { Database, Queryable } from '../db/database';

/** The first key of the two-key advisory lock on an import job ('tick'); the second is its id's hash. */
const IMPORT_JOB_LOCK = 0x7469636b;

export const INTERRUPTED_IMPORT_ERROR =
  'Nothing was imported: the server stopped while this import was running (a crash, a power cut or a restart), and the whole write was undone. Upload the file again to run it again.';

/**
 * Takes the job's lock for the rest of the transaction `tx` and returns the job's state: a job no
 * longer `running` was marked failed by a start-up meanwhile, and must not be written.
 */
export async function holdImportJob(tx: Queryable, id: string): Promise<ImportState | null> {
  await tx.query('SELECT pg_advisory_xact_lock($1::int, hashtext($2))', [IMPORT_JOB_LOCK, id]);
  const { rows } = await tx.query<{ state: ImportState }>(
    'SELECT state FROM import_job WHERE id = $1',
    [id],
  );
  return rows[0]?.state ?? null;
}

/** Marks failed every `running` import with no live transaction; returns how many. */
export async function failInterruptedImports(db: Database, now: Date): Promise<number> {
  const { rows } = await db.query<{ id: string }>(
    `SELECT id FROM import_job WHERE state = 'running'`,
  );
  let failed = 0;
  for (const { id } of rows) {
    const marked = await db.transaction(async (tx) => {
      const { rows: lock } = await tx.query<{ free: boolean }>(
        'SELECT pg_try_advisory_xact_lock($1::int, hashtext($2)) AS free',
        [IMPORT_JOB_LOCK, id],
      );
      if (lock[0]?.free !== true) return false; // still being written by a live server
      const { rowCount } = await tx.query(
        `UPDATE import_job SET state = 'failed', error = $2, phase = NULL, finished_at = $3
          WHERE id = $1 AND state = 'running'`,
        [id, INTERRUPTED_IMPORT_ERROR, now],
      );
      await tx.query('DELETE FROM import_chunk WHERE import_id = $1', [id]);
      return rowCount === 1;
    });
    if (marked) failed += 1;
  }
  return failed;
}
