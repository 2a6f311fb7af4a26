/**
 * The marks export: every current register entry in a date range as CSV, with who last changed
 * it, when and why (the amendment trail's latest step). Its first five columns are what the marks
 * import reads, so an export can be imported into another Tickmark or back into the MIS.
 */
import { writeCsv } from '../../shared/csv';
import { MARKS_EXPORT_HEADER } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';

export interface ExportedEntry {
  readonly upn: string | null;
  readonly pupilId: string;
  readonly date: string;
  readonly part: 'AM' | 'PM';
  readonly code: string;
  readonly minutesLate: number | null;
  readonly by: string;
  readonly at: Date;
  readonly why: string | null;
}

/** The school's current entries from `from` to `to` (both included), in register order. */
export async function exportedEntries(
  db: Queryable,
  schoolId: string,
  range: { from: string; to: string },
): Promise<ExportedEntry[]> {
  const { rows } = await db.query<{
    upn: string | null;
    pupil_id: string;
    session_date: string;
    session_part: 'AM' | 'PM';
    code: string;
    minutes_late: number | null;
    actor_name: string;
    received_at: Date;
    reason: string | null;
  }>(
    `SELECT p.upn, e.pupil_id, e.session_date, e.session_part, e.code, e.minutes_late,
            h.actor_name, h.received_at, h.reason
       FROM register_entry e
       JOIN pupil p ON p.id = e.pupil_id
       JOIN mark_event h ON h.school_id = e.school_id AND h.server_seq = e.head_seq
      WHERE e.school_id = $1 AND e.session_date BETWEEN $2 AND $3
      ORDER BY p.upn NULLS LAST, e.pupil_id, e.session_date, e.session_part`,
    [schoolId, range.from, range.to],
  );
  return rows.map((r) => ({
    upn: r.upn,
    pupilId: r.pupil_id,
    date: r.session_date,
    part: r.session_part,
    code: r.code,
    minutesLate: r.minutes_late,
    by: r.actor_name,
    at: r.received_at,
    why: r.reason,
  }));
}

export function marksCsv(entries: readonly ExportedEntry[]): string {
  const rows = entries.map((e) => [
    e.upn ?? '',
    e.date,
    e.part,
    e.code,
    e.minutesLate === null ? '' : String(e.minutesLate),
    e.by,
    e.at.toISOString(),
    e.why,
  ]);
  // Names and reasons are typed by people: writeCsv keeps any that looks like a formula as text.
  return writeCsv(MARKS_EXPORT_HEADER, rows, { finalNewline: true });
}
