/**
 * Term dates, closures and bank holidays live in the school's configuration JSON (school.config).
 * Every change is applied to the raw configuration and checked with the domain's
 * `parseSchoolConfig` before it is saved, so a calendar the tablets could not read is never
 * stored. A change bumps the roster version: tablets take the new calendar at their next pull.
 */
import { writeCsv } from '../../shared/csv';
import { parseBankHolidays, parseSchoolConfig, type Closure, type SchoolConfig } from '../../domain/index';
import type { CalendarResponse, ClosureInput, RowError, SchoolCalendarData, TermInput } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { cellOf, matchColumns, type ColumnSpec } from './csvTable';
import { dateCell, labelCell, RowProblems, sessionCell, yearGroupCell } from './csvValues';
import { bumpRosterVersion } from '../school/rosterVersion';

type RawConfig = Record<string, unknown>;

async function loadRaw(db: Queryable, schoolId: string): Promise<RawConfig> {
  const { rows } = await db.query<{ config: unknown }>('SELECT config FROM school WHERE id = $1', [schoolId]);
  const config = rows[0]?.config;
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new Error(`School ${schoolId} has no configuration object.`);
  }
  return config as RawConfig;
}

function closureInput(closure: Closure): ClosureInput {
  return {
    name: closure.name,
    from: closure.from,
    ...(closure.to === closure.from ? {} : { to: closure.to }),
    ...(closure.parts.length === 2 ? {} : { parts: [...closure.parts] }),
    ...(closure.yearGroups === null ? {} : { yearGroups: [...closure.yearGroups] }),
  };
}

export function calendarOf(config: SchoolConfig): SchoolCalendarData {
  return {
    terms: config.terms.map((t) => ({ name: t.name, start: t.start, end: t.end })),
    closures: config.closures.map(closureInput),
    bankHolidays: [...config.bankHolidays],
  };
}

export async function readCalendar(db: Queryable, schoolId: string): Promise<CalendarResponse> {
  const parsed = parseSchoolConfig(await loadRaw(db, schoolId));
  if (!parsed.ok) throw new Error(`The stored configuration of school ${schoolId} is invalid.`);
  return { calendar: calendarOf(parsed.value), saved: false, warnings: parsed.warnings };
}

/** Applies `change` to the raw configuration, validates it, and saves it unless `dryRun`. */
async function changeConfig(
  db: Queryable,
  schoolId: string,
  change: (raw: RawConfig) => RawConfig,
  dryRun: boolean,
  rowErrors: RowError[] = [],
): Promise<{ response: CalendarResponse; config: SchoolConfig; before: SchoolConfig | null }> {
  const raw = await loadRaw(db, schoolId);
  const beforeParsed = parseSchoolConfig(raw);
  const next = change(raw);
  const parsed = parseSchoolConfig(next);
  if (!parsed.ok || rowErrors.length > 0) {
    const issues = parsed.ok ? [] : parsed.errors;
    const listed = [...rowErrors.map((e) => e.message), ...issues.map((i) => `${i.path}: ${i.message}`)];
    throw new ApiError('invalid_request', {
      message: `The calendar was not saved: ${listed.slice(0, 10).join('; ')}.`,
      details: { issues, rowErrors },
    });
  }
  // Compared as the domain reads them: writing the same calendar in another form is no change.
  const changed =
    !beforeParsed.ok ||
    JSON.stringify({ ...calendarOf(beforeParsed.value), cfg: beforeParsed.value }) !==
      JSON.stringify({ ...calendarOf(parsed.value), cfg: parsed.value });
  if (!dryRun && changed) {
    await db.query('UPDATE school SET config = $2 WHERE id = $1', [schoolId, JSON.stringify(next)]);
    await bumpRosterVersion(db, schoolId);
  }
  return {
    response: { calendar: calendarOf(parsed.value), saved: !dryRun && changed, warnings: parsed.warnings },
    config: parsed.value,
    before: beforeParsed.ok ? beforeParsed.value : null,
  };
}

export async function saveCalendar(
  db: Queryable,
  schoolId: string,
  input: { terms: readonly TermInput[]; closures: readonly ClosureInput[]; dryRun: boolean },
  rowErrors: RowError[] = [],
): Promise<CalendarResponse> {
  const { response } = await changeConfig(
    db,
    schoolId,
    (raw) => ({ ...raw, terms: input.terms, closures: input.closures }),
    input.dryRun,
    rowErrors,
  );
  return response;
}

// ── CSV ─────────────────────────────────────────────────────────────────────────────────────

type CalendarField = 'type' | 'name' | 'from' | 'to' | 'parts' | 'yearGroups';

const CALENDAR_COLUMNS: readonly ColumnSpec<CalendarField>[] = [
  { field: 'type', label: 'type', headers: ['Type', 'Kind'], required: true },
  { field: 'name', label: 'name', headers: ['Name', 'Description', 'Title'], required: true },
  { field: 'from', label: 'from', headers: ['From', 'Start', 'Start Date', 'Date'], required: true },
  { field: 'to', label: 'to', headers: ['To', 'End', 'End Date'], required: false },
  { field: 'parts', label: 'parts', headers: ['Parts', 'Sessions', 'Session'], required: false },
  { field: 'yearGroups', label: 'year groups', headers: ['Year Groups', 'Year Group', 'Years'], required: false },
];

export const CALENDAR_CSV_HEADER = ['Type', 'Name', 'From', 'To', 'Parts', 'Year groups'] as const;

/** Reads a calendar CSV: one row per term (`term`) or planned closure (`closure`, `inset`). */
export function parseCalendarCsv(text: string): { terms: TermInput[]; closures: ClosureInput[]; errors: RowError[] } {
  const table = matchColumns(text, CALENDAR_COLUMNS);
  const errors: RowError[] = [...table.fileErrors];
  const terms: TermInput[] = [];
  const closures: ClosureInput[] = [];
  if (errors.length > 0) return { terms, closures, errors };
  for (const csvRow of table.rows) {
    const p = new RowProblems(csvRow.row);
    const cell = (f: CalendarField): string => cellOf(table, csvRow, f);
    const type = cell('type').toLowerCase();
    const name = p.read(labelCell, 'name', cell('name'), true) ?? '';
    const from = p.read(dateCell, 'from', cell('from'), true);
    const to = cell('to') === '' ? undefined : p.read(dateCell, 'to', cell('to'), false);
    const parts = cell('parts')
      .split(/[;,\s]+/)
      .filter((s) => s !== '' && s.toLowerCase() !== 'both')
      .map((s) => p.read(sessionCell, 'parts', s, false));
    // "Year 5; Year 6" or "5 6": a piece that is not a year group as a whole is split on spaces.
    const years = cell('yearGroups')
      .split(/[;,]/)
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .flatMap((s) => (yearGroupCell.safeParse(s).success ? [s] : s.split(/\s+/)))
      .map((s) => p.read(yearGroupCell, 'year groups', s, false));
    if (!p.ok || from === undefined) {
      errors.push(...p.errors);
      continue;
    }
    if (type === 'term') {
      if (to === undefined) {
        errors.push({ row: csvRow.row, column: 'to', value: '', message: `row ${csvRow.row}: to is missing: a term needs its last day` });
        continue;
      }
      terms.push({ name, start: from, end: to });
    } else if (type === 'closure' || type === 'inset' || type === 'closed') {
      closures.push({
        name,
        from,
        ...(to === undefined ? {} : { to }),
        ...(parts.length === 0 ? {} : { parts: parts.filter((x) => x !== undefined) }),
        ...(years.length === 0 ? {} : { yearGroups: years.filter((x) => x !== undefined) }),
      });
    } else {
      errors.push({
        row: csvRow.row,
        column: 'type',
        value: cell('type'),
        message: `row ${csvRow.row}: type '${cell('type')}' is not term or closure`,
      });
    }
  }
  return { terms, closures, errors };
}

export function calendarCsv(calendar: SchoolCalendarData): string {
  const rows = [
    ...calendar.terms.map((t) => ['term', t.name, t.start, t.end, '', '']),
    ...calendar.closures.map((c) => [
      'closure',
      c.name,
      c.from,
      c.to ?? c.from,
      (c.parts ?? []).join(' '),
      (c.yearGroups ?? []).join(' '),
    ]),
  ];
  return writeCsv(CALENDAR_CSV_HEADER, rows, { finalNewline: true });
}

// ── Bank holidays ────────────────────────────────────────────────────────────────────────────

/**
 * Replaces the bank holidays with the gov.uk feed's England and Wales dates. Dates stored from
 * before the feed's first date are kept: gov.uk publishes only recent years, and the calendar of
 * past years must not change under their registers.
 */
export async function importBankHolidays(
  db: Queryable,
  schoolId: string,
  feed: unknown,
  dryRun: boolean,
): Promise<{ bankHolidays: string[]; added: string[]; removed: string[]; saved: boolean }> {
  const parsed = parseBankHolidays(feed);
  if (!parsed.ok) {
    const issues = parsed.errors;
    throw new ApiError('invalid_request', {
      message: `That is not a gov.uk bank-holidays.json file: ${issues.map((i) => `${i.path}: ${i.message}`).slice(0, 5).join('; ')}.`,
      details: { issues },
    });
  }
  const feedDates = parsed.value;
  const first = feedDates[0];
  if (first === undefined) {
    throw new ApiError('invalid_request', { message: 'The file lists no England and Wales bank holidays.' });
  }
  const { response, config, before } = await changeConfig(
    db,
    schoolId,
    (raw) => {
      const stored = Array.isArray(raw.bankHolidays) ? raw.bankHolidays.filter((d): d is string => typeof d === 'string') : [];
      const kept = stored.filter((d) => d < first);
      return { ...raw, bankHolidays: [...new Set([...kept, ...feedDates])].sort() };
    },
    dryRun,
  );
  const old = new Set<string>(before?.bankHolidays ?? []);
  const now = new Set<string>(config.bankHolidays);
  return {
    bankHolidays: [...config.bankHolidays],
    added: [...now].filter((d) => !old.has(d)),
    removed: [...old].filter((d) => !now.has(d)),
    saved: response.saved,
  };
}
