/**
 * Runs a task once the browser has painted and has a moment to spare, so start-up work the first
 * screen does not need (the sync engine, the service worker and its update checks) does not hold
 * up the lock screen on a slow tablet (cold start ≤ 1.5 s). `requestIdleCallback` is
 * missing in Safari; there a short timeout after the next frame does the same job.
 */

/** The longest the task waits for an idle moment on a busy page. */
export const IDLE_TIMEOUT_MS = 2000;

/**
 * How long after the register (or sign-in) screen appears optional work starts: the screen's
 * first idle moment comes while it waits on IndexedDB for the register, and work started then
 * delays the tiles (measured at 4× throttling: the sync engine took unlock → painted from 0.72 s
 * to 1.07 s; the school switcher's chunk, whose style sheets restyle the page, cost ~0.1 s).
 */
export const AFTER_SCREEN_DELAY_MS = 1500;

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
