/**
 * Locks the app after `minutes` without a touch or key press while someone is signed in, and
 * checks again when the tab comes back into view (a hidden tab's timers may not run).
 */
import { useEffect, useRef } from 'react';
import type { Clock, Timers } from '../clock';
import { createIdleTimer } from './idleTimer';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'wheel', 'touchstart'] as const;

export function useIdleLock(options: {
  readonly isActive: boolean;
  readonly minutes: number;
  readonly onIdle: () => void;
  readonly clock: Clock;
  readonly timers: Timers;
}): void {
  const { isActive, minutes, clock, timers } = options;
  // The latest callback, without restarting the timer each render.
  const onIdle = useRef(options.onIdle);
  useEffect(() => {
    onIdle.current = options.onIdle;
  });

  useEffect(() => {
    if (!isActive) return;
    const timer = createIdleTimer({
      timeoutMs: minutes * 60_000,
      onIdle: () => onIdle.current(),
      clock,
      timers,
    });
    const poke = () => timer.poke();
    const onVisibility = () => {
      if (document.visibilityState === 'visible') timer.check();
    };
    for (const type of ACTIVITY_EVENTS) document.addEventListener(type, poke, { passive: true });
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      timer.stop();
      for (const type of ACTIVITY_EVENTS) document.removeEventListener(type, poke);
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [isActive, minutes, clock, timers]);
}
