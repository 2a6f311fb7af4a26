import { useCallback, useState, useSyncExternalStore } from 'react';
import type { AppDb } from '../db/appDb';
import { getDb } from '../db/db';
import type { OutboxRow } from '../db/outboxRow';
import { outboxCountsFeed, rejectedMarks, type OutboxCounts } from './outboxQueries';
import { useLiveQuery } from '../ui/useLiveQuery';

/**
 * Live counts of marks waiting to sync and marks refused by the office (undefined until first
 * read), from the one shared feed (outboxQueries.ts `outboxCountsFeed`). A failed read is thrown
 * during render, for the error boundary.
 */
export function useOutboxCounts(db: AppDb = getDb()): OutboxCounts | undefined {
  const feed = outboxCountsFeed(db);
  const [failure, setFailure] = useState<{ readonly error: unknown } | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) => feed.subscribe(onChange, (error) => setFailure({ error })),
    [feed],
  );
  const counts = useSyncExternalStore(subscribe, feed.current);
  if (failure !== null) throw failure.error;
  return counts;
}

/** Live list of marks the office refused, each with the server's reason. */
export function useRejectedMarks(db: AppDb = getDb()): OutboxRow[] | undefined {
  return useLiveQuery(() => rejectedMarks(db), [db]);
}
