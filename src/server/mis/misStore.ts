/**
 * The "written to the MIS" status of every mark (table `mis_write`, migration 0028): queueing the
 * marks the register gained, claiming the ones due, recording what the MIS answered, and what
 * the office sees. Every write here is one statement or one short transaction; nothing is held
 * open while the MIS is asked.
 */
import type { SessionPart } from '../../domain/index';
import type { Database, Queryable } from '../db/database';

/** A claimed row, with whether its last send's outcome was unknown before this claim. */
export interface ClaimedWrite {
  readonly eventId: string;
  readonly pupilId: string;
  readonly upn: string | null;
  readonly date: string;
  readonly session: SessionPart;
  readonly code: string;
  readonly minutesLate: number | null;
  readonly comment: string | null;
  readonly attempts: number;
  readonly wasUnsure: boolean;
}

/** How long a claim lasts: a process that stops mid-send leaves the row to be checked after it. */
export const CLAIM_LEASE_MS = 10 * 60_000;

/**
 * Queues every mark that became an entry's head since the last call (sessions from `writeFrom`
 * on), and supersedes waiting rows whose entry has since changed or been withdrawn.
 *
 * @returns how many marks were queued.
 */
export async function queueMarks(
  db: Database,
  schoolId: string,
  writeFrom: string,
  now: Date,
): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO mis_cursor (school_id) VALUES ($1) ON CONFLICT (school_id) DO NOTHING`,
      [schoolId],
    );
    const cursor = await tx.query<{ last_seq: number }>(
      `SELECT last_seq FROM mis_cursor WHERE school_id = $1 FOR UPDATE`,
      [schoolId],
    );
    const from = cursor.rows[0]?.last_seq ?? 0;
    // The end is read first, so an entry committed while this runs is left for the next call
    // rather than skipped by the cursor.
    const head = await tx.query<{ seq: number }>(
      `SELECT coalesce(max(head_seq), 0) AS seq FROM register_entry WHERE school_id = $1`,
      [schoolId],
    );
    const to = Math.max(from, head.rows[0]?.seq ?? 0);
    const queued = await tx.query(
      `INSERT INTO mis_write (school_id, event_id, pupil_id, session_date, session_part, code,
                              minutes_late, comment, status, queued_at, next_attempt_at)
       SELECT e.school_id, e.head_event_id, e.pupil_id, e.session_date, e.session_part, e.code,
              e.minutes_late, ev.reason, 'pending', $5, $5
         FROM register_entry e
         JOIN mark_event ev ON ev.school_id = e.school_id AND ev.server_seq = e.head_seq
        WHERE e.school_id = $1 AND e.head_seq > $2 AND e.head_seq <= $3 AND e.session_date >= $4
       ON CONFLICT (school_id, event_id) DO NOTHING`,
      [schoolId, from, to, writeFrom, now],
    );
    await tx.query(`UPDATE mis_cursor SET last_seq = $2 WHERE school_id = $1`, [schoolId, to]);
    await tx.query(
      `UPDATE mis_write w SET status = 'superseded'
        WHERE w.school_id = $1 AND w.status IN ('pending', 'failed')
          AND NOT EXISTS (
            SELECT 1 FROM register_entry e
             WHERE e.school_id = w.school_id AND e.pupil_id = w.pupil_id
               AND e.session_date = w.session_date AND e.session_part = w.session_part
               AND e.head_event_id = w.event_id)`,
      [schoolId],
    );
    return queued.rowCount;
  });
}

/**
 * Claims up to `limit` due marks: each is counted as tried and marked `unsure` before anything
 * is sent, so a send whose answer never comes (or a process that stops mid-send) leaves it to be
 * checked against the MIS, never sent blind again. Two processes never claim the same row.
 */
export async function claimDueWrites(
  db: Queryable,
  schoolId: string,
  now: Date,
  limit: number,
): Promise<ClaimedWrite[]> {
  const result = await db.query<{
    event_id: string;
    pupil_id: string;
    upn: string | null;
    session_date: string;
    session_part: SessionPart;
    code: string;
    minutes_late: number | null;
    comment: string | null;
    attempts: number;
    was_unsure: boolean;
  }>(
    `UPDATE mis_write w
        SET attempts = w.attempts + 1, last_attempt_at = $2, next_attempt_at = $4, unsure = true
       FROM (SELECT event_id, unsure AS was_unsure FROM mis_write
              WHERE school_id = $1 AND status = 'pending' AND next_attempt_at <= $2
              ORDER BY session_date, session_part, next_attempt_at
              LIMIT $3 FOR UPDATE SKIP LOCKED) due
      WHERE w.school_id = $1 AND w.event_id = due.event_id
      RETURNING w.event_id, w.pupil_id, (SELECT upn FROM pupil p WHERE p.id = w.pupil_id) AS upn,
                w.session_date, w.session_part, w.code, w.minutes_late, w.comment, w.attempts,
                due.was_unsure`,
    [schoolId, now, limit, new Date(now.getTime() + CLAIM_LEASE_MS)],
  );
  return result.rows
    .map((r) => ({
      eventId: r.event_id,
      pupilId: r.pupil_id,
      upn: r.upn,
      date: r.session_date,
      session: r.session_part,
      code: r.code,
      minutesLate: r.minutes_late,
      comment: r.comment,
      attempts: r.attempts,
      wasUnsure: r.was_unsure,
    }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.session.localeCompare(b.session));
}

/** The MIS holds these marks: `ack` is its acknowledgement or how they were found. */
export async function recordWritten(
  db: Queryable,
  schoolId: string,
  eventIds: readonly string[],
  ack: string,
  now: Date,
): Promise<void> {
  if (eventIds.length === 0) return;
  await db.query(
    `UPDATE mis_write SET status = 'written', unsure = false, mis_ack = $3, written_at = $4,
            last_error = NULL
      WHERE school_id = $1 AND event_id = ANY($2::uuid[])`,
    [schoolId, eventIds, ack, now],
  );
}

/**
 * A try that did not write these marks. `unsure`: the MIS may hold them (check before the next
 * send). `final`: stop trying until a person asks; otherwise the next try is at `retryAt`.
 */
export async function recordNotWritten(
  db: Queryable,
  schoolId: string,
  eventIds: readonly string[],
  outcome: { error: string; unsure: boolean; final: boolean; retryAt: Date },
): Promise<void> {
  if (eventIds.length === 0) return;
  await db.query(
    `UPDATE mis_write SET status = CASE WHEN $5 THEN 'failed' ELSE 'pending' END,
            unsure = $4, last_error = $3, next_attempt_at = $6
      WHERE school_id = $1 AND event_id = ANY($2::uuid[])`,
    [schoolId, eventIds, outcome.error, outcome.unsure, outcome.final, outcome.retryAt],
  );
}

export interface WriteCounts {
  readonly pending: number;
  readonly written: number;
  readonly failed: number;
  readonly superseded: number;
  readonly unsure: number;
}

export async function writeCounts(db: Queryable, schoolId: string): Promise<WriteCounts> {
  const result = await db.query<{ status: string; unsure: boolean; n: number }>(
    `SELECT status, unsure, count(*)::int AS n FROM mis_write WHERE school_id = $1
      GROUP BY status, unsure`,
    [schoolId],
  );
  const counts = { pending: 0, written: 0, failed: 0, superseded: 0, unsure: 0 };
  for (const r of result.rows) {
    if (r.status in counts) counts[r.status as keyof typeof counts] += r.n;
    if (r.unsure && (r.status === 'pending' || r.status === 'failed')) counts.unsure += r.n;
  }
  return counts;
}

export interface WriteProblem {
  readonly eventId: string;
  readonly pupilId: string;
  readonly displayName: string;
  readonly date: string;
  readonly session: SessionPart;
  readonly code: string;
  readonly minutesLate: number | null;
  readonly status: 'pending' | 'failed';
  readonly attempts: number;
  readonly lastError: string | null;
  readonly unsure: boolean;
  readonly lastAttemptAt: Date | null;
}

/** Failed marks, then waiting ones that have failed at least once: newest session first. */
export async function writeProblems(
  db: Queryable,
  schoolId: string,
  limit: number,
): Promise<WriteProblem[]> {
  const result = await db.query<{
    event_id: string;
    pupil_id: string;
    display_name: string;
    session_date: string;
    session_part: SessionPart;
    code: string;
    minutes_late: number | null;
    status: 'pending' | 'failed';
    attempts: number;
    last_error: string | null;
    unsure: boolean;
    last_attempt_at: Date | null;
  }>(
    `SELECT w.event_id, w.pupil_id,
            coalesce(p.preferred_forename, p.legal_forename) || ' ' ||
              coalesce(p.preferred_surname, p.legal_surname) AS display_name,
            w.session_date, w.session_part, w.code, w.minutes_late, w.status, w.attempts,
            w.last_error, w.unsure, w.last_attempt_at
       FROM mis_write w JOIN pupil p ON p.id = w.pupil_id
      WHERE w.school_id = $1
        AND (w.status = 'failed' OR (w.status = 'pending' AND w.last_error IS NOT NULL))
      ORDER BY (w.status = 'failed') DESC, w.session_date DESC, w.session_part DESC
      LIMIT $2`,
    [schoolId, limit],
  );
  return result.rows.map((r) => ({
    eventId: r.event_id,
    pupilId: r.pupil_id,
    displayName: r.display_name,
    date: r.session_date,
    session: r.session_part,
    code: r.code,
    minutesLate: r.minutes_late,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    unsure: r.unsure,
    lastAttemptAt: r.last_attempt_at,
  }));
}

/**
 * Puts failed marks back in the queue, due now, with their tries counted afresh. One that may be
 * in the MIS already stays `unsure`, so it is checked before it is sent.
 *
 * @returns how many were failed and are now waiting.
 */
export async function retryFailed(
  db: Queryable,
  schoolId: string,
  eventIds: readonly string[] | null,
  now: Date,
): Promise<number> {
  const result = await db.query(
    `UPDATE mis_write SET status = 'pending', attempts = 0, next_attempt_at = $3
      WHERE school_id = $1 AND status = 'failed' AND ($2::uuid[] IS NULL OR event_id = ANY($2::uuid[]))`,
    [schoolId, eventIds, now],
  );
  return result.rowCount;
}
