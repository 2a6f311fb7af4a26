/**
 * A Database that counts its statements and the time spent waiting for them, so a benchmark can
 * say how much of a request was the database and how much was JavaScript around it. Only right
 * for sequential work: overlapping queries would add up to more than the wall time.
 */
import type { Database, Queryable, QueryResult } from '../../../src/server/db/database';

export interface QueryTally {
  statements: number;
  transactions: number;
  ms: number;
  /** Count and time per statement (its first words, whitespace folded). */
  readonly bySql: Map<string, { count: number; ms: number }>;
}

export function newTally(): QueryTally {
  return { statements: 0, transactions: 0, ms: 0, bySql: new Map() };
}

function note(tally: QueryTally, sql: string, ms: number): void {
  tally.statements += 1;
  tally.ms += ms;
  const key = sql.replace(/\s+/g, ' ').trim().slice(0, 90);
  const known = tally.bySql.get(key) ?? { count: 0, ms: 0 };
  known.count += 1;
  known.ms += ms;
  tally.bySql.set(key, known);
}

/** The statements that took longest in all, with their counts. */
export function topStatements(
  tally: QueryTally,
  n: number,
): { sql: string; count: number; ms: number }[] {
  return [...tally.bySql]
    .map(([sql, t]) => ({ sql, ...t }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, n);
}

function timedQueryable(inner: Queryable, tally: QueryTally): Queryable {
  return {
    async query<T extends object = Record<string, unknown>>(
      sql: string,
      params?: readonly unknown[],
    ): Promise<QueryResult<T>> {
      const started = performance.now();
      try {
        return await inner.query<T>(sql, params);
      } finally {
        note(tally, sql, performance.now() - started);
      }
    },
    async exec(sql: string): Promise<void> {
      const started = performance.now();
      try {
        await inner.exec(sql);
      } finally {
        note(tally, sql, performance.now() - started);
      }
    },
  };
}

/** `db`, with every statement (inside transactions too) counted in `tally`. */
export function timedDatabase(db: Database, tally: QueryTally): Database {
  const outer = timedQueryable(db, tally);
  return {
    kind: db.kind,
    query: outer.query,
    exec: outer.exec,
    transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      tally.transactions += 1;
      return db.transaction((tx) => fn(timedQueryable(tx, tally)));
    },
    close: () => db.close(),
  };
}
