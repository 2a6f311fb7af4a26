/**
 * When to flush (docs/design.md §7.10): on start, when the browser comes back `online`, when the
 * tab becomes visible again, shortly after a mark is saved (debounced, so "mark the rest present"
 * sends one batch), and on a timer. Background Sync is not used: Safari does not have it and the
 * page is open while a register is taken anyway.
 *
 * A new mark is noticed through the engine's live outbox count, which Dexie also updates for
 * marks saved in another tab, so no screen has to remember to call the engine.
 */
import { systemTimers, type Timers } from '../clock';
import type { SyncEngine } from './syncEngine';

/** The parts of `window` the triggers listen to. */
export interface TriggerTarget {
  addEventListener(type: 'online' | 'offline', listener: () => void): void;
  removeEventListener(type: 'online' | 'offline', listener: () => void): void;
  readonly document: {
    readonly visibilityState: DocumentVisibilityState;
    addEventListener(type: 'visibilitychange', listener: () => void): void;
    removeEventListener(type: 'visibilitychange', listener: () => void): void;
  };
  readonly navigator: { readonly onLine: boolean };
}

export interface TriggerOptions {
  /** Time between timer flushes (a pending backoff makes a tick wait). */
  readonly intervalMs?: number;
  /** Quiet time after the last new mark before flushing. */
  readonly debounceMs?: number;
  readonly timers?: Timers;
}

export const SYNC_INTERVAL_MS = 30_000;
export const MARK_DEBOUNCE_MS = 300;

/** Starts every trigger and flushes once; returns a function that stops them all. */
export function startSyncTriggers(
  engine: SyncEngine,
  target: TriggerTarget = window,
  options: TriggerOptions = {},
): () => void {
  const timers = options.timers ?? systemTimers;
  const intervalMs = options.intervalMs ?? SYNC_INTERVAL_MS;
  const debounceMs = options.debounceMs ?? MARK_DEBOUNCE_MS;
  let stopped = false;
  let tickHandle: unknown = null;
  let debounceHandle: unknown = null;

  const onOnline = () => {
    engine.setOnline(true);
    engine.requestFlush('online');
  };
  const onOffline = () => engine.setOnline(false);
  const onVisibility = () => {
    if (target.document.visibilityState === 'visible') engine.requestFlush('visible');
  };
  const tick = () => {
    if (stopped) return;
    engine.requestFlush('timer');
    tickHandle = timers.setTimeout(tick, intervalMs);
  };

  let lastPending: number | null = null;
  const unsubscribe = engine.subscribe((status) => {
    if (lastPending !== null && status.pendingCount > lastPending) {
      if (debounceHandle !== null) timers.clearTimeout(debounceHandle);
      debounceHandle = timers.setTimeout(() => {
        debounceHandle = null;
        engine.requestFlush('mark');
      }, debounceMs);
    }
    lastPending = status.pendingCount;
  });

  // The browser's "offline" is believed at once. Its "online" is not: the wifi may be up with the
  // office out of reach, which the status already says from the last request (reachability.ts);
  // the start's flush finds out. Taking "online" here showed "Online" for a moment and hid the
  // offline note, moving everything below the status bar (the lock screen's PIN pad) up and back.
  if (!target.navigator.onLine) engine.setOnline(false);
  target.addEventListener('online', onOnline);
  target.addEventListener('offline', onOffline);
  target.document.addEventListener('visibilitychange', onVisibility);
  tickHandle = timers.setTimeout(tick, intervalMs);
  engine.requestFlush('start');

  return () => {
    stopped = true;
    target.removeEventListener('online', onOnline);
    target.removeEventListener('offline', onOffline);
    target.document.removeEventListener('visibilitychange', onVisibility);
    if (tickHandle !== null) timers.clearTimeout(tickHandle);
    if (debounceHandle !== null) timers.clearTimeout(debounceHandle);
    unsubscribe();
  };
}
