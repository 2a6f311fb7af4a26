/**
 * Looking for a new version of the app while it stays open (docs/design.md §3.2): iPad Home
 * Screen apps in particular may never re-check the service worker on their own, so the app asks
 * every 30 minutes and whenever it comes back into view, and only when online (an update check
 * offline fails and proves nothing).
 */
import type { Timers } from '../clock';

export const UPDATE_CHECK_INTERVAL_MS = 30 * 60 * 1000;

export interface UpdateCheckTarget {
  readonly navigator: { readonly onLine: boolean };
  readonly document: {
    readonly visibilityState: DocumentVisibilityState;
    addEventListener(type: 'visibilitychange', listener: () => void): void;
    removeEventListener(type: 'visibilitychange', listener: () => void): void;
  };
}

/** Calls `registration.update()` on a timer and on becoming visible; returns the stop function. */
export function startUpdateChecks(
  registration: { update(): Promise<unknown> },
  options: {
    readonly timers: Timers;
    readonly target: UpdateCheckTarget;
    readonly intervalMs?: number;
  },
): () => void {
  const { timers, target } = options;
  const intervalMs = options.intervalMs ?? UPDATE_CHECK_INTERVAL_MS;
  let handle: unknown = null;
  let isStopped = false;

  const check = () => {
    if (!target.navigator.onLine) return;
    // A failed check (a flaky network, the server mid-deploy) is retried at the next one.
    registration.update().catch(() => undefined);
  };
  const tick = () => {
    if (isStopped) return;
    check();
    handle = timers.setTimeout(tick, intervalMs);
  };
  const onVisible = () => {
    if (target.document.visibilityState === 'visible') check();
  };

  handle = timers.setTimeout(tick, intervalMs);
  target.document.addEventListener('visibilitychange', onVisible);
  return () => {
    isStopped = true;
    timers.clearTimeout(handle);
    target.document.removeEventListener('visibilitychange', onVisible);
  };
}
