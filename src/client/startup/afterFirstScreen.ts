/**
 * Runs a task once the browser has painted and has a moment to spare, so start-up work the first
 * screen does not need (the sync engine, the service worker and its update checks) does not hold
 * up the lock screen on a slow tablet (issue 10: cold start ≤ 1.5 s). `requestIdleCallback` is
 * missing in Safari; there a short timeout after the next frame does the same job.
 */

/** The longest the task waits for an idle moment on a busy page. */
export const IDLE_TIMEOUT_MS = 2000;

/** Runs `task` in a new task just after the next frame is painted. */
export function afterPaint(task: () => void): void {
  if (typeof window.requestAnimationFrame === 'function') {
    window.requestAnimationFrame(() => window.setTimeout(task, 0));
  } else {
    window.setTimeout(task, 0);
  }
}

/** Runs `task` after the next paint, once the page is idle (or after {@link IDLE_TIMEOUT_MS}). */
export function afterFirstScreen(task: () => void): void {
  afterPaint(() => {
    if (typeof window.requestIdleCallback === 'function') {
      window.requestIdleCallback(task, { timeout: IDLE_TIMEOUT_MS });
    } else {
      window.setTimeout(task, 50);
    }
  });
}
