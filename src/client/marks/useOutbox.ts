import type { AppDb } from '../db/appDb';
import { getDb } from '../db/db';
import type { OutboxRow } from '../db/outboxRow';
import { outboxCounts, rejectedMarks, type OutboxCounts } from './outboxQueries';
import { useLiveQuery } from '../ui/useLiveQuery';

/** Live counts of marks waiting to sync and marks refused by the office. */
export function useOutboxCounts(db: AppDb = getDb()): OutboxCounts | undefined {
  return useLiveQuery(() => outboxCounts(db), [db]);
}

/** Live list of marks the office refused, each with the server's reason. */
export function useRejectedMarks(db: AppDb = getDb()): OutboxRow[] | undefined {
  return useLiveQuery(() => rejectedMarks(db), [db]);
}
