/**
 * Per-pupil counts for a range: the one SQL aggregate behind the absence, lateness and duty lists
 * (and the property test). Only pupils with at least one entry in the range come back.
 */
import type { AttendanceStats, LocalDate } from '../../domain/index';
import type { Queryable } from '../db/database';
import type { CountColumns } from './reportSql';
import { COUNT_COLUMNS, countsOfRow, entryWithCategory, statsOfCounts } from './reportSql';

export interface PupilCounts {
  readonly stats: AttendanceStats;
  /** Sessions of illness (`I`), for the local authority's sickness return. */
  readonly illness: number;
}

/**
 * Counts per pupil of the school in `from`…`to`, for `pupilIds` only when given. The stats carry
 * no per-code breakdown (`byCode` is empty): lists need the totals.
 */
export async function countsByPupil(
  db: Queryable,
  schoolId: string,
  from: LocalDate,
  to: LocalDate,
  pupilIds: readonly string[] | null,
): Promise<Map<string, PupilCounts>> {
  const { rows } = await db.query<CountColumns & { pupil_id: string; illness: number }>(
    `SELECT e.pupil_id, ${COUNT_COLUMNS}, count(*) FILTER (WHERE e.code = 'I') AS illness
       FROM ${entryWithCategory(from, to)}
      WHERE e.school_id = $1 AND e.session_date BETWEEN $2 AND $3
            ${pupilIds === null ? '' : 'AND e.pupil_id = ANY($4::uuid[])'}
      GROUP BY e.pupil_id`,
    pupilIds === null ? [schoolId, from, to] : [schoolId, from, to, pupilIds],
  );
  return new Map(
    rows.map((r) => [
      r.pupil_id,
      { stats: statsOfCounts(countsOfRow(r)), illness: Number(r.illness) },
    ]),
  );
}
