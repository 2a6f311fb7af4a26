/**
 * The SQL every report shares. Reports aggregate current entries (`register_entry`) joined to
 * `code_category`, which prepareDatabase writes from the domain's own code table, so SQL counts
 * with the same categories the domain does. The code set is chosen by the session's date exactly
 * as `lookupCode` chooses it. SQL only counts; rates and every decision come from the domain.
 */
import { addDays, aggregateStats, CODES_2024_FROM, parseLocalDate } from '../../domain/index';
import type { AttendanceCounts, AttendanceStats, LocalDate } from '../../domain/index';

// A constant of the domain, checked here so nothing but a date can reach the SQL text.
const CODES_2024_FROM_SQL = (() => {
  if (parseLocalDate(CODES_2024_FROM) === null) throw new Error('CODES_2024_FROM is not a date');
  return `DATE '${CODES_2024_FROM}'`;
})();

/**
 * `register_entry e` joined to its category row `c`, for entries dated `from`…`to`. When the
 * whole range lies on one side of 19 August 2024 the code set is a constant. Across it, each set
 * is named with its dates (`set = '2024' AND date >= …` OR `set = '2006' AND date < …`), which
 * the planner estimates right; `c.code_set = CASE … END` made it expect a few thousand rows
 * where there were hundreds of thousands, and sort them on disk rather than count them in a hash
 * table (a school year's list 1.6× slower).
 */
export function entryWithCategory(from: string, to: string): string {
  const join = 'register_entry e JOIN code_category c ON c.code = e.code';
  if (from >= CODES_2024_FROM || to < CODES_2024_FROM)
    return `${join} AND c.code_set = ${codeSetOf('e.session_date', from, to)}`;
  return `${join} AND ((c.code_set = '2024' AND e.session_date >= ${CODES_2024_FROM_SQL})
    OR (c.code_set = '2006' AND e.session_date < ${CODES_2024_FROM_SQL}))`;
}

/**
 * `from`…`to` cut where the 2024 code set begins, so each part has one code set: a constant in
 * its statement rather than a value worked out for every entry (and a constant is no grouping
 * key, which made PostgreSQL sort entries rather than hash them).
 */
export function rangesByCodeSet(
  from: LocalDate,
  to: LocalDate,
): { from: LocalDate; to: LocalDate }[] {
  if (from >= CODES_2024_FROM || to < CODES_2024_FROM) return [{ from, to }];
  return [
    { from, to: addDays(CODES_2024_FROM, -1) },
    { from: CODES_2024_FROM, to },
  ];
}

/** The code set of sessions dated `dateColumn`, for a query over `from`…`to` (see above). */
export function codeSetOf(dateColumn: string, from: string, to: string): string {
  if (from >= CODES_2024_FROM) return `'2024'`;
  if (to < CODES_2024_FROM) return `'2006'`;
  return `CASE WHEN ${dateColumn} >= ${CODES_2024_FROM_SQL} THEN '2024' ELSE '2006' END`;
}

/**
 * The counts of `AttendanceCounts` (all but `byCode`) as aggregate columns over
 * {@link entryWithCategory}. `L` and `U` mean the same in both code sets.
 */
export const COUNT_COLUMNS = `
  count(*) FILTER (WHERE c.possible) AS possible,
  count(*) FILTER (WHERE c.category = 'PRESENT') AS present,
  count(*) FILTER (WHERE c.category = 'AEA') AS aea,
  count(*) FILTER (WHERE c.category = 'AUTH') AS authorised,
  count(*) FILTER (WHERE c.category = 'UNAUTH') AS unauthorised,
  count(*) FILTER (WHERE c.category = 'NOT_ABSENT_BUT_POSSIBLE') AS not_absent_but_possible,
  count(*) FILTER (WHERE e.code = 'L') AS late_before_close,
  count(*) FILTER (WHERE e.code = 'U') AS late_after_close,
  coalesce(sum(e.minutes_late) FILTER (WHERE e.code = 'L'), 0) AS minutes_late_before_close,
  coalesce(sum(e.minutes_late) FILTER (WHERE e.code = 'U'), 0) AS minutes_late_after_close`;

export interface CountColumns {
  possible: number;
  present: number;
  aea: number;
  authorised: number;
  unauthorised: number;
  not_absent_but_possible: number;
  late_before_close: number;
  late_after_close: number;
  minutes_late_before_close: number;
  minutes_late_after_close: number;
}

/** Counts from a {@link COUNT_COLUMNS} row, with the per-code counts when the query had them. */
export function countsOfRow(
  row: CountColumns,
  byCode: Readonly<Record<string, number>> = {},
): AttendanceCounts {
  const n = (v: number | string): number => Number(v);
  const present = n(row.present);
  const aea = n(row.aea);
  const authorised = n(row.authorised);
  const unauthorised = n(row.unauthorised);
  return {
    possible: n(row.possible),
    present,
    aea,
    attended: present + aea,
    authorised,
    unauthorised,
    notAbsentButPossible: n(row.not_absent_but_possible),
    overallAbsence: authorised + unauthorised,
    lateBeforeClose: n(row.late_before_close),
    lateAfterClose: n(row.late_after_close),
    minutesLateBeforeClose: n(row.minutes_late_before_close),
    minutesLateAfterClose: n(row.minutes_late_after_close),
    byCode,
  };
}

/** One row of a query grouped by code (and other keys): its code, category and counts. */
export interface CodeCountRow {
  code: string;
  category: string;
  possible: boolean;
  sessions: number;
  minutes: number;
}

/** The columns of a {@link CodeCountRow}, for a query grouped by `e.code, c.category, c.possible`. */
export const CODE_COUNT_COLUMNS = `e.code, c.category, c.possible, count(*) AS sessions,
  coalesce(sum(e.minutes_late), 0) AS minutes`;

/** The counts of the sessions of ONE code, as SQL grouped them. */
export function countsOfCodeRow(row: CodeCountRow): AttendanceCounts {
  const sessions = Number(row.sessions);
  const is = (category: string): number => (row.category === category ? sessions : 0);
  const present = is('PRESENT');
  const aea = is('AEA');
  const authorised = is('AUTH');
  const unauthorised = is('UNAUTH');
  return {
    possible: row.possible ? sessions : 0,
    present,
    aea,
    attended: present + aea,
    authorised,
    unauthorised,
    notAbsentButPossible: is('NOT_ABSENT_BUT_POSSIBLE'),
    overallAbsence: authorised + unauthorised,
    lateBeforeClose: row.code === 'L' ? sessions : 0,
    lateAfterClose: row.code === 'U' ? sessions : 0,
    minutesLateBeforeClose: row.code === 'L' ? Number(row.minutes) : 0,
    minutesLateAfterClose: row.code === 'U' ? Number(row.minutes) : 0,
    byCode: { [row.code]: sessions },
  };
}

/** Statistics (with rates) of code rows: the domain's sum of numerators over denominators. */
export function statsOfCodeRows(rows: Iterable<CodeCountRow>): AttendanceStats {
  return aggregateStats([...rows].map(countsOfCodeRow));
}

/** Statistics (with rates) of counts that came whole from SQL. */
export function statsOfCounts(counts: AttendanceCounts): AttendanceStats {
  return aggregateStats([counts]);
}
