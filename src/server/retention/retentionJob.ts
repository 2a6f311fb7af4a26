/**
 * The retention job: removes a school's register entries older than the retention
 * period, with their whole amendment trail (every `mark_event` of the entry and the office's
 * conflict decisions on them), but only entries an export made after their last change covers.
 * An entry older than the period that was never exported is kept and counted, so the office can
 * export it first. It also deletes the school's sign-in sessions 30 days after they expired.
 *
 * Each school is one transaction: a failure removes nothing. `mark_event` is append-only; the
 * trigger lets this transaction delete by `SET LOCAL tickmark.allow_delete = 'on'` only.
 */
import { toSchoolWallClock } from '../../domain/index';
import type { Database, Queryable } from '../db/database';

/** Sessions are removed this long after they expired (kept a while to explain a refused sign-in). */
const SESSION_GRACE_MS = 30 * 24 * 60 * 60 * 1000;

export interface RetentionReport {
  readonly schoolId: string;
  /** Entries for sessions before this date (the school's today less the period) are due. */
  readonly cutOff: string;
  readonly dryRun: boolean;
  readonly entriesRemoved: number;
  readonly eventsRemoved: number;
  readonly resolutionsRemoved: number;
  /** Entries older than the period kept because no later export covers them. */
  readonly entriesKeptUnexported: number;
  readonly sessionsRemoved: number;
}

/** `date` less `years` years; 29 February becomes 28 February. */
export function yearsBefore(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y - years, m - 1, d));
  // Date.UTC rolls 29 Feb of a non-leap year over to 1 March; step back to the month's end.
  if (target.getUTCMonth() !== m - 1) target.setUTCDate(0);
  return target.toISOString().slice(0, 10);
}

// The entries due: keys of the school's events before the cut-off whose every event an export
// made afterwards covers ($1 school, $2 cut-off).
const DUE_KEYS = `SELECT k.pupil_id, k.session_date, k.session_part
   FROM mark_event k
  WHERE k.school_id = $1 AND k.session_date < $2
  GROUP BY k.pupil_id, k.session_date, k.session_part
 HAVING EXISTS (SELECT 1 FROM export_log x
                 WHERE x.school_id = $1 AND x.from_date <= k.session_date
                   AND x.to_date >= k.session_date AND x.exported_at >= max(k.received_at))`;

class DryRunRollback extends Error {
  constructor(readonly report: RetentionReport) {
    super('dry run: rolled back');
  }
}

async function removeDue(
  tx: Queryable,
  input: { schoolId: string; cutOff: string; now: Date; dryRun: boolean },
): Promise<RetentionReport> {
  const { schoolId, cutOff } = input;
  await tx.query("SELECT set_config('tickmark.allow_delete', 'on', true)");
  const resolutions = await tx.query(
    `DELETE FROM conflict_resolution r
      WHERE r.school_id = $1 AND r.event_id IN (
        SELECT m.event_id FROM mark_event m
         WHERE m.school_id = $1 AND (m.pupil_id, m.session_date, m.session_part) IN (${DUE_KEYS}))`,
    [schoolId, cutOff],
  );
  // Entries first: each names its head event, which must outlive it.
  const entries = await tx.query(
    `DELETE FROM register_entry e
      WHERE e.school_id = $1 AND (e.pupil_id, e.session_date, e.session_part) IN (${DUE_KEYS})`,
    [schoolId, cutOff],
  );
  const events = await tx.query(
    `DELETE FROM mark_event m
      WHERE m.school_id = $1 AND (m.pupil_id, m.session_date, m.session_part) IN (${DUE_KEYS})`,
    [schoolId, cutOff],
  );
  const { rows: kept } = await tx.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM register_entry WHERE school_id = $1 AND session_date < $2',
    [schoolId, cutOff],
  );
  const sessions = await tx.query(
    'DELETE FROM auth_session WHERE school_id = $1 AND expires_at < $2',
    [schoolId, new Date(input.now.getTime() - SESSION_GRACE_MS)],
  );
  return {
    schoolId,
    cutOff,
    dryRun: input.dryRun,
    entriesRemoved: entries.rowCount,
    eventsRemoved: events.rowCount,
    resolutionsRemoved: resolutions.rowCount,
    entriesKeptUnexported: kept[0]?.n ?? 0,
    sessionsRemoved: sessions.rowCount,
  };
}

/**
 * Runs the job for one school. A dry run does the same work in its transaction and rolls it
 * back, so its counts are exactly what a real run would remove.
 */
export async function runRetention(
  db: Database,
  input: { schoolId: string; retentionYears: number; now: Date; dryRun: boolean },
): Promise<RetentionReport> {
  const { rows } = await db.query<{ time_zone: string }>(
    'SELECT time_zone FROM school WHERE id = $1',
    [input.schoolId],
  );
  const school = rows[0];
  if (school === undefined) throw new Error(`There is no school with id ${input.schoolId}.`);
  const today = toSchoolWallClock(input.now, school.time_zone).date;
  const cutOff = yearsBefore(today, input.retentionYears);
  try {
    return await db.transaction(async (tx) => {
      const report = await removeDue(tx, { ...input, cutOff });
      if (input.dryRun) throw new DryRunRollback(report);
      return report;
    });
  } catch (err) {
    if (err instanceof DryRunRollback) return err.report;
    throw err;
  }
}
