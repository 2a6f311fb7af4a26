/**
 * A child's attendance as the parent page shows it: sessions missed (authorised or not) out of
 * the sessions the child could attend, this term and this academic year, which the page turns
 * into days and hours in plain words (the domain's familyTimeMissed: two sessions a day, the
 * school's hours in a day), and this week's sessions with their marks (weekStrip). Counted from
 * the register with the code categories the reports use (code_category), so it agrees with the
 * school's own figures.
 */
import {
  academicYearOf,
  addDays,
  CODES_2024_FROM,
  mondayOf,
  toSchoolWallClock,
  weekStrip,
  type LocalDate,
  type WeekSession,
} from '../../domain/index';
import type { Queryable } from '../db/database';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import { childrenOf } from './parentAccess';

export interface SessionCounts {
  readonly sessionsPossible: number;
  readonly sessionsMissed: number;
}

async function countsBetween(
  db: Queryable,
  schoolId: string,
  pupilId: string,
  from: string,
  to: string,
): Promise<SessionCounts> {
  const { rows } = await db.query<{ possible: number; missed: number }>(
    `SELECT count(*) FILTER (WHERE c.possible)::int AS possible,
            count(*) FILTER (WHERE c.category IN ('AUTH', 'UNAUTH'))::int AS missed
       FROM register_entry e
       JOIN code_category c ON c.code = e.code AND c.code_set = CASE WHEN e.session_date >= $5::date THEN '2024' ELSE '2006' END
      WHERE e.school_id = $1 AND e.pupil_id = $2 AND e.session_date BETWEEN $3 AND $4`,
    [schoolId, pupilId, from, to, CODES_2024_FROM],
  );
  return { sessionsPossible: rows[0]?.possible ?? 0, sessionsMissed: rows[0]?.missed ?? 0 };
}

export async function attendanceOf(
  db: Queryable,
  child: { schoolId: string; pupilId: string },
  now: Date,
): Promise<{
  term: SessionCounts | null;
  year: SessionCounts;
  schoolDayHours: number;
  week: WeekSession[];
}> {
  const school = schoolConfigOf(await loadSchoolRow(db, child.schoolId), now);
  const today: LocalDate = toSchoolWallClock(now, school.timeZone).date;
  const yearStart = `${academicYearOf(today)}-09-01`;
  const term = school.terms.find((t) => t.start <= today && today <= t.end) ?? null;
  const monday = mondayOf(today);
  const { rows } = await db.query<{ session: string; code: string }>(
    `SELECT to_char(session_date, 'YYYY-MM-DD') || ':' || session_part AS session, code
       FROM register_entry
      WHERE school_id = $1 AND pupil_id = $2 AND session_date BETWEEN $3 AND $4`,
    [child.schoolId, child.pupilId, monday, addDays(monday, 4)],
  );
  return {
    schoolDayHours: school.schoolDayHours,
    week: weekStrip(school, today, new Map(rows.map((r) => [r.session, r.code]))),
    term:
      term === null
        ? null
        : await countsBetween(db, child.schoolId, child.pupilId, term.start, today),
    year: await countsBetween(db, child.schoolId, child.pupilId, yearStart, today),
  };
}

/** The parent page's children of the parent with this key (an email, or `tel:+…`). */
export async function childrenForPage(db: Queryable, key: string, now: Date) {
  const children = await childrenOf(db, key);
  return Promise.all(
    children.map(async (child) => ({
      pupilId: child.pupilId,
      firstName: child.firstName,
      schoolName: child.schoolName,
      language: child.language,
      attendance: await attendanceOf(db, child, now),
    })),
  );
}
