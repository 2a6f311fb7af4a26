/**
 * How many marks wait to reach the office and how many it refused (docs/design.md §7.1: the
 * number of marks waiting is shown at all times). Counted through the `status` index, no row
 * read or parsed, so the status bar on the lock screen needs no row schema.
 */
import type { AppDb } from '../db/appDb';
import { liveRead, type LiveRead } from '../db/liveRead';

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
