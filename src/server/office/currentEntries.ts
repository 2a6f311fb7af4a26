/** The register's current entries (register_entry) with what their head event recorded. */
import type { LocalDate, SessionPart } from '../../domain/index';
import type { Queryable } from '../db/database';

export interface CurrentEntry {
  readonly pupilId: string;
  readonly date: string;
  readonly part: SessionPart;
  readonly code: string;
  readonly minutesLate: number | null;
  readonly headEventId: string;
  /** The reason given with the head event (an amendment's reason), if any. */
  readonly reason: string | null;
  /** The arrival the head event observed (late book), if any. */
  readonly arrivedAt: string | null;
}

interface EntryRow {
  pupil_id: string;
  session_date: string;
  session_part: SessionPart;
  code: string;
  minutes_late: number | null;
  head_event_id: string;
  reason: string | null;
  arrived_at: Date | null;
}

const ENTRY_SELECT = `SELECT e.pupil_id, to_char(e.session_date, 'YYYY-MM-DD') AS session_date,
       e.session_part, e.code, e.minutes_late, e.head_event_id, m.reason, m.arrived_at
  FROM register_entry e
  JOIN mark_event m ON m.school_id = e.school_id AND m.server_seq = e.head_seq`;

function toEntry(row: EntryRow): CurrentEntry {
  return {
    pupilId: row.pupil_id,
    date: row.session_date,
    part: row.session_part,
    code: row.code,
    minutesLate: row.minutes_late,
    headEventId: row.head_event_id,
    reason: row.reason,
    arrivedAt: row.arrived_at === null ? null : row.arrived_at.toISOString(),
  };
}

/** Every current entry of the school on `date` (one part, or both when `part` is null). */
export async function entriesOn(
  db: Queryable,
  schoolId: string,
  date: LocalDate,
  part: SessionPart | null,
): Promise<CurrentEntry[]> {
  const { rows } = await db.query<EntryRow>(
    `${ENTRY_SELECT}
      WHERE e.school_id = $1 AND e.session_date = $2 AND ($3::text IS NULL OR e.session_part = $3)`,
    [schoolId, date, part],
  );
  return rows.map(toEntry);
}

/** Every current entry of the school with `code`, oldest session first. */
export async function entriesWithCode(
  db: Queryable,
  schoolId: string,
  code: string,
): Promise<CurrentEntry[]> {
  const { rows } = await db.query<EntryRow>(
    `${ENTRY_SELECT}
      WHERE e.school_id = $1 AND e.code = $2
      ORDER BY e.session_date, e.session_part, e.pupil_id`,
    [schoolId, code],
  );
  return rows.map(toEntry);
}
