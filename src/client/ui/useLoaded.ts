/**
 * What a screen shows from the office server: read with `load` when the screen opens, again
 * when `load` or `refreshKey` changes, and on `reload()` / `refresh()`. Only the newest read
 * lands: an answer that arrives after the screen closed, or after a newer read began, is dropped
 * (a slow list must not overwrite a fresher one).
 */
import {
  useCallback,
  useEffect,
  useRef,
  useState,
  type Dispatch,
  type SetStateAction,
} from 'react';

export interface Loaded<T> {
  /** The newest answer, or `initial` until the first arrives. */
  readonly value: T;
  /** Replaces what is shown (after a change the screen made itself). */
  readonly setValue: Dispatch<SetStateAction<T>>;
  /** Shows `initial` (such as "Loading…") again and reads afresh. */
  readonly reload: () => Promise<void>;
  /** Reads afresh, keeping what is shown until the answer comes. */
  readonly refresh: () => Promise<void>;
}

export function useLoaded<T>(load: () => Promise<T>, initial: T, refreshKey?: unknown): Loaded<T> {
  const [value, setValue] = useState<T>(initial);
  const initialValue = useRef(initial);
  const newest = useRef(0);

  const read = useCallback(
    async (showInitial: boolean) => {
      newest.current += 1;
      const mine = newest.current;
      if (showInitial) setValue(initialValue.current);
      const next = await load();
      if (newest.current === mine) setValue(next);
    },
    [load],
  );

  useEffect(() => {
    void read(false);
    // Whatever is still on its way when the screen closes (or reads again) is dropped.
    return () => {
      newest.current += 1;
    };
  }, [read, refreshKey]);

  return {
    value,
    setValue,
    reload: useCallback(() => read(true), [read]),
    refresh: useCallback(() => read(false), [read]),
  };
}
