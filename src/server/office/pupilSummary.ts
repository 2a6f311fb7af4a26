/**
 * A pupil's attendance at a glance, for the top of the office's pupil record: this term and this
 * academic year so far — possible sessions, attendance %, sessions still `N`, and lates — counted
 * by the domain's statistics from the register's current entries (the same counts as the reports).
 */
import {
  academicYearOf,
  computeStats,
  localDate,
  type LocalDate,
  type SchoolConfig,
  type SessionPart,
  type StatEntry,
  type Term,
} from '../../domain/index';
import type { AttendancePeriod, PupilSummaryResponse } from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';

/** The term `today` is in, or the last one that started before it (in a holiday); else null. */
export function termOf(school: SchoolConfig, today: LocalDate): Term | null {
  const started = school.terms.filter((t) => t.start <= today);
  return started.reduce<Term | null>((a, t) => (a === null || t.start > a.start ? t : a), null);
}

function period(
  name: string,
  entries: readonly StatEntry[],
  from: LocalDate,
  to: LocalDate,
): AttendancePeriod {
  const stats = computeStats(entries, { from, to });
  return {
    name,
    from,
    to,
    possible: stats.possible,
    attended: stats.attended,
    attendancePercent: stats.attendancePercent,
    unexplained: stats.byCode.N ?? 0,
    lates: stats.lateBeforeClose + stats.lateAfterClose,
  };
}

/** The pupil's summary up to `today`, or null when the school has no such pupil. */
export async function pupilSummary(
  db: Queryable,
  input: { schoolId: string; pupilId: string; school: SchoolConfig; today: LocalDate },
): Promise<PupilSummaryResponse | null> {
  const { schoolId, pupilId, school, today } = input;
  const found = await db.query('SELECT 1 FROM pupil WHERE id = $1 AND school_id = $2', [
    pupilId,
    schoolId,
  ]);
  if (found.rows.length === 0) return null;
  const yearStart = localDate(`${String(academicYearOf(today))}-09-01`);
  const term = termOf(school, today);
  const from = term !== null && term.start < yearStart ? term.start : yearStart;
  const { rows } = await db.query<{
    session_date: string;
    session_part: SessionPart;
    code: string;
    minutes_late: number | null;
  }>(
    `SELECT to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part, code, minutes_late
       FROM register_entry
      WHERE school_id = $1 AND pupil_id = $2 AND session_date BETWEEN $3 AND $4`,
    [schoolId, pupilId, from, today],
  );
  const entries: StatEntry[] = rows.map((r) => ({
    pupilId,
    date: localDate(r.session_date),
    part: r.session_part,
    code: r.code,
    minutesLate: r.minutes_late,
  }));
  const termEnd = term === null || term.end > today ? today : term.end;
  return {
    pupilId,
    today,
    year: period('This year', entries, yearStart, today),
    term: term === null ? null : period(term.name, entries, term.start, termEnd),
  };
}
