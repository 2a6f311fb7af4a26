/**
 * Follows a live read (db/liveRead.ts) from a component that may be drawn before Dexie has
 * loaded: with no read yet, or before its first value, it gives undefined. A failed read is
 * thrown during render, for the error boundary. Only a type comes from db/liveRead.ts, so the
 * first load carries no Dexie for it.
 */
import { useCallback, useState, useSyncExternalStore } from 'react';
import type { LiveRead } from '../db/liveRead';

const nothing = (): undefined => undefined;

export function useFollowed<T>(read: LiveRead<T> | null): T | undefined {
  const [failure, setFailure] = useState<{ readonly error: unknown } | null>(null);
  const subscribe = useCallback(
    (onChange: () => void) =>
      read === null ? () => undefined : read.subscribe(onChange, (error) => setFailure({ error })),
    [read],
  );
  const value = useSyncExternalStore(subscribe, read === null ? nothing : read.current);
  if (failure !== null) throw failure.error;
  return value;
}
