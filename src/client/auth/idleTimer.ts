/**
 * Locking after idle minutes (docs/design.md §3.3): a pupil who picks up a tablet left on a desk
 * must find it locked. `poke()` is called on every touch or key press; when `timeoutMs` pass
 * without one, `onIdle` runs once. Timers in a hidden tab may be delayed or frozen, so `check()`
 * (called when the tab becomes visible again) compares the clock instead of trusting the timer
 * alone.
 */
import type { Clock, Timers } from '../clock';

export interface IdleTimer {
  /** Activity: the idle period starts again. */
  poke(): void;
  /** Fires `onIdle` now if the idle period has passed (after the tab was hidden). */
  check(): void;
  stop(): void;
}

export interface IdleTimerOptions {
  readonly timeoutMs: number;
  readonly onIdle: () => void;
  readonly clock: Clock;
  readonly timers: Timers;
}

export function createIdleTimer(options: IdleTimerOptions): IdleTimer {
  const { timeoutMs, onIdle, clock, timers } = options;
  let lastActivity = clock.now();
  let handle: unknown = null;
  let isDone = false;

  const clear = () => {
    if (handle !== null) timers.clearTimeout(handle);
    handle = null;
  };

  const fire = () => {
    if (isDone) return;
    isDone = true;
    clear();
    onIdle();
  };

  const schedule = (delay: number) => {
    clear();
    handle = timers.setTimeout(() => {
      handle = null;
      check();
    }, delay);
  };

  function check(): void {
    if (isDone) return;
    const idleFor = clock.now() - lastActivity;
    if (idleFor >= timeoutMs) fire();
    else schedule(timeoutMs - idleFor);
  }

  schedule(timeoutMs);

  return {
    // Only the time is noted: the pending timer, when it fires, waits out the remainder. So a
    // stream of touches costs no timer churn.
    poke() {
      lastActivity = clock.now();
    },
    check,
    stop() {
      isDone = true;
      clear();
    },
  };
}
