import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ManualTimers } from '../testSupport.fixture';
import {
  INITIAL_SYNC_STATUS,
  type SyncEngine,
  type SyncStatus,
  type SyncTrigger,
} from './syncEngine';
import { startSyncTriggers, type TriggerTarget } from './syncTriggers';

/** An engine that only records what the triggers ask of it. */
function fakeEngine() {
  const calls: SyncTrigger[] = [];
  const online: boolean[] = [];
  let listener: ((status: SyncStatus) => void) | null = null;
  const engine: SyncEngine = {
    flush: async () => ({ ok: true, pushed: 0, rejected: 0, pulled: 0, error: null }),
    requestFlush: (trigger) => calls.push(trigger),
    getStatus: () => INITIAL_SYNC_STATUS,
    subscribe: (l) => {
      listener = l;
      l(INITIAL_SYNC_STATUS);
      return () => {
        listener = null;
      };
    },
    setOnline: (value) => online.push(value),
    refreshStatus: async () => undefined,
    dispose: () => undefined,
  };
  const pending = (pendingCount: number) => listener?.({ ...INITIAL_SYNC_STATUS, pendingCount });
  return { engine, calls, online, pending, isSubscribed: () => listener !== null };
}

function fakeWindow(onLine = true) {
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), {
    visibilityState: 'visible' as DocumentVisibilityState,
  });
  const target = Object.assign(win, {
    document: doc,
    navigator: { onLine },
  }) as unknown as TriggerTarget;
  return { target, win, doc };
}

describe('startSyncTriggers', () => {
  it('flushes at start and takes the browser’s online flag', () => {
    const { engine, calls, online } = fakeEngine();
    const stop = startSyncTriggers(engine, fakeWindow(false).target, {
      timers: new ManualTimers(),
    });
    expect(calls).toEqual(['start']);
    expect(online).toEqual([false]);
    stop();
  });

  it('flushes when the browser comes online, and notes when it goes offline', () => {
    const { engine, calls, online } = fakeEngine();
    const { target, win } = fakeWindow();
    const stop = startSyncTriggers(engine, target, { timers: new ManualTimers() });
    win.dispatchEvent(new Event('offline'));
    win.dispatchEvent(new Event('online'));
    expect(online).toEqual([false, true]);
    expect(calls).toEqual(['start', 'online']);
    stop();
  });

  it('leaves "online" at start to the start’s flush: the wifi may be up with the office out of reach', () => {
    const { engine, calls, online } = fakeEngine();
    const stop = startSyncTriggers(engine, fakeWindow(true).target, {
      timers: new ManualTimers(),
    });
    expect(calls).toEqual(['start']);
    expect(online).toEqual([]);
    stop();
  });

  it('flushes when the tab becomes visible, not when it is hidden', () => {
    const { engine, calls } = fakeEngine();
    const { target, doc } = fakeWindow();
    const stop = startSyncTriggers(engine, target, { timers: new ManualTimers() });
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    doc.visibilityState = 'visible';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(calls).toEqual(['start', 'visible']);
    stop();
  });

  it('flushes on a timer', () => {
    const { engine, calls } = fakeEngine();
    const timers = new ManualTimers();
    const stop = startSyncTriggers(engine, fakeWindow().target, { timers, intervalMs: 30_000 });
    timers.advance(29_999);
    expect(calls).toEqual(['start']);
    timers.advance(1);
    timers.advance(30_000);
    expect(calls).toEqual(['start', 'timer', 'timer']);
    stop();
  });

  it('flushes once, 300 ms after the last of a burst of new marks', () => {
    const { engine, calls, pending } = fakeEngine();
    const timers = new ManualTimers();
    const stop = startSyncTriggers(engine, fakeWindow().target, { timers });
    pending(1);
    timers.advance(200);
    pending(2);
    timers.advance(200);
    pending(3);
    timers.advance(299);
    expect(calls).toEqual(['start']);
    timers.advance(1);
    expect(calls).toEqual(['start', 'mark']);
    // Marks being acknowledged (the count falling) is not a reason to flush.
    pending(0);
    timers.advance(1_000);
    expect(calls).toEqual(['start', 'mark']);
    stop();
  });

  it('stop removes every listener and timer', () => {
    const { engine, calls, pending, isSubscribed } = fakeEngine();
    const timers = new ManualTimers();
    const { target, win, doc } = fakeWindow();
    const stop = startSyncTriggers(engine, target, { timers });
    pending(1);
    stop();
    win.dispatchEvent(new Event('online'));
    doc.dispatchEvent(new Event('visibilitychange'));
    timers.advance(120_000);
    expect(calls).toEqual(['start']);
    expect(timers.waiting).toEqual([]);
    expect(isSubscribed()).toBe(false);
  });
});
