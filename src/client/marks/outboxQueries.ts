/**
 * Outbox counts and lists for the status bar and the "not accepted" list (docs/design.md §7.1: the
 * number of marks waiting is shown at all times; rejected marks are shown, never dropped).
 */
import type { AppDb } from '../db/appDb';
import { liveRead, type LiveRead } from '../db/liveRead';
import { outboxRowSchema, type OutboxRow } from '../db/outboxRow';
import { parseStoredRow } from '../db/storedRowError';

export interface OutboxCounts {
  readonly pending: number;
  readonly rejected: number;
}

export async function outboxCounts(db: AppDb): Promise<OutboxCounts> {
  return db.transaction('r', db.outbox, async () => ({
    pending: await db.outbox.where('status').equals('pending').count(),
    rejected: await db.outbox.where('status').equals('rejected').count(),
  }));
}

const countsFeeds = new WeakMap<AppDb, LiveRead<OutboxCounts>>();

/**
 * The live outbox counts of `db`: one read after each write to the outbox, shared by all that
 * follow them (the status bar, the update prompt, the sync engine), outside the write's commit.
 */
export function outboxCountsFeed(db: AppDb): LiveRead<OutboxCounts> {
  let feed = countsFeeds.get(db);
  if (feed === undefined) {
    feed = liveRead(db, ['outbox'], () => outboxCounts(db));
    countsFeeds.set(db, feed);
  }
  return feed;
}

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
