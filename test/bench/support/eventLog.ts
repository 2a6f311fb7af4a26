/**
 * An event log laid down fast for a benchmark: schools of pupils with one mark per pupil and
 * session, written by the database itself (INSERT … SELECT over generate_series), each event's
 * entry beside it, and the school's counter set. The rows are valid (a real school, staff member
 * and pupils); the checks of the foreign keys are skipped while laying them (session_replication_role
 * = replica, the bench's own database), which is what makes ten million rows take a minute or two
 * rather than many.
 */
import type { Database } from '../../../src/server/db/database';
import { createSyncSchool } from '../../server/syncFixtures';

/** Pupils per school in the laid log, and sessions per pupil: one million events a school. */
export const LOG_PUPILS = 1000;
export const LOG_SESSIONS = 1000;

/**
 * Adds one school with `pupils × sessions` events (and as many entries) to the log, in one
 * transaction. Event ids count up from the school's first (unique within the school, as the key
 * asks), so their index grows at its end as the others do.
 */
export async function layEventLogSchool(
  db: Database,
  pupils = LOG_PUPILS,
  sessions = LOG_SESSIONS,
): Promise<{ schoolId: string; events: number }> {
  const school = await createSyncSchool(db, {
    staff: { teacher: ['teacher'] },
    groups: [],
  });
  const staffId = school.member('teacher').id;
  await db.transaction(async (tx) => {
    await tx.exec(`SET LOCAL session_replication_role = replica`);
    await tx.query(
      `INSERT INTO pupil (id, school_id, legal_forename, legal_surname, date_of_birth, on_roll_from)
       SELECT gen_random_uuid(), $1, 'Pupil', 'Log' || g, '2015-05-01', '2019-09-02'
         FROM generate_series(1, $2::int) g`,
      [school.id, pupils],
    );
    await tx.query(
      `INSERT INTO mark_event (school_id, server_seq, event_id, pupil_id, session_date, session_part,
          kind, code, actor_staff_id, actor_name, actor_role, received_at, status, payload_version)
       SELECT $1, seq,
              ('00000000-0000-4000-8000-' || lpad(to_hex(seq), 12, '0'))::uuid,
              pupil_id, date '2019-09-02' + (n / 2), CASE WHEN n % 2 = 0 THEN 'AM' ELSE 'PM' END,
              'mark', '/', $2, 'Log Teacher', 'teacher', now(), 'applied', 1
         FROM (SELECT p.id AS pupil_id, s.n, row_number() OVER (ORDER BY p.id, s.n) AS seq
                 FROM pupil p CROSS JOIN generate_series(0, $3::int - 1) s(n)
                WHERE p.school_id = $1) r`,
      [school.id, staffId, sessions],
    );
    await tx.query(
      `INSERT INTO register_entry (school_id, pupil_id, session_date, session_part, code,
          head_event_id, head_seq, head_role)
       SELECT school_id, pupil_id, session_date, session_part, code, event_id, server_seq, actor_role
         FROM mark_event WHERE school_id = $1 ORDER BY server_seq`,
      [school.id],
    );
    await tx.query(`UPDATE sync_head SET seq = $2 WHERE school_id = $1`, [
      school.id,
      pupils * sessions,
    ]);
  });
  return { schoolId: school.id, events: pupils * sessions };
}

/**
 * Brings a freshly laid log to the state a server's log of that size is in, so timing it
 * measures the log's size and not its having been written a moment ago:
 *
 * - vacuumed and analysed (`VACUUM (ANALYZE)`): a server with autovacuum on would vacuum the
 *   laid rows (they pass its insert threshold) and analyse them within a minute or two; done
 *   here, before the timing, no autovacuum worker starts inside the timed window, and the
 *   planner's statistics are those of the log as it stands, where autovacuum is off too;
 * - written out (`CHECKPOINT`): laying ten million rows leaves gigabytes of the log dirty in
 *   PostgreSQL's buffers and the operating system's cache, and a checkpoint or the kernel's
 *   write-back would otherwise be writing them beside the timed pushes, whose commits wait on
 *   the same disk. A log built mark by mark over years has long been written.
 *
 * CHECKPOINT needs a superuser or the pg_checkpoint role (as the bench's database user is by
 * default, see test/server/testPostgres.ts).
 */
export async function settleEventLog(db: Database): Promise<void> {
  await db.exec(`VACUUM (ANALYZE) mark_event, register_entry`);
  try {
    await db.exec(`CHECKPOINT`);
  } catch (err) {
    throw new Error(
      `CHECKPOINT failed (${(err as Error).message}): the growth bench writes the laid log out before timing; run it as a superuser or grant the bench's user pg_checkpoint.`,
      { cause: err },
    );
  }
}

/** The bytes the log takes on disk (events and entries, with their indexes). */
export async function eventLogBytes(db: Database): Promise<number> {
  const { rows } = await db.query<{ bytes: string }>(
    `SELECT (pg_total_relation_size('mark_event') + pg_total_relation_size('register_entry'))::text AS bytes`,
  );
  return Number(rows[0]?.bytes ?? 0);
}
