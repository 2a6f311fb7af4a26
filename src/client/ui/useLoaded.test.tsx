import { act, cleanup, renderHook, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { useLoaded } from './useLoaded';

afterEach(cleanup);

/** A read whose answer the test gives when it chooses. */
function pendingReads() {
  const waiting: ((value: string) => void)[] = [];
  const load = () => new Promise<string>((resolve) => waiting.push(resolve));
  return { load, answer: (index: number, value: string) => waiting[index]?.(value), waiting };
}

describe('useLoaded', () => {
  it('shows the initial value, then the answer', async () => {
    const reads = pendingReads();
    const { result } = renderHook(() => useLoaded(reads.load, 'loading'));
    expect(result.current.value).toBe('loading');
    await act(async () => reads.answer(0, 'first list'));
    expect(result.current.value).toBe('first list');
  });

  it('drops an older answer that arrives after a newer read began', async () => {
    const reads = pendingReads();
    const { result } = renderHook(() => useLoaded(reads.load, 'loading'));
    await waitFor(() => expect(reads.waiting).toHaveLength(1));
    let reloaded: Promise<void> | undefined;
    act(() => {
      reloaded = result.current.reload();
    });
    expect(reads.waiting).toHaveLength(2);
    await act(async () => {
      reads.answer(1, 'newer');
      await reloaded;
    });
    await act(async () => reads.answer(0, 'older'));
    expect(result.current.value).toBe('newer');
  });

  it('keeps what is shown while refreshing, and shows the initial value again on reload', async () => {
    const reads = pendingReads();
    const { result } = renderHook(() => useLoaded(reads.load, 'loading'));
    await act(async () => reads.answer(0, 'first'));
    act(() => void result.current.refresh());
    expect(result.current.value).toBe('first');
    await act(async () => reads.answer(1, 'second'));
    expect(result.current.value).toBe('second');
    act(() => void result.current.reload());
    expect(result.current.value).toBe('loading');
    await act(async () => reads.answer(2, 'third'));
    expect(result.current.value).toBe('third');
  });

  it('drops an answer that arrives after the screen closed', async () => {
    const reads = pendingReads();
    const { result, unmount } = renderHook(() => useLoaded(reads.load, 'loading'));
    unmount();
    await act(async () => reads.answer(0, 'too late'));
    expect(result.current.value).toBe('loading');
  });
});
