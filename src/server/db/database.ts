/**
 * One small interface over the database (docs/design.md §6): the built-in PostgreSQL server in
 * DATA_DIR by default, or the PostgreSQL server at DATABASE_URL. Both are PostgreSQL through
 * node-postgres; values come back as: `bigint` as a JS number (we never come near 2^53), `date`
 * as a `yyyy-MM-dd` string (never a Date, whose time zone would shift the day), `timestamptz` as
 * a Date, `jsonb` as parsed JSON.
 */
/** `built-in`: the PostgreSQL server Tickmark runs itself in DATA_DIR; `postgres`: DATABASE_URL. */
export type DatabaseKind = 'built-in' | 'postgres';

export interface QueryResult<T> {
  rows: T[];
  /** Rows inserted, updated, deleted or returned by the statement. */
  rowCount: number;
}

/** Anything that runs SQL: the database itself or an open transaction. */
export interface Queryable {
  /** Runs one statement with `$1…$n` parameters. */
  query<T extends object = Record<string, unknown>>(
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /**
   * Runs `fn` inside one transaction (READ COMMITTED). It commits when `fn` resolves and rolls
   * back when it throws, re-throwing the error. Do not call `transaction` again inside `fn`.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Parses a PostgreSQL `int8` text value, refusing one a JS number cannot hold exactly. */
export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new RangeError(`A bigint value (${text}) is too large for this server to handle.`);
  }
  return n;
}

/** Type OIDs whose parsing we fix (see the top of this file). */
export const PG_TYPE = { INT8: 20, DATE: 1082 } as const;
