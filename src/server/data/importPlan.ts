/**
 * What every kind of import produces from a file and the database: the preview (what would
 * change, and every problem), and a way to write exactly that inside a transaction.
 */
import type { LocalDate, Role, SchoolConfig } from '../../domain/index';
import type { ImportChangeLine, ImportChanges, ImportPreview, RowError } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';

/** Who is importing, where, and when. */
export interface ImportContext {
  readonly schoolId: string;
  readonly schoolName: string;
  readonly organisationId: string;
  readonly config: SchoolConfig;
  readonly staff: { readonly id: string; readonly name: string };
  /** The importer's role at the school, copied onto imported mark events. */
  readonly role: Role;
  readonly now: Date;
  /** The day a pupils file describes (group moves, leavers). */
  readonly effectiveDate: LocalDate;
}

/** Reports rows written so far, and what is being written. */
export type ProgressReporter = (rowsDone: number, phase: string) => void;

export interface ImportPlan {
  readonly preview: ImportPreview;
  /** Problems that stop the import even when bad rows are skipped (no header, empty file). */
  readonly blocking: boolean;
  /** Rows the write will go through (for progress). */
  readonly rowsToWrite: number;
  /** Writes the good rows' changes; the caller holds the transaction. */
  apply(tx: Queryable, progress: ProgressReporter): Promise<ImportChanges>;
}

/** The preview lists at most this many errors and change lines; the counts are always complete. */
export const LISTED_ERRORS = 500;
export const LISTED_CHANGES = 200;

export function emptyChanges(): ImportChanges {
  return { new: 0, updated: 0, unchanged: 0, leavers: 0, groupsNew: 0, skippedRows: 0 };
}

export function buildPreview(input: {
  rowsTotal: number;
  badRows: number;
  errors: readonly RowError[];
  warnings: readonly string[];
  columns: readonly { header: string; field: string | null }[];
  changes: ImportChanges;
  changeList: readonly ImportChangeLine[];
}): ImportPreview {
  return {
    rowsTotal: input.rowsTotal,
    rowsValid: input.rowsTotal - input.badRows,
    rowsWithErrors: input.badRows,
    errors: input.errors.slice(0, LISTED_ERRORS),
    warnings: [...input.warnings],
    columns: input.columns.map((c) => ({ header: c.header, field: c.field })),
    changes: { ...input.changes, skippedRows: input.badRows },
    changeList: input.changeList.slice(0, LISTED_CHANGES),
  };
}

/** The school's roster changed: tablets fetch it again at their next pull. */
export async function bumpRosterVersion(tx: Queryable, schoolId: string): Promise<void> {
  await tx.query('UPDATE school SET roster_version = roster_version + 1 WHERE id = $1', [schoolId]);
}
