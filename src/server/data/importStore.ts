/** The import_job and import_chunk rows: an upload, its preview, and its job's state. */
import { randomUUID } from 'node:crypto';
import type { LocalDate } from '../../domain/index';
import {
  importChangesSchema,
  importPreviewSchema,
  type ImportChanges,
  type ImportJob,
  type ImportKind,
  type ImportPreview,
  type ImportState,
} from '../../shared/api/dataSchemas';
import { IMPORT_MAX_CHARS } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import type { PupilImportUndo } from './importPlan';

/** The school's roster version before and after an import's write. */
export interface RosterVersions {
  readonly before: number;
  readonly after: number;
}

interface JobRow {
  id: string;
  kind: ImportKind;
  file_name: string;
  state: ImportState;
  created_at: Date;
  created_by: string;
  created_by_name: string;
  received_chars: number;
  chunk_count: number;
  effective_date: string | null;
  preview: unknown;
  rows_done: number;
  rows_total: number;
  phase: string | null;
  skip_bad_rows: boolean;
  result: unknown;
  error: string | null;
  finished_at: Date | null;
  whole_roll: boolean;
  has_undo: boolean;
  undone_at: Date | null;
  undone_by: string | null;
  undone_by_name: string | null;
}

/** A done pupils import can be undone for this long after it finished. */
export const UNDO_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

const SELECT_JOB = `
  SELECT j.id, j.kind, j.file_name, j.state, j.created_at, j.created_by, s.name AS created_by_name,
         j.received_chars, j.chunk_count, j.effective_date, j.preview, j.rows_done, j.rows_total, j.phase,
         j.skip_bad_rows, j.result, j.error, j.finished_at, j.whole_roll,
         j.undo_data IS NOT NULL AS has_undo, j.undone_at, j.undone_by, u.name AS undone_by_name
    FROM import_job j JOIN staff s ON s.id = j.created_by LEFT JOIN staff u ON u.id = j.undone_by`;

function toJob(row: JobRow, withLists = true): ImportJob {
  const preview: ImportPreview | null =
    row.preview === null ? null : importPreviewSchema.parse(row.preview);
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.file_name,
    state: row.state,
    createdAt: row.created_at.toISOString(),
    createdBy: { id: row.created_by, name: row.created_by_name },
    receivedChars: row.received_chars,
    effectiveDate: row.effective_date,
    preview:
      preview === null || withLists ? preview : { ...preview, errors: [], changeList: [], leavers: [] },
    rowsDone: row.rows_done,
    rowsTotal: row.rows_total,
    phase: row.phase,
    skipBadRows: row.skip_bad_rows,
    result: row.result === null ? null : importChangesSchema.parse(row.result),
    error: row.error,
    finishedAt: row.finished_at?.toISOString() ?? null,
    wholeRoll: row.whole_roll,
    undoableUntil:
      row.has_undo && row.undone_at === null && row.finished_at !== null
        ? new Date(row.finished_at.getTime() + UNDO_WINDOW_MS).toISOString()
        : null,
    undoneAt: row.undone_at?.toISOString() ?? null,
    undoneBy: row.undone_by === null ? null : { id: row.undone_by, name: row.undone_by_name ?? '' },
  };
}

/** Uploads never confirmed are personal data with no use: gone after a day. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export async function createImport(
  db: Queryable,
  input: {
    schoolId: string;
    staffId: string;
    kind: ImportKind;
    fileName: string;
    effectiveDate: LocalDate | null;
    wholeRoll: boolean;
    now: Date;
  },
): Promise<string> {
  await db.query(
    `DELETE FROM import_chunk WHERE import_id IN (
       SELECT id FROM import_job WHERE created_at < $1 AND state IN ('uploading', 'previewed'))`,
    [new Date(input.now.getTime() - ABANDONED_AFTER_MS)],
  );
  await forgetExpiredUndo(db, input.now);
  const id = randomUUID();
  await db.query(
    `INSERT INTO import_job (id, school_id, kind, file_name, created_by, created_at, effective_date, state, whole_roll)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'uploading', $8)`,
    [id, input.schoolId, input.kind, input.fileName, input.staffId, input.now, input.effectiveDate, input.wholeRoll],
  );
  return id;
}

/** The rows an undo would put back are personal data: kept for the 7 days an undo is allowed. */
export async function forgetExpiredUndo(db: Queryable, now: Date): Promise<void> {
  await db.query('UPDATE import_job SET undo_data = NULL WHERE undo_data IS NOT NULL AND finished_at < $1', [
    new Date(now.getTime() - UNDO_WINDOW_MS),
  ]);
}

/** Keeps what a pupils import changed, in the import's own transaction, so that it can be undone. */
export async function saveUndo(
  db: Queryable,
  id: string,
  undo: PupilImportUndo | null,
  versions: RosterVersions,
): Promise<void> {
  if (undo === null) return;
  await db.query(
    'UPDATE import_job SET undo_data = $2, roster_version_before = $3, roster_version_after = $4 WHERE id = $1',
    [id, JSON.stringify(undo), versions.before, versions.after],
  );
}

/**
 * An import made at the command line, recorded as a done job (without its file) so that it is
 * listed with the others and can be undone the same way. Written in the import's transaction.
 */
export async function recordCliImport(
  db: Queryable,
  input: {
    schoolId: string;
    staffId: string;
    kind: ImportKind;
    fileName: string;
    effectiveDate: LocalDate;
    wholeRoll: boolean;
    confirmLeavers: number | null;
    now: Date;
    result: ImportChanges;
    undo: PupilImportUndo | null;
    versions: RosterVersions;
  },
): Promise<string> {
  const id = randomUUID();
  await db.query(
    `INSERT INTO import_job (id, school_id, kind, file_name, created_by, created_at, effective_date, state,
                             whole_roll, confirmed_leavers, result, finished_at, undo_data,
                             roster_version_before, roster_version_after)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'done', $8, $9, $10, $6, $11, $12, $13)`,
    [
      id,
      input.schoolId,
      input.kind,
      input.fileName.slice(0, 200),
      input.staffId,
      input.now,
      input.effectiveDate,
      input.wholeRoll,
      input.confirmLeavers,
      JSON.stringify(input.result),
      input.undo === null ? null : JSON.stringify(input.undo),
      input.versions.before,
      input.versions.after,
    ],
  );
  return id;
}

export async function findImport(db: Queryable, schoolId: string, id: string, withLists = true): Promise<ImportJob> {
  const { rows } = await db.query<JobRow>(`${SELECT_JOB} WHERE j.id = $1 AND j.school_id = $2`, [id, schoolId]);
  const row = rows[0];
  // Another school's import is "not found", like anything of another school.
  if (row === undefined) throw new ApiError('not_found', { message: 'This school has no import with that id.' });
  return toJob(row, withLists);
}

export async function listImports(db: Queryable, schoolId: string): Promise<ImportJob[]> {
  const { rows } = await db.query<JobRow>(
    `${SELECT_JOB} WHERE j.school_id = $1 ORDER BY j.created_at DESC, j.id LIMIT 50`,
    [schoolId],
  );
  return rows.map((r) => toJob(r, false));
}

/**
 * Appends chunk `index`. Sending the chunk with the number already stored again (a retry after a
 * lost answer) is accepted if it is the same text; a chunk out of order is refused.
 */
export async function appendChunk(
  db: Queryable,
  schoolId: string,
  id: string,
  index: number,
  text: string,
): Promise<{ chunks: number; receivedChars: number }> {
  const { rows } = await db.query<{ state: ImportState; chunk_count: number; received_chars: number }>(
    'SELECT state, chunk_count, received_chars FROM import_job WHERE id = $1 AND school_id = $2 FOR UPDATE',
    [id, schoolId],
  );
  const job = rows[0];
  if (job === undefined) throw new ApiError('not_found', { message: 'This school has no import with that id.' });
  if (job.state !== 'uploading') {
    throw new ApiError('invalid_request', {
      message: 'This import has been previewed already; start a new import to send another file.',
    });
  }
  if (index < job.chunk_count) {
    const { rows: same } = await db.query<{ body: string }>(
      'SELECT body FROM import_chunk WHERE import_id = $1 AND chunk_index = $2',
      [id, index],
    );
    if (same[0]?.body === text) return { chunks: job.chunk_count, receivedChars: job.received_chars };
    throw new ApiError('invalid_request', {
      message: `Chunk ${index} was already received with different text; send the file again as a new import.`,
    });
  }
  if (index > job.chunk_count) {
    throw new ApiError('invalid_request', {
      message: `Chunks must arrive in order: expected chunk ${job.chunk_count}, got ${index}.`,
    });
  }
  if (text.includes('\u0000')) {
    throw new ApiError('invalid_request', { message: 'The file contains the NUL character; save it as CSV text and try again.' });
  }
  const receivedChars = job.received_chars + text.length;
  if (receivedChars > IMPORT_MAX_CHARS) {
    throw new ApiError('payload_too_large', {
      message: `The file is larger than ${IMPORT_MAX_CHARS / 1024 / 1024} MB. Split it into smaller files (for example one term of marks each), or use the command line import.`,
    });
  }
  await db.query('INSERT INTO import_chunk (import_id, chunk_index, body) VALUES ($1, $2, $3)', [id, index, text]);
  await db.query('UPDATE import_job SET chunk_count = $2, received_chars = $3 WHERE id = $1', [id, index + 1, receivedChars]);
  return { chunks: index + 1, receivedChars };
}

export async function importText(db: Queryable, id: string): Promise<string> {
  const { rows } = await db.query<{ body: string }>(
    'SELECT body FROM import_chunk WHERE import_id = $1 ORDER BY chunk_index',
    [id],
  );
  return rows.map((r) => r.body).join('');
}

export async function savePreview(db: Queryable, id: string, preview: ImportPreview, rowsTotal: number): Promise<void> {
  await db.query(
    `UPDATE import_job SET state = 'previewed', preview = $2, rows_total = $3 WHERE id = $1`,
    [id, JSON.stringify(preview), rowsTotal],
  );
}

/** Marks a previewed import running; false if it was not waiting for confirmation. */
export async function markRunning(
  db: Queryable,
  id: string,
  skipBadRows: boolean,
  confirmLeavers?: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE import_job SET state = 'running', skip_bad_rows = $2, confirmed_leavers = $3, rows_done = 0, phase = 'starting'
      WHERE id = $1 AND state = 'previewed'`,
    [id, skipBadRows, confirmLeavers ?? null],
  );
  return rowCount === 1;
}

export async function finishImport(
  db: Queryable,
  id: string,
  outcome: { ok: true; result: ImportChanges; rowsDone: number } | { ok: false; error: string },
  now: Date,
): Promise<void> {
  if (outcome.ok) {
    await db.query(
      `UPDATE import_job SET state = 'done', result = $2, rows_done = $3, phase = NULL, finished_at = $4 WHERE id = $1`,
      [id, JSON.stringify(outcome.result), outcome.rowsDone, now],
    );
  } else {
    await db.query(
      `UPDATE import_job SET state = 'failed', error = $2, phase = NULL, finished_at = $3 WHERE id = $1`,
      [id, outcome.error, now],
    );
  }
  // The file is personal data and has been used: keep the counts, not the rows.
  await db.query('DELETE FROM import_chunk WHERE import_id = $1', [id]);
}
