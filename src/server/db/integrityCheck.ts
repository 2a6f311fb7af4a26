/**
 * Damage is detected, never served. Before the server answers, a few cheap checks that a damaged
 * database fails: a data folder whose files were truncated, copied back half way, or written by
 * two processes at once. A server that served such a database would hand out event numbers a
 * tablet already holds, and marks the tablets believe acknowledged would be gone with no error.
 *
 * - Every school's event log ends at its sync head (`sync_head.seq`): no event above the head
 *   (numbers would be given twice), and none missing at the top (acknowledged marks lost). Events
 *   missing at the top are taken as damage only when the school has never exported its marks: the
 *   retention job removes only exported entries, and may remove a school's newest events.
 * - No device has an event above its counter (`device.last_client_seq`).
 * - The event log read in full from its table pages agrees with its primary-key index (a
 *   truncated table file, or index, gives different counts or a read error).
 * - Any error the engine raises while reading (a page that fails its checksum, a block that cannot
 *   be read) is damage too.
 */
import type { Database, Queryable } from './database';

export class DatabaseDamagedError extends Error {
  override readonly name = 'DatabaseDamagedError';
}

const HOW_TO_RESTORE =
  'Do not use this database: stop every Tickmark process on it, keep a copy of it as it is (for investigation), ' +
  'and restore the last good backup (README.md and docs/reliability.md, "Backup and restore"). Tablets then send again every mark the backup lacks.';

interface HeadRow {
  school_id: string;
  head: number | null;
  max_seq: number | null;
  exported: boolean;
}

async function headProblems(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<HeadRow>(
    `SELECT s.id AS school_id, h.seq AS head, m.max_seq,
            EXISTS (SELECT 1 FROM export_log x WHERE x.school_id = s.id) AS exported
       FROM school s
       LEFT JOIN sync_head h ON h.school_id = s.id
       LEFT JOIN (SELECT school_id, max(server_seq) AS max_seq FROM mark_event GROUP BY school_id) m
         ON m.school_id = s.id`,
  );
  const problems: string[] = [];
  for (const row of rows) {
    const head = row.head ?? 0;
    const top = row.max_seq ?? 0;
    if (top > head) {
      problems.push(
        `school ${row.school_id}: its event log goes up to number ${top}, but its sync head says ${head} (the numbers after ${head} would be given twice)`,
      );
    } else if (top < head && !row.exported) {
      problems.push(
        `school ${row.school_id}: its sync head is at number ${head}, but its event log ends at ${top} (${head - top} acknowledged event(s) missing)`,
      );
    }
  }
  return problems;
}

async function deviceProblems(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ device_id: string; last: number; top: number }>(
    `SELECT d.device_id, d.last_client_seq AS last, m.top
       FROM device d
       JOIN (SELECT device_id, max(client_seq) AS top FROM mark_event GROUP BY device_id) m
         ON m.device_id = d.device_id
      WHERE m.top > d.last_client_seq`,
  );
  return rows.map(
    (r) =>
      `device ${r.device_id}: the event log holds its mark number ${r.top}, but its counter says ${r.last}`,
  );
}

/** Counts the event log once from its table pages and once from its primary-key index. */
async function indexProblems(tx: Queryable): Promise<string[]> {
  const count = async (settings: string) => {
    await tx.exec(settings);
    const { rows } = await tx.query<{ n: number }>(
      'SELECT count(*) AS n FROM mark_event WHERE server_seq > 0',
    );
    return rows[0]?.n ?? 0;
  };
  const fromTable = await count(
    'SET LOCAL enable_seqscan = on; SET LOCAL enable_indexscan = off; SET LOCAL enable_indexonlyscan = off; SET LOCAL enable_bitmapscan = off',
  );
  const fromIndex = await count(
    'SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_indexscan = on; SET LOCAL enable_indexonlyscan = on',
  );
  return fromTable === fromIndex
    ? []
    : [
        `the event log's table holds ${fromTable} event(s) but its index lists ${fromIndex} (a table or index file was cut short or overwritten)`,
      ];
}

/** Throws {@link DatabaseDamagedError}, saying what is wrong and how to restore, if a check fails. */
export async function checkDatabaseIntact(db: Database): Promise<void> {
  let problems: string[];
  try {
    // One snapshot, so pushes by other servers on a shared PostgreSQL meanwhile change nothing.
    problems = await db.transaction(async (tx) => {
      await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      return [
        ...(await headProblems(tx)),
        ...(await deviceProblems(tx)),
        ...(await indexProblems(tx)),
      ];
    });
  } catch (err) {
    throw new DatabaseDamagedError(
      `The database is damaged: reading it failed (${(err as Error).message}). ${HOW_TO_RESTORE}`,
    );
  }
  if (problems.length > 0) {
    throw new DatabaseDamagedError(
      `The database is damaged:\n${problems.map((p) => `  - ${p}`).join('\n')}\n${HOW_TO_RESTORE}`,
    );
  }
}
