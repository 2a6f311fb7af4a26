/**
 * Runs one report request on the office server and tracks it: loading (with what is being worked
 * out), done, failed or stopped. A new request, leaving the screen or pressing Stop aborts the one
 * in flight, so a long trust-wide summary never keeps running for a screen nobody is looking at.
 */
import { useCallback, useEffect, useEffectEvent, useRef, useState } from 'react';
import type { ApiFailure, ApiResult } from '../api/call';

export interface ReportRequest<T> {
  /** Identifies the request: a new key (other filters, dates, pupil) starts a new request. */
  readonly key: string;
  /** What is being worked out, shown while it loads: "Working out Year 3 by week…". */
  readonly what: string;
  readonly run: (signal: AbortSignal) => Promise<ApiResult<T>>;
}

export type ReportState<T> =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly what: string }
  | { readonly status: 'done'; readonly value: T }
  | { readonly status: 'failed'; readonly error: ApiFailure }
  | { readonly status: 'stopped' };

export interface ReportHandle<T> {
  readonly state: ReportState<T>;
  /** Aborts the request in flight. */
  readonly stop: () => void;
  /** Runs the same request again (after a failure or a stop). */
  readonly retry: () => void;
}

type Settled<T> =
  { readonly kind: 'result'; readonly result: ApiResult<T> } | { readonly kind: 'stopped' };

export function useReport<T>(request: ReportRequest<T> | null): ReportHandle<T> {
  const [attempt, setAttempt] = useState(0);
  const [settled, setSettled] = useState<{ key: string; outcome: Settled<T> } | null>(null);
  const controller = useRef<AbortController | null>(null);
  const key = request === null ? null : `${request.key}#${attempt}`;

  const start = useEffectEvent((runKey: string, signal: AbortSignal) => {
    if (request === null) return;
    void request.run(signal).then((result) => {
      if (!signal.aborted) setSettled({ key: runKey, outcome: { kind: 'result', result } });
    });
  });

  useEffect(() => {
    if (key === null) return undefined;
    const current = new AbortController();
    controller.current = current;
    start(key, current.signal);
    return () => current.abort();
  }, [key]);

  const stop = useCallback(() => {
    controller.current?.abort();
    if (key !== null) setSettled({ key, outcome: { kind: 'stopped' } });
  }, [key]);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  let state: ReportState<T>;
  if (request === null) state = { status: 'idle' };
  else if (settled === null || settled.key !== key)
    state = { status: 'loading', what: request.what };
  else if (settled.outcome.kind === 'stopped') state = { status: 'stopped' };
  else if (settled.outcome.result.ok)
    state = { status: 'done', value: settled.outcome.result.value };
  else state = { status: 'failed', error: settled.outcome.result.error };
  return { state, stop, retry };
}
