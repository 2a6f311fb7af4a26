/**
 * Absence mapping, for suspected group truancy: the pupils absent on the same sessions
 * as a chosen pupil far more often than chance. For every other pupil of the school, SQL counts,
 * over the sessions both have a possible entry for, the absences of each and the absences
 * together; the domain's `judgeCoAbsence` gives the chance expectation and a one-sided
 * hypergeometric (Fisher's exact) p-value, Bonferroni-corrected for the pupils compared.
 */
import { judgeCoAbsence, MIN_TOGETHER } from '../../domain/index';
import type {
  AbsenceMappingResponse,
  AbsenceMappingRow,
  MappingAbsence,
} from '../../shared/api/reportSchemas';
import type { Queryable } from '../db/database';
import type { ReportSchool } from './certificate';
import type { PupilInfo } from './reportPupils';
import type { ReportRange } from './reportRange';
import { reportPupil } from './reportPupils';
import { entryWithCategory } from './reportSql';

/** The most rows answered: the strongest matches, which are what the lead acts on. */
export const MAX_MAPPING_ROWS = 50;

const ABSENT: Record<MappingAbsence, string> = {
  unauthorised: "c.category = 'UNAUTH'",
  all: "c.category IN ('AUTH', 'UNAUTH')",
};

export async function buildAbsenceMapping(
  db: Queryable,
  school: ReportSchool,
  chosen: PupilInfo,
  pupils: ReadonlyMap<string, PupilInfo>,
  range: ReportRange,
  absence: MappingAbsence,
): Promise<AbsenceMappingResponse> {
  const absent = ABSENT[absence];
  const params = [school.id, chosen.id, range.from, range.to];
  const own = await db.query<{ possible: number; absent: number }>(
    `SELECT count(*) AS possible, count(*) FILTER (WHERE ${absent}) AS absent
       FROM ${entryWithCategory(range.from, range.to)}
      WHERE e.school_id = $1 AND e.pupil_id = $2 AND e.session_date BETWEEN $3 AND $4 AND c.possible`,
    params,
  );
  const { rows } = await db.query<{
    pupil_id: string;
    shared: number;
    chosen_absences: number;
    other_absences: number;
    together: number;
  }>(
    `WITH chosen AS (
       SELECT e.session_date, e.session_part, (${absent}) AS absent
         FROM ${entryWithCategory(range.from, range.to)}
        WHERE e.school_id = $1 AND e.pupil_id = $2 AND e.session_date BETWEEN $3 AND $4 AND c.possible
     )
     SELECT e.pupil_id,
            count(*) AS shared,
            count(*) FILTER (WHERE ch.absent) AS chosen_absences,
            count(*) FILTER (WHERE ${absent}) AS other_absences,
            count(*) FILTER (WHERE ch.absent AND ${absent}) AS together
       FROM ${entryWithCategory(range.from, range.to)}
       JOIN chosen ch ON ch.session_date = e.session_date AND ch.session_part = e.session_part
      WHERE e.school_id = $1 AND e.pupil_id <> $2 AND e.session_date BETWEEN $3 AND $4 AND c.possible
      GROUP BY e.pupil_id`,
    params,
  );
  const compared = rows.length;
  const result: AbsenceMappingRow[] = [];
  for (const r of rows) {
    const pupil = pupils.get(r.pupil_id);
    const together = Number(r.together);
    if (pupil === undefined || together < MIN_TOGETHER) continue;
    const pair = {
      shared: Number(r.shared),
      chosen: Number(r.chosen_absences),
      other: Number(r.other_absences),
      together,
    };
    const judged = judgeCoAbsence(pair, compared);
    result.push({
      pupil: reportPupil(pupil),
      sharedSessions: pair.shared,
      chosenAbsences: pair.chosen,
      otherAbsences: pair.other,
      absentTogether: together,
      expectedTogether: judged.expected,
      ratio: judged.ratio,
      pValue: judged.pValue,
      significant: judged.significant,
    });
  }
  result.sort(
    (a, b) =>
      a.pValue - b.pValue ||
      b.absentTogether - a.absentTogether ||
      a.pupil.displayName.localeCompare(b.pupil.displayName, 'en-GB'),
  );
  return {
    range,
    pupil: reportPupil(chosen),
    absence,
    possibleSessions: Number(own.rows[0]?.possible ?? 0),
    absentSessions: Number(own.rows[0]?.absent ?? 0),
    comparedPupils: compared,
    rows: result.slice(0, MAX_MAPPING_ROWS),
  };
}
