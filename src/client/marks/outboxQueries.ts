/**
 * Outbox lists for the "not accepted" list and the sync engine (docs/design.md §7.1: rejected
 * marks are shown, never dropped), each row parsed. The counts are in outboxCounts.ts.
 */
import type { AppDb } from '../db/appDb';
import { outboxRowSchema, type OutboxRow } from '../db/outboxRow';
import { parseStoredRow } from '../db/storedRowError';

/** Marks the server refused, oldest first, each with the server's reason. */
export async function rejectedMarks(db: AppDb): Promise<OutboxRow[]> {
  const rows = await db.outbox.where('status').equals('rejected').toArray();
  return rows.map((row) => parseStoredRow('outbox', outboxRowSchema, row));
}

/** Marks still waiting to reach the office, in device order. */
export async function pendingMarks(db: AppDb, limit?: number): Promise<OutboxRow[]> {
  const query = db.outbox.where('status').equals('pending');
  const rows = await (limit === undefined ? query : query.limit(limit)).toArray();
  return rows.map((row) => parseStoredRow('outbox', outboxRowSchema, row));
}
