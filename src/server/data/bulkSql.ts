/**
 * Writes many rows in one statement: each column goes as one array parameter and `unnest` turns
 * the arrays back into rows. One statement per few thousand rows, with as many parameters as
 * columns, is what makes a million-mark import take seconds rather than hours.
 */
import type { Queryable } from '../db/database';

export interface BulkColumn {
  readonly name: string;
  /** PostgreSQL type of the column's array elements: uuid, text, date, int, bigint, boolean. */
  readonly type: string;
}

/** Rows per statement: large enough to be fast, small enough to keep each statement modest. */
export const BULK_BATCH = 5000;

function columnArrays(columns: readonly BulkColumn[], rows: readonly (readonly unknown[])[]): unknown[][] {
  return columns.map((_, c) => rows.map((row) => row[c] ?? null));
}

function unnestList(columns: readonly BulkColumn[], offset = 0): string {
  return columns.map((col, i) => `$${i + 1 + offset}::${col.type}[]`).join(', ');
}

/** `INSERT INTO table (columns) SELECT * FROM unnest(…)`, plus an optional `suffix` (ON CONFLICT…). */
export async function bulkInsert(
  tx: Queryable,
  table: string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
): Promise<void> {
  for (let start = 0; start < rows.length; start += BULK_BATCH) {
    const batch = rows.slice(start, start + BULK_BATCH);
    await tx.query(
      `INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')})
       SELECT * FROM unnest(${unnestList(columns)}) ${suffix}`,
      columnArrays(columns, batch),
    );
  }
}

/**
 * Runs `sql` once per batch with the batch's columns as `$1…$n` arrays; the statement refers to
 * them as `SELECT * FROM unnest($1::uuid[], …) AS v(name, …)` itself (UPDATE … FROM).
 */
export async function bulkStatement(
  tx: Queryable,
  sql: (unnest: string) => string,
  columns: readonly BulkColumn[],
  rows: readonly (readonly unknown[])[],
  extraParams: readonly unknown[] = [],
): Promise<void> {
  for (let start = 0; start < rows.length; start += BULK_BATCH) {
    const batch = rows.slice(start, start + BULK_BATCH);
    const unnest = `unnest(${unnestList(columns, extraParams.length)}) AS v(${columns.map((c) => c.name).join(', ')})`;
    await tx.query(sql(unnest), [...extraParams, ...columnArrays(columns, batch)]);
  }
}
