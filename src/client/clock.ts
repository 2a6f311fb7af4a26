/**
 * Time and timers the client reads through, so tests (and the sync engine's backoff) can run on
 * a controlled clock instead of waiting. The device's clock may be wrong by hours: it is used
 * only for evidence (`recordedAt`) and for scheduling, never to order marks.
 */

/** The device's clock, in epoch milliseconds. */
export interface Clock {
  now(): number;
}

/** setTimeout/clearTimeout, injectable so backoff and debounce can be driven by a test. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = { now: () => Date.now() };

export const systemTimers: Timers = {
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
