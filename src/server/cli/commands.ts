/**
 * The command line's commands, apart from process concerns (arguments, files, exit codes) so a
 * test can drive them. Each returns the exit code: 0 done, 1 refused (bad rows, bad file), 2 a
 * usage mistake.
 */
import { basename } from 'node:path';
import { parseLocalDate, type LocalDate } from '../../domain/index';
import {
  importKindSchema,
  type ImportChanges,
  type ImportPreview,
} from '../../shared/api/dataSchemas';
import type { Database } from '../db/database';
import { ApiError } from '../http/apiError';
import { importBankHolidays, parseCalendarCsv, saveCalendar } from '../data/calendarData';
import { importContext, importInTransaction } from '../data/importRunner';
import { recordCliImport } from '../data/importStore';
import { undoImport } from '../data/undoImport';
import { exportedEntries, marksCsv } from '../data/marksExport';
import { recordExport } from '../register/exportLog';
import { runRetention } from '../retention/retentionJob';
import { describeProblem } from '../reports/dfeBenchmarkCsv';
import { DEFAULT_PUBLICATION, loadBenchmarkFile } from '../reports/dfeBenchmarkStore';

/** A mistake in how the command was called; the message says how to call it. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CliIo {
  readText(path: string): Promise<string>;
  writeText(path: string, text: string): Promise<void>;
  out(line: string): void;
  err(line: string): void;
  /** One progress line (a terminal overwrites it in place). */
  progress(line: string): void;
  now(): Date;
  /** The server's retention period in years (RETENTION_YEARS). */
  readonly retentionYears: number;
}

export interface CliOptions {
  readonly school?: string | undefined;
  readonly as?: string | undefined;
  readonly 'skip-bad-rows'?: boolean | undefined;
  readonly 'dry-run'?: boolean | undefined;
  readonly 'effective-date'?: string | undefined;
  readonly 'whole-roll'?: boolean | undefined;
  readonly 'confirm-leavers'?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly out?: string | undefined;
  readonly publication?: string | undefined;
}

const count = (n: number): string => n.toLocaleString('en-GB');

async function findSchool(
  db: Database,
  key: string | undefined,
): Promise<{ id: string; name: string }> {
  if (key === undefined || key.trim() === '')
    throw new CliError('Say which school with --school (its id, DfE number or name).');
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT id, name FROM school WHERE id::text = $1 OR dfe_number = $1 OR lower(name) = lower($1) ORDER BY name`,
    [key.trim()],
  );
  if (rows.length === 0)
    throw new CliError(`No school matches '${key}'. Run "npm run cli -- schools" to list them.`);
  if (rows.length > 1)
    throw new CliError(`More than one school matches '${key}'; give its id instead.`);
  const [school] = rows;
  if (school === undefined) throw new CliError(`No school matches '${key}'.`);
  return school;
}

async function findAdmin(
  db: Database,
  schoolId: string,
  email: string | undefined,
): Promise<{ id: string; name: string }> {
  if (email === undefined) {
    throw new CliError(
      'Say who is importing with --as (the email of an admin at the school): imported records name them.',
    );
  }
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT s.id, s.name FROM staff s JOIN staff_role r ON r.staff_id = s.id
      WHERE s.email = lower($1) AND r.school_id = $2 AND r.role = 'admin' AND s.disabled_at IS NULL`,
    [email, schoolId],
  );
  const admin = rows[0];
  if (admin === undefined)
    throw new CliError(`${email} is not an admin at this school; imports are made by an admin.`);
  return admin;
}

function printPreview(io: CliIo, preview: ImportPreview): void {
  const c = preview.changes;
  io.out(
    `${count(preview.rowsTotal)} rows: ${count(preview.rowsValid)} good, ${count(preview.rowsWithErrors)} with problems. ` +
      `New ${count(c.new)}, updated ${count(c.updated)}, unchanged ${count(c.unchanged)}, leavers ${count(c.leavers)}, new groups ${count(c.groupsNew)}.`,
  );
  if (preview.wholeRoll && preview.leavers.length > 0) {
    io.out(
      `Leaving the roll (${count(preview.leavers.length)} of ${count(preview.rollSize)} on roll):`,
    );
    for (const l of preview.leavers) io.out(`  ${l.upn}  ${l.name}  leaving date ${l.leavingDate}`);
  }
  for (const warning of preview.warnings) io.err(`warning: ${warning}`);
  for (const error of preview.errors.slice(0, 50)) io.err(error.message);
  if (preview.rowsWithErrors > 50)
    io.err(`… and more: ${count(preview.rowsWithErrors)} rows have problems in all.`);
}

function printResult(io: CliIo, result: ImportChanges): void {
  io.out(
    `Imported: new ${count(result.new)}, updated ${count(result.updated)}, unchanged ${count(result.unchanged)}, ` +
      `leavers ${count(result.leavers)}, new groups ${count(result.groupsNew)}, skipped rows ${count(result.skippedRows)}.`,
  );
}

function dateOption(name: string, value: string | undefined): LocalDate {
  const date = value === undefined ? null : parseLocalDate(value);
  if (date === null) throw new CliError(`Give --${name} as a date, yyyy-MM-dd.`);
  return date;
}

async function importCommand(
  db: Database,
  args: readonly string[],
  options: CliOptions,
  io: CliIo,
): Promise<number> {
  const [what, file] = args;
  if (what === undefined || file === undefined)
    throw new CliError('Say what to import and the file: import pupils pupils.csv --school …');
  const school = await findSchool(db, options.school);
  const dryRun = options['dry-run'] === true;
  if (what === 'calendar' || what === 'bank-holidays') {
    const text = await io.readText(file);
    try {
      if (what === 'calendar') {
        const parsed = parseCalendarCsv(text);
        const saved = await db.transaction((tx) =>
          saveCalendar(
            tx,
            school.id,
            { terms: parsed.terms, closures: parsed.closures, dryRun },
            parsed.errors,
          ),
        );
        io.out(
          `${saved.calendar.terms.length} terms, ${saved.calendar.closures.length} closures: ${saved.saved ? 'saved' : 'not saved (dry run or no change)'}.`,
        );
      } else {
        let feed: unknown;
        try {
          feed = JSON.parse(text);
        } catch {
          io.err(`${file} is not JSON: download it from https://www.gov.uk/bank-holidays.json`);
          return 1;
        }
        const result = await db.transaction((tx) =>
          importBankHolidays(tx, school.id, feed, dryRun),
        );
        io.out(
          `${result.bankHolidays.length} bank holidays (${result.added.length} added, ${result.removed.length} removed): ${result.saved ? 'saved' : 'not saved (dry run or no change)'}.`,
        );
      }
      return 0;
    } catch (err) {
      if (err instanceof ApiError) {
        io.err(err.message);
        return 1;
      }
      throw err;
    }
  }
  const kind = importKindSchema.safeParse(what);
  if (!kind.success)
    throw new CliError(
      `Cannot import '${what}': use pupils, staff, marks, calendar or bank-holidays.`,
    );
  const wholeRoll = options['whole-roll'] === true;
  if (wholeRoll && kind.data !== 'pupils')
    throw new CliError('--whole-roll is for a pupils import only.');
  const confirmText = options['confirm-leavers'];
  if (confirmText !== undefined && !wholeRoll) {
    throw new CliError(
      '--confirm-leavers goes with --whole-roll: without it nobody leaves the roll.',
    );
  }
  const confirmLeavers = confirmText === undefined ? undefined : Number(confirmText);
  if (confirmLeavers !== undefined && !(Number.isInteger(confirmLeavers) && confirmLeavers >= 0)) {
    throw new CliError(
      'Give --confirm-leavers as the number of leavers the preview lists, a whole number.',
    );
  }
  const staff = await findAdmin(db, school.id, options.as);
  const effective =
    options['effective-date'] === undefined
      ? null
      : dateOption('effective-date', options['effective-date']);
  const text = await io.readText(file);
  const ctx = await importContext(db, {
    schoolId: school.id,
    staff,
    now: io.now(),
    effectiveDate: effective,
    wholeRoll,
  });
  let lastPercent = -1;
  let importId = '';
  const outcome = await importInTransaction(db, kind.data, text, ctx, {
    skipBadRows: options['skip-bad-rows'] === true,
    confirmLeavers,
    dryRun,
    record: async (tx, applied, versions) => {
      importId = await recordCliImport(tx, {
        schoolId: school.id,
        staffId: staff.id,
        kind: kind.data,
        fileName: basename(file),
        effectiveDate: ctx.effectiveDate,
        wholeRoll,
        confirmLeavers: confirmLeavers ?? null,
        now: io.now(),
        result: applied.changes,
        undo: applied.undo,
        versions,
      });
    },
    onPreview: (preview) => printPreview(io, preview),
    progress: (done, total, phase) => {
      const percent = total === 0 ? 100 : Math.floor((done / total) * 100);
      if (percent === lastPercent && done !== total) return;
      lastPercent = percent;
      io.progress(`${phase}: ${count(done)} / ${count(total)} (${percent}%)`);
    },
  });
  if (!outcome.ok) {
    io.err(outcome.error);
    return dryRun ? 0 : 1;
  }
  printResult(io, outcome.result);
  if (kind.data === 'pupils') {
    io.out(
      `Import ${importId}: undo within 7 days with "npm run cli -- undo-import ${importId} --school … --as …".`,
    );
  }
  return 0;
}

async function undoImportCommand(
  db: Database,
  args: readonly string[],
  options: CliOptions,
  io: CliIo,
): Promise<number> {
  const [id] = args;
  if (id === undefined || !/^[0-9a-f-]{36}$/i.test(id)) {
    throw new CliError(
      'Say which import to undo: undo-import IMPORT_ID --school … --as … (the id the import printed).',
    );
  }
  const school = await findSchool(db, options.school);
  const staff = await findAdmin(db, school.id, options.as);
  try {
    await undoImport(db, { schoolId: school.id, id, staffId: staff.id, now: io.now() });
  } catch (err) {
    if (err instanceof ApiError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
  io.out(
    `Import ${id} undone: the pupils, groups and memberships it changed are as they were before it.`,
  );
  return 0;
}

async function exportCommand(
  db: Database,
  args: readonly string[],
  options: CliOptions,
  io: CliIo,
): Promise<number> {
  if (args[0] !== 'marks') throw new CliError('Only "export marks" is available.');
  const school = await findSchool(db, options.school);
  const from = dateOption('from', options.from);
  const to = dateOption('to', options.to);
  if (to < from) throw new CliError('--to must not be before --from.');
  const csv = marksCsv(await exportedEntries(db, school.id, { from, to }));
  if (options.out === undefined) io.out(csv.trimEnd());
  else {
    await io.writeText(options.out, `\uFEFF${csv}`);
    io.err(`Wrote ${options.out}.`);
  }
  // Logged once the CSV is out, so the retention job never counts an export that failed.
  await recordExport(db, { schoolId: school.id, from, to, at: io.now(), byStaffId: null });
  return 0;
}

async function retentionCommand(db: Database, options: CliOptions, io: CliIo): Promise<number> {
  const school = await findSchool(db, options.school);
  const dryRun = options['dry-run'] === true;
  const report = await runRetention(db, {
    schoolId: school.id,
    retentionYears: io.retentionYears,
    now: io.now(),
    dryRun,
  });
  io.out(
    `${school.name}: entries for sessions before ${report.cutOff} (${io.retentionYears} years) that were exported${dryRun ? ' (dry run: nothing removed)' : ''}`,
  );
  const verb = dryRun ? 'would remove' : 'removed';
  io.out(
    `  ${verb} ${count(report.entriesRemoved)} entries and ${count(report.eventsRemoved)} marks in their trail`,
  );
  io.out(`  ${verb} ${count(report.resolutionsRemoved)} conflict decisions on those marks`);
  io.out(`  ${verb} ${count(report.sessionsRemoved)} sign-in sessions that ended over 30 days ago`);
  if (report.entriesKeptUnexported > 0) {
    io.out(
      `  kept ${count(report.entriesKeptUnexported)} older entries that no export covers since their last change: export them first ("npm run cli -- export marks").`,
    );
  }
  return 0;
}

async function schoolsCommand(db: Database, io: CliIo): Promise<number> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    dfe_number: string | null;
    organisation: string;
  }>(
    `SELECT s.id, s.name, s.dfe_number, o.name AS organisation FROM school s JOIN organisation o ON o.id = s.organisation_id
      ORDER BY o.name, s.name`,
  );
  for (const r of rows)
    io.out(`${r.id}  ${r.dfe_number ?? '-------'}  ${r.name} (${r.organisation})`);
  return 0;
}

/**
 * `benchmarks load FILE.csv [--publication NAME]`: loads a DfE "Pupil absence in schools in
 * England" data file as the benchmarks schools compare with (docs/design.md §8.12). All or
 * nothing: a malformed file is refused with each problem's line and column.
 */
async function benchmarksCommand(
  db: Database,
  args: readonly string[],
  options: CliOptions,
  io: CliIo,
): Promise<number> {
  const [action, path, ...extra] = args;
  if (action !== 'load' || path === undefined || extra.length > 0)
    throw new CliError(
      'Use: npm run cli -- benchmarks load FILE.csv [--publication "Pupil absence in schools in England"]',
    );
  const publication = options.publication?.trim() || DEFAULT_PUBLICATION;
  const fileName = basename(path);
  const result = await loadBenchmarkFile(db, {
    fileName,
    text: await io.readText(path),
    publication,
    loadedBy: 'the command line',
    now: io.now(),
  });
  if (!result.ok) {
    io.err(`${fileName} was not loaded; nothing was written. Fix these and load it again:`);
    for (const problem of result.problems) io.err(`  ${describeProblem(problem)}`);
    return 1;
  }
  io.out(
    `Loaded ${fileName} (${publication}): ${count(result.kept)} figures from ${count(result.rowsRead)} rows, for ${result.periods.join(', ') || 'no period'}.`,
  );
  const leftOut = Object.entries(result.leftOut).sort(([, a], [, b]) => b - a);
  if (leftOut.length > 0) {
    io.out(`Left out ${count(leftOut.reduce((sum, [, c]) => sum + c, 0))} rows:`);
    for (const [reason, c] of leftOut) io.out(`  ${count(c)}  ${reason}`);
  }
  return 0;
}

export async function runCli(
  db: Database,
  positionals: readonly string[],
  options: CliOptions,
  io: CliIo,
): Promise<number> {
  const [command, ...rest] = positionals;
  switch (command) {
    case 'import':
      return importCommand(db, rest, options, io);
    case 'undo-import':
      return undoImportCommand(db, rest, options, io);
    case 'export':
      return exportCommand(db, rest, options, io);
    case 'schools':
      return schoolsCommand(db, io);
    case 'retention':
      return retentionCommand(db, options, io);
    case 'benchmarks':
      return benchmarksCommand(db, rest, options, io);
    default:
      throw new CliError(
        `Unknown command '${command ?? ''}': use import, undo-import, export, retention, benchmarks or schools.`,
      );
  }
}
