import type { AppDb } from '../db/appDb';
import { getDb } from '../db/db';
import type { OutboxRow } from '../db/outboxRow';
import { useLiveQuery } from '../ui/useLiveQuery';
import { rejectedMarks } from './outboxQueries';

/** Live list of marks the office refused, each with the server's reason. */
export function useRejectedMarks(db: AppDb = getDb()): OutboxRow[] | undefined {
  return useLiveQuery(() => rejectedMarks(db), [db]);
}
