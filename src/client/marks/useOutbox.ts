import { useCallback, useState, useSyncExternalStore } from 'react';
import type { AppDb } from '../db/appDb';
import { getDb } from '../db/db';
import { outboxCountsFeed, type OutboxCounts } from './outboxCounts';

/**
 * Live counts of marks waiting to sync and marks refused by the office (undefined until first
 * read), from the one shared feed (outboxCounts.ts `outboxCountsFeed`). A failed read is thrown
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
