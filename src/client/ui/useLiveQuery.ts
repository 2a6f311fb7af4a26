/**
 * A live IndexedDB read for React, on Dexie's `liveQuery` (which also sees writes from other
 * tabs). A stand-in for `dexie-react-hooks`, which is not installed: it returns `undefined` until
 * the first result, re-runs the query when `deps` change, and rethrows a failed read during
 * render so the nearest error boundary shows it instead of a silently empty register.
 */
import { liveQuery } from 'dexie';
import { useEffect, useState, type DependencyList } from 'react';

type LiveState<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'failed'; readonly error: unknown };

export function useLiveQuery<T>(query: () => Promise<T>, deps: DependencyList): T | undefined {
  const [state, setState] = useState<LiveState<T>>({ kind: 'loading' });
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: (value) => setState({ kind: 'ready', value }),
      error: (error: unknown) => setState({ kind: 'failed', error }),
    });
    return () => subscription.unsubscribe();
    // The caller's deps decide when the query changes, as with useEffect itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  if (state.kind === 'failed') throw state.error;
  return state.kind === 'ready' ? state.value : undefined;
}
