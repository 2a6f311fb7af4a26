import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../testSupport.fixture';
import { createIdleTimer } from './idleTimer';

const MINUTE = 60_000;

function setUp(timeoutMs = 5 * MINUTE) {
  const timers = new ManualTimers();
  let fired = 0;
  const timer = createIdleTimer({
    timeoutMs,
    onIdle: () => (fired += 1),
    clock: timers.clock,
    timers,
  });
  return { timers, timer, fired: () => fired };
}

describe('createIdleTimer', () => {
  it('fires once after the idle period with no activity', () => {
    const { timers, fired } = setUp();
    timers.advance(5 * MINUTE - 1);
    expect(fired()).toBe(0);
    timers.advance(1);
    expect(fired()).toBe(1);
    timers.advance(60 * MINUTE);
    expect(fired()).toBe(1);
  });

  it('starts the period again on each touch', () => {
    const { timers, timer, fired } = setUp();
    timers.advance(4 * MINUTE);
    timer.poke();
    timers.advance(4 * MINUTE);
    expect(fired()).toBe(0);
    timers.advance(MINUTE);
    expect(fired()).toBe(1);
  });

  it('fires on check() when the tab slept past the period without its timer running', () => {
    const { timers, timer, fired } = setUp();
    // Time passes but the hidden tab's timer has not run: only the clock moved.
    timers.elapsed += 6 * MINUTE;
    timer.check();
    expect(fired()).toBe(1);
  });

  it('does not fire on check() before the period is over', () => {
    const { timers, timer, fired } = setUp();
    timers.elapsed += 2 * MINUTE;
    timer.check();
    expect(fired()).toBe(0);
  });

  it('never fires once stopped', () => {
    const { timers, timer, fired } = setUp();
    timer.stop();
    timers.advance(10 * MINUTE);
    timer.check();
    expect(fired()).toBe(0);
    expect(timers.waiting).toEqual([]);
  });
});
