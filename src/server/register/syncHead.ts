/**
 * The per-school counter row (docs/design.md §7.4). A writer takes the row's lock with
 * `lockSchoolLog` and holds it until the transaction commits: a second push for the school waits,
 * so events commit in the order of their numbers and a pull cursor never passes an event that
 * commits later. A plain sequence would not give that guarantee. Under the lock the writer hands
 * out the numbers after the head itself and sets the new head once (`setHeadSeq`, eventBatch.ts).
 */
import type { Queryable } from '../db/database';

/**
 * Takes the school's counter row lock without using a number, and returns the head (the last
 * number used). A push takes it before it reads anything it decides on (an entry's events,
 * whether an event id is already stored): a push that read first and waited for the lock
 * afterwards would decide on a view from before the push it waited for committed, and would
 * overwrite that push's entry instead of conflicting with it.
 */
export async function lockSchoolLog(tx: Queryable, schoolId: string): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>(
    `INSERT INTO sync_head (school_id, seq) VALUES ($1, 0)
       ON CONFLICT (school_id) DO UPDATE SET seq = sync_head.seq
     RETURNING seq`,
    [schoolId],
  );
  const seq = rows[0]?.seq;
  if (seq === undefined) throw new Error('sync_head returned no sequence number');
  return seq;
}

/** Moves the head on to `seq`; the caller holds the lock ({@link lockSchoolLog}). */
export async function setHeadSeq(tx: Queryable, schoolId: string, seq: number): Promise<void> {
  await tx.query(`UPDATE sync_head SET seq = $2 WHERE school_id = $1`, [schoolId, seq]);
}

export async function readHeadSeq(db: Queryable, schoolId: string): Promise<number> {
  const { rows } = await db.query<{ seq: number }>(
    `SELECT seq FROM sync_head WHERE school_id = $1`,
    [schoolId],
  );
  return rows[0]?.seq ?? 0;
}
