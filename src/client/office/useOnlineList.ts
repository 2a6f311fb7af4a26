/**
 * One office list read from the server (`call` with its endpoint's definition, the answer parsed
 * with the endpoint's schema), refreshed
 * every `refreshMs` while the tab is open and whenever the device finishes a sync (tablets'
 * marks have just arrived). The last answer is cached on the device, so with no connection the
 * tab still shows it, saying how old it is; with no copy it says the list needs a connection.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { Endpoint, JsonResponse, ResponseOut } from '../../shared/api/endpoint';
import { call, type ApiFailure, type CallInput, type FetchLike } from '../api/call';
import type { Clock, Timers } from '../clock';
import type { AppDb } from '../db/appDb';
import { useAfterEachSync } from './useAfterEachSync';
import { readCachedList, writeCachedList } from './officeCache';

export type OnlineList<T> =
  | { readonly kind: 'loading' }
  | {
      readonly kind: 'ready';
      readonly value: T;
      readonly fetchedAt: string;
      /** Set when the latest attempt failed and `value` is the device's older copy. */
      readonly problem: ApiFailure | null;
    }
  | { readonly kind: 'failed'; readonly problem: ApiFailure };

/** An endpoint that answers a list as JSON (a GET the office reads). */
export type ListEndpoint = Endpoint & { readonly method: 'GET'; readonly response: JsonResponse };

export interface OnlineListOptions<E extends ListEndpoint> {
  readonly db: AppDb;
  /** Names the cached copy; include what the query depends on (a date, a session). */
  readonly cacheKey: string;
  readonly endpoint: E;
  /** The path parameters and query; a change of either fetches again. */
  readonly input: CallInput<E>;
  readonly staffId: string;
  readonly fetch?: FetchLike;
  readonly clock: Clock;
  readonly timers: Timers;
  /** Refresh period while open; none when omitted. */
  readonly refreshMs?: number;
}

export interface OnlineListHandle<T> {
  readonly list: OnlineList<T>;
  /** Fetches again now (after an action changed the list). */
  readonly refresh: () => void;
}

export function useOnlineList<E extends ListEndpoint>(
  options: OnlineListOptions<E>,
): OnlineListHandle<ResponseOut<E>> {
  type T = ResponseOut<E>;
  const { db, cacheKey, endpoint, staffId, fetch, clock, timers, refreshMs } = options;
  const schema = endpoint.response.schema as z.ZodType<T>;
  const inputText = JSON.stringify(options.input);
  // The list is kept with the key it belongs to: another date or session reads as "loading" until
  // its own answer arrives, never as the previous list.
  const [stored, setStored] = useState<{ key: string; list: OnlineList<T> }>({
    key: cacheKey,
    list: { kind: 'loading' },
  });
  const list: OnlineList<T> = stored.key === cacheKey ? stored.list : { kind: 'loading' };
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);

  const refresh = useCallback(() => setGeneration((g) => g + 1), []);
  useAfterEachSync(refresh);

  useEffect(() => {
    const ticket = latest.current + 1;
    latest.current = ticket;
    const controller = new AbortController();
    void (async () => {
      const input = JSON.parse(inputText) as CallInput<E>;
      const answer = await call(endpoint, input, {
        staffId,
        signal: controller.signal,
        ...(fetch === undefined ? {} : { fetch }),
      });
      if (latest.current !== ticket) return;
      if (answer.ok) {
        const fetchedAt = new Date(clock.now()).toISOString();
        // Cached before it is shown: a list on screen is a list the device still has offline.
        await writeCachedList(db, cacheKey, answer.value, fetchedAt);
        if (latest.current !== ticket) return;
        setStored({
          key: cacheKey,
          list: { kind: 'ready', value: answer.value, fetchedAt, problem: null },
        });
        return;
      }
      const cached = await readCachedList(db, cacheKey, schema);
      if (latest.current !== ticket) return;
      setStored((current) => {
        if (current.key === cacheKey && current.list.kind === 'ready') {
          return { key: cacheKey, list: { ...current.list, problem: answer.error } };
        }
        return {
          key: cacheKey,
          list:
            cached === null
              ? { kind: 'failed', problem: answer.error }
              : { kind: 'ready', ...cached, problem: answer.error },
        };
      });
    })();
    return () => controller.abort();
  }, [db, cacheKey, endpoint, schema, inputText, staffId, fetch, clock, generation]);

  useEffect(() => {
    if (refreshMs === undefined) return undefined;
    const handle = timers.setTimeout(refresh, refreshMs);
    return () => timers.clearTimeout(handle);
  }, [timers, refreshMs, refresh, stored]);

  return { list, refresh };
}
