/**
 * The time, re-read every `intervalMs` so a screen that depends on it (which session is current,
 * whether the register has closed) moves on by itself. Time comes from the injectable clock, so
 * tests and Playwright's `page.clock` decide it.
 */
import { useEffect, useState } from 'react';
import type { Clock, Timers } from '../clock';

export function useNow(clock: Clock, timers: Timers, intervalMs = 15_000): number {
  const [now, setNow] = useState(() => clock.now());
  useEffect(() => {
    let handle: unknown = null;
    const tick = () => {
      setNow(clock.now());
      handle = timers.setTimeout(tick, intervalMs);
    };
    handle = timers.setTimeout(tick, intervalMs);
    return () => timers.clearTimeout(handle);
  }, [clock, timers, intervalMs]);
  return now;
}
