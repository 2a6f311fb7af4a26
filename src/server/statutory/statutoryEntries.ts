/** The school's current entries between two days, by pupil, as the domain's rules take them. */
import type { LocalDate, SessionPart, StatEntry } from '../../domain/index';
import type { Queryable } from '../db/database';

export async function loadEntriesByPupil(
  db: Queryable,
  schoolId: string,
  from: LocalDate,
  to: LocalDate,
): Promise<Map<string, StatEntry[]>> {
  const { rows } = await db.query<{
    pupil_id: string;
    session_date: LocalDate;
    session_part: SessionPart;
    code: string;
    minutes_late: number | null;
  }>(
    `SELECT pupil_id, session_date, session_part, code, minutes_late
       FROM register_entry
      WHERE school_id = $1 AND session_date BETWEEN $2 AND $3`,
    [schoolId, from, to],
  );
  const byPupil = new Map<string, StatEntry[]>();
  for (const r of rows) {
    const list = byPupil.get(r.pupil_id) ?? [];
    list.push({
      pupilId: r.pupil_id,
      date: r.session_date,
      part: r.session_part,
      code: r.code,
      minutesLate: r.minutes_late,
    });
    byPupil.set(r.pupil_id, list);
  }
  return byPupil;
}
