/**
 * A row read back from IndexedDB that does not have the shape this version of the app wrote.
 * That is a bug or damaged storage, not an expected failure, so it throws (docs/design.md §9); the
 * message names the table and the field so the problem can be found.
 */
import type { z } from 'zod';

export class StoredRowError extends Error {
  readonly table: string;

  constructor(table: string, issues: readonly z.core.$ZodIssue[]) {
    const detail = issues
      .map((issue) => `${issue.path.join('.') || '(row)'}: ${issue.message}`)
      .join('; ');
    super(`A stored ${table} row is not in the expected shape (${detail}).`);
    this.name = 'StoredRowError';
    this.table = table;
  }
}

/** Parses a row read from `table` with `schema`, or throws {@link StoredRowError}. */
export function parseStoredRow<T>(table: string, schema: z.ZodType<T>, row: unknown): T {
  const parsed = schema.safeParse(row);
  if (!parsed.success) throw new StoredRowError(table, parsed.error.issues);
  return parsed.data;
}
