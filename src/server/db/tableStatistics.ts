/**
 * Keeps the planner's statistics of the two tables every mark grows (mark_event, register_entry)
 * up to date, so the checks on each new row stay index lookups.
 *
 * Why this exists: register_entry's foreign key to mark_event is checked by a query each
 * connection prepares once and, after a few runs, keeps as a generic plan costed on the table as it
 * was then. Planned while mark_event was a few pages, that plan is a sequential scan, and it is
 * kept until the table's statistics change — so every new entry then reads the whole event log
 * (measured: 0.5 ms a row at 20,000 events and growing with the log, against 5 µs with an index
 * lookup; docs/benchmarks.md, sync drain). PostgreSQL's autovacuum re-analyses a growing table
 * within about a minute, but a new school's first burst of marks is faster than that, so the
 * plans would stay stale through it. ANALYZE
 * renews the statistics and so invalidates the stale plans everywhere.
 */
import type { Logger } from '../logger';
import type { Database, Queryable } from './database';

const GROWING_TABLES = 'mark_event, register_entry';

/** Rows written before the first ANALYZE, and the growth (as a share) that calls for the next. */
const BASE_ROWS = 200;
const GROWTH = 0.1;

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
  await q.exec(`ANALYZE ${GROWING_TABLES}`);
  const { rows } = await q.query<{ rows: number }>(
    `SELECT greatest(reltuples, 0)::bigint AS rows FROM pg_class WHERE oid = 'mark_event'::regclass`,
  );
  return rows[0]?.rows ?? 0;
}

/**
 * Counts the marks the server has written since the last ANALYZE and runs the next one in the
 * background once the tables have grown by a tenth (after the write's transaction has committed,
 * so no request waits for it). One runs at a time.
 */
export class TableStatistics {
  readonly #db: Database;
  readonly #logger: Logger | undefined;
  #writtenSince = 0;
  #rowsAtLast = 0;
  #running: Promise<void> | null = null;

  constructor(db: Database, logger?: Logger) {
    this.#db = db;
    this.#logger = logger;
  }

  /** Records `rows` new events (each with its entry) committed by a request. */
  noteWritten(rows: number): void {
    this.#writtenSince += Math.max(0, rows);
    if (this.#running === null && analyzeDue(this.#writtenSince, this.#rowsAtLast)) {
      this.#running = this.#analyze().finally(() => {
        this.#running = null;
      });
    }
  }

  /** Resolves when no ANALYZE is running (tests wait on it). */
  async settled(): Promise<void> {
    await this.#running;
  }

  async #analyze(): Promise<void> {
    const counted = this.#writtenSince;
    try {
      this.#rowsAtLast = await analyzeGrowingTables(this.#db);
    } catch (err) {
      // Stale statistics make writes slower, never wrong: log it and try again after more writes.
      this.#logger?.warn('could not refresh table statistics', { error: (err as Error).message });
    } finally {
      this.#writtenSince -= counted;
    }
  }
}
