import '@testing-library/jest-dom/vitest';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AFTER_SCREEN_DELAY_MS, IDLE_TIMEOUT_MS } from './afterFirstScreen';
import { WhenIdle } from './WhenIdle';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('WhenIdle', () => {
  it('waits until well after the screen appeared, so it never competes with the first paint', async () => {
    render(
      <WhenIdle>
        <p>School switcher</p>
      </WhenIdle>,
    );

    // The register's first idle moment comes while it waits on IndexedDB: too early.
    await act(() => vi.advanceTimersByTimeAsync(AFTER_SCREEN_DELAY_MS - 100));
    expect(screen.queryByText('School switcher')).not.toBeInTheDocument();

    await act(() => vi.advanceTimersByTimeAsync(100 + IDLE_TIMEOUT_MS));
    expect(screen.getByText('School switcher')).toBeInTheDocument();
  });

  it('leaves nothing waiting once the screen has gone', () => {
    const { unmount } = render(
      <WhenIdle>
        <p>School switcher</p>
      </WhenIdle>,
    );
    expect(vi.getTimerCount()).toBe(1);

    unmount();

    expect(vi.getTimerCount()).toBe(0);
  });
});
