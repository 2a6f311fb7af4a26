import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../testSupport.fixture';
import { startUpdateChecks, UPDATE_CHECK_INTERVAL_MS } from './updateChecks';

function rig(isOnline = true) {
  const timers = new ManualTimers();
  let checks = 0;
  const listeners = new Set<() => void>();
  const target = {
    navigator: { onLine: isOnline },
    document: {
      visibilityState: 'visible' as DocumentVisibilityState,
      addEventListener: (_: 'visibilitychange', l: () => void) => void listeners.add(l),
      removeEventListener: (_: 'visibilitychange', l: () => void) => void listeners.delete(l),
    },
  };
  const registration = {
    update: () => {
      checks += 1;
      return Promise.resolve();
    },
  };
  const stop = startUpdateChecks(registration, { timers, target });
  return { timers, target, listeners, stop, checks: () => checks };
}

describe('startUpdateChecks', () => {
  it('checks every 30 minutes', () => {
    const { timers, checks } = rig();
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(30 * 60 * 1000);
    timers.advance(UPDATE_CHECK_INTERVAL_MS - 1);
    expect(checks()).toBe(0);
    timers.advance(1);
    expect(checks()).toBe(1);
    timers.advance(2 * UPDATE_CHECK_INTERVAL_MS);
    expect(checks()).toBe(3);
  });

  it('checks when the app comes back into view', () => {
    const { listeners, checks } = rig();
    for (const listener of listeners) listener();
    expect(checks()).toBe(1);
  });

  it('does not check while offline', () => {
    const { timers, checks } = rig(false);
    timers.advance(3 * UPDATE_CHECK_INTERVAL_MS);
    expect(checks()).toBe(0);
  });

  it('survives a failed check', async () => {
    const timers = new ManualTimers();
    let calls = 0;
    const target = {
      navigator: { onLine: true },
      document: {
        visibilityState: 'visible' as DocumentVisibilityState,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
      },
    };
    startUpdateChecks(
      {
        update: () => {
          calls += 1;
          return Promise.reject(new Error('network'));
        },
      },
      { timers, target },
    );
    timers.advance(2 * UPDATE_CHECK_INTERVAL_MS);
    await Promise.resolve();
    expect(calls).toBe(2);
  });

  it('stops', () => {
    const { timers, listeners, stop, checks } = rig();
    stop();
    timers.advance(3 * UPDATE_CHECK_INTERVAL_MS);
    expect(checks()).toBe(0);
    expect(listeners.size).toBe(0);
  });
});
