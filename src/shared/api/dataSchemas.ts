/**
 * Request and response bodies of the data API (endpoints/dataEndpoints.ts). The server parses requests with
 * these schemas and the client parses answers with them. Row numbers are spreadsheet rows: the
 * header is row 1, so the first pupil is row 2, as the admin sees the file in Excel.
 */
import { z } from 'zod';
import { DELETION_GROUND_KEYS, YEAR_GROUPS } from '../../domain/index';
import { lineText } from './plainText';
import { roleSchema } from './authSchemas';
import { EARLIEST_WIRE_DATE, LATEST_WIRE_DATE } from './wireTime';

/** Largest chunk a client should send (the server's body limit is 1 MB; leave room). */
export const IMPORT_CHUNK_CHARS = 256 * 1024;

/** Largest whole file an import accepts, in characters (about 1.2 million marks rows). */
export const IMPORT_MAX_CHARS = 64 * 1024 * 1024;

const isoDate = z.iso.date('is not a date in the form yyyy-MM-dd');
/** A date a request may carry: the form above, within the dates requests accept (wireTime.ts). */
const wireDate = z.iso
  .date({ error: 'is not a date in the form yyyy-MM-dd', abort: true })
  .refine((d) => d >= EARLIEST_WIRE_DATE && d <= LATEST_WIRE_DATE, {
    message: `is outside the dates Tickmark accepts (${EARLIEST_WIRE_DATE} to ${LATEST_WIRE_DATE})`,
  });
const sessionPart = z.enum(['AM', 'PM']);
const yearGroup = z.enum(YEAR_GROUPS);

// ── Imports ──────────────────────────────────────────────────────────────────────────────────

/** What a file holds: pupils (and their groups), staff (roles, groups), or historical marks. */
export const importKindSchema = z.enum(['pupils', 'staff', 'marks', 'contacts', 'characteristics']);
export type ImportKind = z.infer<typeof importKindSchema>;

export const importIdParamSchema = z.strictObject({ id: z.uuid('is not an import id') });

export const createImportRequestSchema = z.strictObject({
  kind: importKindSchema,
  fileName: z.string().trim().min(1, 'must not be empty').max(200, 'is longer than 200 characters'),
  /** The whole file when it fits the 1 MB body limit, or its first chunk. */
  csv: z.string().optional(),
  /**
   * Pupils only: the day the file describes (default: today at the school). Group moves take
   * effect on it, and pupils on roll but missing from the file get it as their leaving date.
   */
  effectiveDate: wireDate.optional(),
  /**
   * Pupils only: true when the file is the school's whole roll, so that pupils on roll but missing
   * from it become leavers. The default, false, only adds and updates pupils: nobody leaves.
   */
  wholeRoll: z.boolean().default(false),
});
export type CreateImportRequest = z.infer<typeof createImportRequestSchema>;

export const importChunkQuerySchema = z.strictObject({
  index: z.coerce.number().int('must be a whole number').min(0, 'must be 0 or more'),
});

export const importChunkResponseSchema = z.strictObject({
  importId: z.uuid(),
  chunks: z.number().int().nonnegative(),
  receivedChars: z.number().int().nonnegative(),
});

export const importConfirmRequestSchema = z.strictObject({
  /** Write the good rows and leave out the bad ones. Without it, one bad row writes nothing. */
  skipBadRows: z.boolean().default(false),
  /**
   * A whole-roll import that takes more than 5 % of the roll off it (`preview.leaverConfirmation`)
   * is written only when this is the number of leavers the preview showed, typed by the admin.
   */
  confirmLeavers: z.number().int('must be a whole number').min(0, 'must be 0 or more').optional(),
});
export type ImportConfirmRequest = z.infer<typeof importConfirmRequestSchema>;

/** One problem with one row (or the file, when `row` is null: a missing column, no rows). */
export const rowErrorSchema = z.strictObject({
  row: z.number().int().positive().nullable(),
  /** The column as the file names it, when the problem is in one column. */
  column: z.string().nullable(),
  value: z.string().nullable(),
  /** The whole sentence, e.g. "row 14: year group 'Year Seven' is not one of N1, N2, R, 1–13". */
  message: z.string(),
});
export type RowError = z.infer<typeof rowErrorSchema>;

/** What confirming would do (preview) or did (result). Counts that do not apply are 0. */
export const importChangesSchema = z.strictObject({
  /** Pupils/staff not yet known; marks for sessions with no entry. */
  new: z.number().int().nonnegative(),
  /** Known people whose details, group or roles change; entries whose code or minutes change. */
  updated: z.number().int().nonnegative(),
  unchanged: z.number().int().nonnegative(),
  /** Pupils on roll but missing from the file: they get a leaving date (never deleted). */
  leavers: z.number().int().nonnegative(),
  /** Registration groups the file names that do not exist yet. */
  groupsNew: z.number().int().nonnegative(),
  /** Rows left out because they had errors (confirm with `skipBadRows`). */
  skippedRows: z.number().int().nonnegative(),
});
export type ImportChanges = z.infer<typeof importChangesSchema>;

/** One line of the change list a preview shows (the first 200 at most). */
export const importChangeLineSchema = z.strictObject({
  /** The file's row, or null for a leaver (who is not in the file). */
  row: z.number().int().positive().nullable(),
  change: z.enum(['new', 'updated', 'leaver']),
  /** UPN, email, or "UPN date session" for a mark. */
  key: z.string(),
  /** A person's name, or the mark's old and new code. */
  label: z.string(),
  /** What changes, in words ("registration group 6A → 6B", "code N → I"). */
  details: z.array(z.string()),
});
export type ImportChangeLine = z.infer<typeof importChangeLineSchema>;

export const importPreviewSchema = z.strictObject({
  rowsTotal: z.number().int().nonnegative(),
  rowsValid: z.number().int().nonnegative(),
  /** Every bad row is counted; only the first 500 errors are listed. */
  rowsWithErrors: z.number().int().nonnegative(),
  errors: z.array(rowErrorSchema),
  /** Problems that do not stop the import (an unknown column that is ignored). */
  warnings: z.array(z.string()),
  /** How each header of the file was understood (`field` null: ignored). */
  columns: z.array(z.strictObject({ header: z.string(), field: z.string().nullable() })),
  changes: importChangesSchema,
  changeList: z.array(importChangeLineSchema),
  /** Pupils: whether the file was taken as the whole roll (only then can anyone leave). */
  wholeRoll: z.boolean().default(false),
  /** Pupils: how many are on roll on the file's date before the import. */
  rollSize: z.number().int().nonnegative().default(0),
  /** True when more than 5 % of the roll would leave: confirm with `confirmLeavers`. */
  leaverConfirmation: z.boolean().default(false),
  /** Every pupil the import would take off roll (not cut at 200 like `changeList`). */
  leavers: z
    .array(z.strictObject({ upn: z.string(), name: z.string(), leavingDate: isoDate }))
    .default([]),
});
export type ImportPreview = z.infer<typeof importPreviewSchema>;

export const importStateSchema = z.enum([
  /** Created; chunks may still arrive. */
  'uploading',
  'previewed',
  /** Confirmed: the job is writing (`rowsDone` of `rowsTotal`). */
  'running',
  'done',
  /** The job stopped; nothing was written (`error` says why). */
  'failed',
]);
export type ImportState = z.infer<typeof importStateSchema>;

export const importJobSchema = z.strictObject({
  id: z.uuid(),
  kind: importKindSchema,
  fileName: z.string(),
  state: importStateSchema,
  createdAt: z.iso.datetime(),
  createdBy: z.strictObject({ id: z.uuid(), name: z.string() }),
  receivedChars: z.number().int().nonnegative(),
  effectiveDate: isoDate.nullable(),
  /** Null until previewed. */
  preview: importPreviewSchema.nullable(),
  /** Progress of the confirm job: rows written so far (`running`), or all of them (`done`). */
  rowsDone: z.number().int().nonnegative(),
  rowsTotal: z.number().int().nonnegative(),
  /** What the write stage is doing now ("writing marks", "updating entries"). */
  phase: z.string().nullable(),
  skipBadRows: z.boolean(),
  result: importChangesSchema.nullable(),
  error: z.string().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  /** Pupils: the file is the whole roll (see `createImportRequestSchema`). */
  wholeRoll: z.boolean(),
  /** A done pupils import can be undone until this instant (7 days after it finished); else null. */
  undoableUntil: z.iso.datetime().nullable(),
  undoneAt: z.iso.datetime().nullable(),
  undoneBy: z.strictObject({ id: z.uuid(), name: z.string() }).nullable(),
});
export type ImportJob = z.infer<typeof importJobSchema>;

export const importJobResponseSchema = z.strictObject({ import: importJobSchema });
export const importListResponseSchema = z.strictObject({
  /** Newest first, the last 50; without their previews' error, change and leaver lists. */
  imports: z.array(importJobSchema),
});

// ── The admission register: admission and leaving dates, grounds for deletion ─────────────────

export const deletionGroundSchema = z.enum(DELETION_GROUND_KEYS, {
  error: `is not one of the grounds for deletion: ${DELETION_GROUND_KEYS.join(', ')}`,
});

export const pupilIdParamSchema = z.strictObject({ id: z.uuid('is not a pupil id') });

/**
 * `PUT pupils/:id/roll`: the pupil's place in the admission register. A leaving date needs the
 * ground for deletion; without one the pupil is on roll and has no ground.
 */
export const pupilRollRequestSchema = z
  .strictObject({
    admissionDate: wireDate,
    leavingDate: wireDate.nullable(),
    grounds: deletionGroundSchema.nullable(),
  })
  .superRefine((v, ctx) => {
    if (v.leavingDate !== null && v.leavingDate < v.admissionDate) {
      ctx.addIssue({
        code: 'custom',
        path: ['leavingDate'],
        message: 'must not be before the admission date',
      });
    }
    if (v.leavingDate !== null && v.grounds === null) {
      ctx.addIssue({
        code: 'custom',
        path: ['grounds'],
        message: 'is needed with a leaving date: choose the ground for deletion from the register',
      });
    }
    if (v.leavingDate === null && v.grounds !== null) {
      ctx.addIssue({
        code: 'custom',
        path: ['grounds'],
        message: 'must be empty (null) while the pupil has no leaving date',
      });
    }
  });
export type PupilRollRequest = z.infer<typeof pupilRollRequestSchema>;

export const rollPupilSchema = z.strictObject({
  id: z.uuid(),
  upn: z.string().nullable(),
  /** Legal names, as the admission register keeps them. */
  name: z.string(),
  /** The registration group now, or the last one for a leaver. */
  groupName: z.string().nullable(),
  admissionDate: isoDate,
  leavingDate: isoDate.nullable(),
  grounds: deletionGroundSchema.nullable(),
  /** The last change made by hand to these dates: who, in which role, and when. */
  lastChange: z
    .strictObject({ at: z.iso.datetime(), byName: z.string(), role: roleSchema })
    .nullable(),
});
export type RollPupil = z.infer<typeof rollPupilSchema>;

export const pupilListResponseSchema = z.strictObject({ pupils: z.array(rollPupilSchema) });
export const pupilRollResponseSchema = z.strictObject({ pupil: rollPupilSchema });

// ── Exports ──────────────────────────────────────────────────────────────────────────────────

export const exportRangeQuerySchema = z
  .strictObject({ from: wireDate, to: wireDate })
  .refine((q) => q.from <= q.to, { message: '`to` must not be before `from`', path: ['to'] });
export type ExportRangeQuery = z.infer<typeof exportRangeQuerySchema>;

/** The header of the marks CSV export, which the marks import reads back. */
export const MARKS_EXPORT_HEADER = [
  'UPN',
  'Date',
  'Session',
  'Code',
  'Minutes late',
  'Last amended by',
  'When',
  'Why',
] as const;

// ── School calendar ──────────────────────────────────────────────────────────────────────────

// Requests name dates within the accepted range; answers show the calendar as it is stored.
const termOf = (date: typeof isoDate) =>
  z.strictObject({
    name: lineText({ min: 1, max: 100, trim: true }),
    start: date,
    end: date,
  });
export const termSchema = termOf(isoDate);
export type TermInput = z.infer<typeof termSchema>;

/** As in the school configuration: `to`, `parts` and `yearGroups` may be left out. */
const closureOf = (date: typeof isoDate) =>
  z.strictObject({
    name: lineText({ min: 1, max: 100, trim: true }),
    from: date,
    to: date.optional(),
    parts: z.array(sessionPart).optional(),
    yearGroups: z.array(yearGroup).optional(),
  });
export const closureSchema = closureOf(isoDate);
export type ClosureInput = z.infer<typeof closureSchema>;

export const calendarSchema = z.strictObject({
  terms: z.array(termSchema),
  closures: z.array(closureSchema),
  bankHolidays: z.array(isoDate),
});
export type SchoolCalendarData = z.infer<typeof calendarSchema>;

/** A configuration problem: `path` inside the school configuration, as the domain reports it. */
export const configProblemSchema = z.strictObject({ path: z.string(), message: z.string() });

export const calendarResponseSchema = z.strictObject({
  calendar: calendarSchema,
  /** False for a dry run, or when nothing changed. */
  saved: z.boolean(),
  /** Register-window and similar warnings of the whole configuration. */
  warnings: z.array(configProblemSchema),
});
export type CalendarResponse = z.infer<typeof calendarResponseSchema>;

export const calendarPutRequestSchema = z.strictObject({
  terms: z.array(termOf(wireDate)),
  closures: z.array(closureOf(wireDate)),
  dryRun: z.boolean().default(false),
});

/**
 * CSV columns: Type (`term` or `closure`), Name, From, To, Parts (`AM`, `PM` or empty for both),
 * Year groups (space- or semicolon-separated, empty for the whole school). Dates dd/MM/yyyy or
 * yyyy-MM-dd.
 */
export const calendarImportRequestSchema = z.strictObject({
  csv: z.string().max(1_000_000),
  dryRun: z.boolean().default(false),
});

export const bankHolidaysRequestSchema = z.strictObject({
  /** The gov.uk `bank-holidays.json` as it was downloaded (only `england-and-wales` is used). */
  feed: z.unknown(),
  dryRun: z.boolean().default(false),
});

export const bankHolidaysResponseSchema = z.strictObject({
  bankHolidays: z.array(isoDate),
  added: z.array(isoDate),
  removed: z.array(isoDate),
  saved: z.boolean(),
});

/**
 * A calendar change the configuration refused (400 `invalid_request`): `details.issues` holds
 * the configuration problems, and for a CSV `details.rowErrors` the rows that could not be read.
 */
export const calendarRefusalDetailsSchema = z.object({
  issues: z.array(configProblemSchema),
  rowErrors: z.array(rowErrorSchema).optional(),
});

// ── Several schools ──────────────────────────────────────────────────────────────────────────

export const schoolChoiceSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  dfeNumber: z.string().nullable(),
  timeZone: z.string(),
  roles: z.array(roleSchema),
  /** The school this session acts at. */
  current: z.boolean(),
});
export type SchoolChoice = z.infer<typeof schoolChoiceSchema>;

export const schoolListResponseSchema = z.strictObject({
  organisation: z.strictObject({ id: z.uuid(), name: z.string() }),
  schools: z.array(schoolChoiceSchema),
});
export type SchoolListResponse = z.infer<typeof schoolListResponseSchema>;

/** `POST /api/auth/switch-school`; answered with `sessionResponseSchema` (authSchemas.ts). */
export const switchSchoolRequestSchema = z.strictObject({
  schoolId: z.uuid('is not a school id'),
  /**
   * A device is enrolled at one school. The device id this browser holds for the target school,
   * if it has one (with its device cookie it is re-used); otherwise a new device is enrolled and
   * the answer's `device.id` is new: keep a separate outbox per school.
   */
  deviceId: z.uuid('is not a device id').optional(),
  deviceLabel: lineText({ min: 1, max: 100, trim: true }).optional(),
});
export type SwitchSchoolRequest = z.infer<typeof switchSchoolRequestSchema>;
