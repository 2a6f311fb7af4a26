/**
 * Per-pupil counts for a range: the one SQL aggregate behind the absence, lateness and duty lists
 * (and the property test). Only pupils with at least one entry in the range come back.
 */
import { addDays, daysBetween } from '../../domain/index';
import type { AttendanceStats, LocalDate } from '../../domain/index';
import type { Queryable } from '../db/database';
import type { CountColumns } from './reportSql';
import { codeSetOf, countsOfRow, rangesByCodeSet, statsOfCounts } from './reportSql';

export interface PupilCounts {
  readonly stats: AttendanceStats;
  /** Sessions of illness (`I`), for the local authority's sickness return. */
  readonly illness: number;
}

/**
 * The per-pupil count for `from`…`to` ($1 school, $2–$3 dates, $4 the pupils when `narrowed`).
 * The entries are counted per pupil, code and code set first (an index-only scan of the range
 * into a hash table of a few thousand groups) and only those groups are joined to their category
 * and summed per pupil: joining every entry to `code_category` first matched each entry to both
 * code sets' rows of its code and dropped half in a join filter, about twice the work per entry.
 * PostgreSQL 15 counts the groups in one process (it expects hundreds of thousands of pupil and
 * code pairs, not the few thousand of one school, so plans no parallel workers): see
 * {@link countsByPupil} for how the work is shared.
 */
export function countsByPupilSql(from: LocalDate, to: LocalDate, narrowed: boolean): string {
  const codeSet = codeSetOf('e.session_date', from, to);
  // One code set (the range on one side of the day the 2024 set begins) is a constant in the
  // join, not a key: a constant key made PostgreSQL sort the entries rather than hash them.
  const oneSet = codeSet.startsWith("'");
  const of = (condition: string, column = 'a.sessions') =>
    `coalesce(sum(${column}) FILTER (WHERE ${condition}), 0)`;
  return `SELECT a.pupil_id,
          ${of('c.possible')} AS possible,
          ${of(`c.category = 'PRESENT'`)} AS present,
          ${of(`c.category = 'AEA'`)} AS aea,
          ${of(`c.category = 'AUTH'`)} AS authorised,
          ${of(`c.category = 'UNAUTH'`)} AS unauthorised,
          ${of(`c.category = 'NOT_ABSENT_BUT_POSSIBLE'`)} AS not_absent_but_possible,
          ${of(`a.code = 'L'`)} AS late_before_close,
          ${of(`a.code = 'U'`)} AS late_after_close,
          ${of(`a.code = 'L'`, 'a.minutes')} AS minutes_late_before_close,
          ${of(`a.code = 'U'`, 'a.minutes')} AS minutes_late_after_close,
          ${of(`a.code = 'I'`)} AS illness
     FROM (SELECT e.pupil_id, e.code${oneSet ? '' : `, ${codeSet} AS code_set`},
                  count(*) AS sessions, coalesce(sum(e.minutes_late), 0) AS minutes
             FROM register_entry e
            WHERE e.school_id = $1 AND e.session_date BETWEEN $2 AND $3
                  ${narrowed ? 'AND e.pupil_id = ANY($4::uuid[])' : ''}
            GROUP BY e.pupil_id, e.code${oneSet ? '' : ', 3'}) a
     JOIN code_category c ON c.code = a.code AND c.code_set = ${oneSet ? codeSet : 'a.code_set'}
    GROUP BY a.pupil_id`;
}

/** Ranges longer than this are counted in two halves side by side (see countsByPupil). */
const SPLIT_OVER_DAYS = 14;

export interface Range {
  from: LocalDate;
  to: LocalDate;
}

/** `from`…`to` as one range, or two halves when it is long. */
function halvesOf({ from, to }: Range): Range[] {
  const days = daysBetween(from, to);
  if (days <= SPLIT_OVER_DAYS) return [{ from, to }];
  const mid = addDays(from, Math.floor(days / 2));
  return [
    { from, to: mid },
    { from: addDays(mid, 1), to },
  ];
}

/**
 * The statements a range is counted in: its halves when long, each in one code set. Together they
 * cover the range exactly, each day once.
 */
export const partsOf = (range: Range): Range[] =>
  halvesOf(range).flatMap((half) => rangesByCodeSet(half.from, half.to));

type PupilCountRow = CountColumns & { pupil_id: string; illness: number };

/**
 * Counts per pupil of the school in `from`…`to`, for `pupilIds` only when given. The stats carry
 * no per-code breakdown (`byCode` is empty): lists need the totals. A long range is counted as two
 * halves, one statement each, sent together (on PostgreSQL's pool they run on two connections at
 * once, as the planner's two parallel workers would) and summed per pupil here; a part that
 * crosses the day the 2024 code set begins is cut there too.
 */
export async function countsByPupil(
  db: Queryable,
  schoolId: string,
  from: LocalDate,
  to: LocalDate,
  pupilIds: readonly string[] | null,
): Promise<Map<string, PupilCounts>> {
  const parts = await Promise.all(
    partsOf({ from, to }).map((half) =>
      db.query<PupilCountRow>(
        countsByPupilSql(half.from, half.to, pupilIds !== null),
        pupilIds === null
          ? [schoolId, half.from, half.to]
          : [schoolId, half.from, half.to, pupilIds],
      ),
    ),
  );
  const summed = new Map<string, PupilCountRow>();
  for (const { rows } of parts) {
    for (const row of rows) {
      const before = summed.get(row.pupil_id);
      summed.set(row.pupil_id, before === undefined ? row : sumRows(before, row));
    }
  }
  return new Map(
    [...summed].map(([pupilId, r]) => [
      pupilId,
      { stats: statsOfCounts(countsOfRow(r)), illness: Number(r.illness) },
    ]),
  );
}

/** Two halves' counts of one pupil, added column by column (SQL sends them as strings). */
function sumRows(a: PupilCountRow, b: PupilCountRow): PupilCountRow {
  const n = (x: number | string) => Number(x);
  return {
    pupil_id: a.pupil_id,
    possible: n(a.possible) + n(b.possible),
    present: n(a.present) + n(b.present),
    aea: n(a.aea) + n(b.aea),
    authorised: n(a.authorised) + n(b.authorised),
    unauthorised: n(a.unauthorised) + n(b.unauthorised),
    not_absent_but_possible: n(a.not_absent_but_possible) + n(b.not_absent_but_possible),
    late_before_close: n(a.late_before_close) + n(b.late_before_close),
    late_after_close: n(a.late_after_close) + n(b.late_after_close),
    minutes_late_before_close: n(a.minutes_late_before_close) + n(b.minutes_late_before_close),
    minutes_late_after_close: n(a.minutes_late_after_close) + n(b.minutes_late_after_close),
    illness: n(a.illness) + n(b.illness),
  };
}
