/**
 * Runs an import's two steps for the API and the command line alike: `previewImport` parses,
 * validates and stores what would change (writing nothing else), `runImport` writes it in one
 * transaction inside the school's log lock, reporting progress as it goes.
 */
import { toSchoolWallClock, type LocalDate } from '../../domain/index';
import type { ImportChanges, ImportKind, ImportPreview } from '../../shared/api/dataSchemas';
import type { Clock } from '../clock';
import type { Database, Queryable } from '../db/database';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import { lockSchoolLog } from '../register/syncHead';
import type { ImportApplied, ImportContext, ImportPlan, ProgressReporter } from './importPlan';
import {
  finishImport,
  importText,
  savePreview,
  saveUndo,
  type RosterVersions,
} from './importStore';
import { holdImportJob, INTERRUPTED_IMPORT_ERROR } from './interruptedImports';
import { planCharacteristicHistoryImport } from './characteristicHistory';
import { planContactImport } from './contactImport';
import { planMarkImport } from './markImport';
import { planPupilImport } from './pupilImport';
import { planStaffImport } from './staffImport';

export async function importContext(
  db: Queryable,
  input: {
    schoolId: string;
    staff: { id: string; name: string };
    now: Date;
    effectiveDate: LocalDate | null;
    /** Pupils: the file is the whole roll; the safe default is "add and update only". */
    wholeRoll?: boolean;
  },
): Promise<ImportContext> {
  const row = await loadSchoolRow(db, input.schoolId);
  const config = schoolConfigOf(row, input.now);
  return {
    schoolId: row.id,
    schoolName: row.name,
    organisationId: row.organisationId,
    config,
    staff: input.staff,
    role: 'admin',
    now: input.now,
    effectiveDate: input.effectiveDate ?? toSchoolWallClock(input.now, config.timeZone).date,
    wholeRoll: input.wholeRoll ?? false,
  };
}

export function planImport(db: Queryable, kind: ImportKind, text: string, ctx: ImportContext): Promise<ImportPlan> {
  switch (kind) {
    case 'pupils':
      return planPupilImport(db, text, ctx);
    case 'staff':
      return planStaffImport(db, text, ctx);
    case 'marks':
      return planMarkImport(db, text, ctx);
    case 'contacts':
      return planContactImport(db, text, ctx);
    case 'characteristics':
      return planCharacteristicHistoryImport(db, text, ctx);
  }
}

/**
 * Why an import may not be written as it stands, or null when it may. A problem with the file as
 * a whole (a missing column, no rows) refuses even when bad rows are to be skipped, and a
 * whole-roll import that takes many pupils off roll needs their number typed (`confirmLeavers`).
 */
export function refusalOf(preview: ImportPreview, skipBadRows: boolean, confirmLeavers?: number): string | null {
  const fileProblem = preview.errors.find((e) => e.row === null);
  if (fileProblem !== undefined) return `Nothing was imported: ${fileProblem.message}.`;
  if (preview.rowsWithErrors > 0 && !skipBadRows) {
    const n = preview.rowsWithErrors;
    return `Nothing was imported: ${n} row${n === 1 ? ' has' : 's have'} problems. Correct ${n === 1 ? 'it' : 'them'} and import the file again, or choose to skip bad rows.`;
  }
  const leavers = preview.changes.leavers;
  if (preview.leaverConfirmation && confirmLeavers !== leavers) {
    const typed = confirmLeavers === undefined ? '' : ` The number typed, ${confirmLeavers}, does not match.`;
    return `Nothing was imported: this would take ${leavers} of the ${preview.rollSize} pupils on roll off it (more than 5 %).${typed} Check the names in the preview; if they really have all left, type ${leavers} to confirm. If the file is not your whole roll, import it as "add and update only".`;
  }
  return null;
}

/** Parses and validates an uploaded import and stores its preview. */
export async function previewImport(
  db: Queryable,
  job: { id: string; kind: ImportKind },
  ctx: ImportContext,
): Promise<ImportPreview> {
  const text = await importText(db, job.id);
  const plan = await planImport(db, job.kind, text, ctx);
  await savePreview(db, job.id, plan.preview, plan.rowsToWrite);
  return plan.preview;
}

export type RunOutcome = { ok: true; result: ImportChanges; rowsDone: number } | { ok: false; error: string };

export interface WriteOptions {
  readonly skipBadRows: boolean;
  /** The number of leavers the admin typed (see `refusalOf`). */
  readonly confirmLeavers?: number | undefined;
  /** Records the write (its undo data) in the same transaction. */
  readonly record?: (tx: Queryable, applied: ImportApplied, versions: RosterVersions) => Promise<void>;
  /** Plan (and report the preview) but write nothing. */
  readonly dryRun?: boolean;
  readonly onPreview?: (preview: ImportPreview) => void;
  readonly progress?: (rowsDone: number, rowsTotal: number, phase: string) => void;
  /** The import job this write is for: held locked for the transaction (interruptedImports.ts). */
  readonly jobId?: string;
}

/**
 * Plans and writes an import in one transaction: the file is planned against the database as it
 * is now (after taking the school's log lock, so no push changes an entry meanwhile), and either
 * everything is written or, on any problem, nothing.
 */
export async function importInTransaction(
  db: Database,
  kind: ImportKind,
  text: string,
  ctx: ImportContext,
  options: WriteOptions,
): Promise<RunOutcome> {
  return db.transaction(async (tx): Promise<RunOutcome> => {
    if (options.jobId !== undefined && (await holdImportJob(tx, options.jobId)) !== 'running') {
      return { ok: false, error: INTERRUPTED_IMPORT_ERROR };
    }
    await lockSchoolLog(tx, ctx.schoolId);
    const plan = await planImport(tx, kind, text, ctx);
    options.onPreview?.(plan.preview);
    const refusal = plan.blocking
      ? (refusalOf(plan.preview, false) ?? 'Nothing was imported: the file cannot be read.')
      : refusalOf(plan.preview, options.skipBadRows, options.confirmLeavers);
    if (refusal !== null) return { ok: false, error: refusal };
    if (options.dryRun === true) return { ok: false, error: 'Nothing was imported: this was a dry run.' };
    const total = plan.rowsToWrite;
    options.progress?.(0, total, 'starting');
    const report: ProgressReporter = (done, phase) => options.progress?.(done, total, phase);
    const before = await rosterVersionOf(tx, ctx.schoolId);
    const applied = await plan.apply(tx, report);
    await options.record?.(tx, applied, { before, after: await rosterVersionOf(tx, ctx.schoolId) });
    options.progress?.(total, total, 'done');
    return { ok: true, result: applied.changes, rowsDone: total };
  });
}

async function rosterVersionOf(db: Queryable, schoolId: string): Promise<number> {
  const { rows } = await db.query<{ v: string }>('SELECT roster_version::text AS v FROM school WHERE id = $1', [schoolId]);
  return Number(rows[0]?.v ?? 0);
}

/** Runs a confirmed import's job and records its outcome on the job row. */
export async function runImport(
  db: Database,
  job: { id: string; kind: ImportKind },
  ctx: ImportContext,
  confirmed: { skipBadRows: boolean; confirmLeavers?: number | undefined },
  progress: (rowsDone: number, rowsTotal: number, phase: string) => void,
  clock: Clock,
): Promise<RunOutcome> {
  let outcome: RunOutcome;
  try {
    const text = await importText(db, job.id);
    outcome = await importInTransaction(db, job.kind, text, ctx, {
      ...confirmed,
      progress,
      jobId: job.id,
      record: (tx, applied, versions) => saveUndo(tx, job.id, applied.undo, versions),
    });
  } catch (err) {
    outcome = {
      ok: false,
      error: `Nothing was imported: the database refused the write (${(err as Error).message}). Try again; if it happens again, contact support.`,
    };
  }
  await finishImport(db, job.id, outcome, clock.now());
  return outcome;
}
