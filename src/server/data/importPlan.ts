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
  /** Pupils: the file is the whole roll, so pupils on roll but missing from it leave. */
  readonly wholeRoll: boolean;
}

/** What a pupils import changed, kept so that it can be undone (undoImport.ts). */
export interface PupilImportUndo {
  readonly addedPupils: readonly string[];
  readonly addedGroups: readonly string[];
  /** The changed pupils' rows (`to_jsonb(pupil)`) as they were before. */
  readonly pupilsBefore: readonly unknown[];
  /** Every group membership of the changed pupils as it was before. */
  readonly membershipsBefore: readonly unknown[];
  /**
   * Every characteristic span of the changed pupils as it was before; absent in imports kept
   * before characteristics were imported (their undo leaves spans as they are).
   */
  readonly characteristicsBefore?: readonly unknown[];
}

/** What an import wrote, and for a pupils import how to put it back. */
export interface ImportApplied {
  readonly changes: ImportChanges;
  readonly undo: PupilImportUndo | null;
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
  apply(tx: Queryable, progress: ProgressReporter): Promise<ImportApplied>;
}

/** A row naming a pupil the school does not have (contacts, characteristics history). */
export function unknownUpnError(row: number, upn: string, schoolName: string): RowError {
  return {
    row,
    column: 'UPN',
    value: upn,
    message: `row ${row}: no pupil with UPN ${upn} is on the roll of ${schoolName}; import the pupils first, or correct the UPN`,
  };
}

/** A whole-roll import taking more than this share of the roll off it needs the number typed. */
export const LEAVER_CONFIRMATION_SHARE = 0.05;

/** The roll part of a pupils preview: absent (all defaults) for staff and marks. */
export interface RollPreview {
  readonly wholeRoll: boolean;
  readonly rollSize: number;
  readonly leaverConfirmation: boolean;
  readonly leavers: ImportPreview['leavers'];
}

const NO_ROLL: RollPreview = { wholeRoll: false, rollSize: 0, leaverConfirmation: false, leavers: [] };

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
  roll?: RollPreview;
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
    ...(input.roll ?? NO_ROLL),
    leavers: [...(input.roll ?? NO_ROLL).leavers],
  };
}

