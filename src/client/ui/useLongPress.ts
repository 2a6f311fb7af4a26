/**
 * Long-press on a touch screen (and the context-menu key or right click elsewhere) as a second
 * way to open a tile's choices. After a long press the click that follows is swallowed, so the
 * press does not also mark the pupil present.
 */
import { useCallback, useEffect, useRef, type MouseEvent, type PointerEvent } from 'react';

export const LONG_PRESS_MS = 550;

export interface LongPressHandlers {
  onPointerDown(event: PointerEvent): void;
  onPointerUp(): void;
  onPointerLeave(): void;
  onPointerCancel(): void;
  onContextMenu(event: MouseEvent): void;
  /** True once, right after a long press: the click handler should do nothing. */
  consumeLongPress(): boolean;
}

export function useLongPress(onLongPress: () => void, ms = LONG_PRESS_MS): LongPressHandlers {
  const handle = useRef<number | null>(null);
  const fired = useRef(false);
  const callback = useRef(onLongPress);
  useEffect(() => {
    callback.current = onLongPress;
  });
  useEffect(
    () => () => {
      if (handle.current !== null) window.clearTimeout(handle.current);
    },
    [],
  );

  const cancel = useCallback(() => {
    if (handle.current !== null) window.clearTimeout(handle.current);
    handle.current = null;
  }, []);

  return {
    onPointerDown: (event) => {
      if (event.button !== 0) return;
      fired.current = false;
      cancel();
      handle.current = window.setTimeout(() => {
        handle.current = null;
        fired.current = true;
        callback.current();
      }, ms);
    },
    onPointerUp: cancel,
    onPointerLeave: cancel,
    onPointerCancel: cancel,
    onContextMenu: (event) => {
      event.preventDefault();
      cancel();
      if (fired.current) return;
      callback.current();
    },
    consumeLongPress: () => {
      const was = fired.current;
      fired.current = false;
      return was;
    },
  };
}
