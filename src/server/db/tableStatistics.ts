/**
 * Keeps the planner's statistics of the two tables every mark grows (mark_event, register_entry)
 * up to date, so the checks on each new row stay index lookups — off the request path: no push
 * waits for an ANALYZE, and none starts one.
 *
 * Why it matters: register_entry's foreign key to mark_event is checked by a query each
 * connection prepares once and, after a few runs, keeps as a generic plan costed on the table as it
 * was then. Planned while mark_event was a few pages, that plan is a sequential scan, and it is
 * kept until the table's statistics change — so every new entry then reads the whole event log
 * (measured: 0.5 ms a row at 20,000 events and growing with the log, against 5 µs with an index
 * lookup; docs/benchmarks.md, sync drain). ANALYZE renews the statistics and so invalidates the
 * stale plans everywhere.
 *
 * Who runs it:
 * - a PostgreSQL server (DATABASE_URL) with autovacuum on: autovacuum, whose default rule (50 rows
 *   and a tenth of the table) is this file's own; Tickmark runs nothing;
 * - the built-in database, or a server with autovacuum (or its row counting) off: Tickmark, on a
 *   schedule ({@link startTableStatistics}), every {@link SCHEDULE_MS}: it reads how many rows each
 *   table gained since its last analysis (PostgreSQL's own count) and analyses the ones that grew by
 *   a tenth (at least 200 rows).
 *
 * A long import analyses inside its own transaction as it goes (data/markImport.ts), with the same
 * rule ({@link analyzeDue}).
 */
import type { Logger } from '../logger';
import type { Database, Queryable } from './database';

const GROWING_TABLES = ['mark_event', 'register_entry'] as const;

/** Rows written before the first ANALYZE, and the growth (as a share) that calls for the next. */
const BASE_ROWS = 200;
const GROWTH = 0.1;

/** How often the schedule looks at the tables' growth (one small catalog query). */
export const SCHEDULE_MS = 15_000;

/** Whether `writtenSince` rows added to a table of `rowsAtLast` call for new statistics. */
export function analyzeDue(writtenSince: number, rowsAtLast: number): boolean {
  return writtenSince >= BASE_ROWS + GROWTH * Math.max(0, rowsAtLast);
}

/**
 * Analyses the growing tables and returns mark_event's row count as the statistics now estimate
 * it. Inside a transaction, the transaction's own uncommitted rows are counted (the import uses
 * this part-way through its one long transaction).
 */
export async function analyzeGrowingTables(q: Queryable): Promise<number> {
  await q.exec(`ANALYZE ${GROWING_TABLES.join(', ')}`);
  const { rows } = await q.query<{ rows: number }>(
    `SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = 'mark_event'::regclass`,
  );
  return rows[0]?.rows ?? 0;
}

/** Who keeps the statistics on `db`: the server's autovacuum, or Tickmark's schedule (and why). */
export async function statisticsKeeper(
  db: Database,
): Promise<{ keeper: 'autovacuum' } | { keeper: 'schedule'; counted: boolean; reason: string }> {
  const { rows } = await db.query<{ autovacuum: string; track_counts: string }>(
    `SELECT current_setting('autovacuum') AS autovacuum,
            current_setting('track_counts') AS track_counts`,
  );
  const counted = rows[0]?.track_counts === 'on';
  if (db.kind === 'built-in') {
    return { keeper: 'schedule', counted, reason: 'the built-in database' };
  }
  if (rows[0]?.autovacuum === 'on' && counted) return { keeper: 'autovacuum' };
  return {
    keeper: 'schedule',
    counted,
    reason: counted ? 'autovacuum is off on this server' : 'track_counts is off on this server',
  };
}

/**
 * One look at the tables: analyses each that grew enough since its last analysis. Without
 * PostgreSQL's row counts (`counted` false) it cannot tell, so it analyses both every time.
 * Returns the tables it analysed.
 */
export async function analyzeGrownTables(db: Queryable, counted = true): Promise<string[]> {
  const due: string[] = [];
  if (counted) {
    const { rows } = await db.query<{ table: string; modified: number; live: number }>(
      `SELECT relname AS table, n_mod_since_analyze AS modified, n_live_tup AS live
         FROM pg_stat_user_tables
        WHERE relid IN ('mark_event'::regclass, 'register_entry'::regclass)`,
    );
    for (const row of rows) {
      if (analyzeDue(Number(row.modified), Number(row.live))) due.push(row.table);
    }
  } else {
    due.push(...GROWING_TABLES);
  }
  const tables = GROWING_TABLES.filter((t) => due.includes(t));
  if (tables.length > 0) await db.exec(`ANALYZE ${tables.join(', ')}`);
  return tables;
}

/**
 * Starts keeping the statistics of `db` where autovacuum does not (see the top of this file).
 * Returns a function that stops the schedule and waits for a running look to finish.
 */
export async function startTableStatistics(
  db: Database,
  logger: Logger,
  intervalMs = SCHEDULE_MS,
): Promise<() => Promise<void>> {
  const found = await statisticsKeeper(db);
  if (found.keeper === 'autovacuum') {
    logger.info('table statistics: kept by the server’s autovacuum');
    return async () => undefined;
  }
  if (db.kind !== 'built-in') {
    logger.warn(
      `table statistics: ${found.reason}, so Tickmark analyses the event log itself every ${intervalMs / 1000} s. ` +
        'Turn autovacuum (and track_counts) on in postgresql.conf to leave it to PostgreSQL.',
    );
  }
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = (): void => {
    // One look at a time: a slow ANALYZE makes the next look wait for the next tick.
    if (stopped || running !== null) return;
    running = analyzeGrownTables(db, found.counted)
      .then(() => undefined)
      .catch((err: unknown) => {
        // Stale statistics make writes slower, never wrong: log it and look again next time.
        logger.warn('could not refresh table statistics', { error: (err as Error).message });
      })
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
