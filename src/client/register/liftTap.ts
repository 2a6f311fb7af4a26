/**
 * A finger's tap on a tile acts as the finger lifts (`pointerup`), not on the click the browser
 * makes of the tap afterwards: a touch screen turns a tap into a click only once the touch has
 * been handled and the compatibility mouse events have run, which on a slow tablet is as long
 * again as the mark itself.
 *
 * A touch or pen press is a tap, acted on as it lifts, when it is the primary pointer, lifted
 * within {@link TAP_MAX_MS} (shorter than any browser's long press), no more than
 * {@link TAP_SLOP_PX} from where it began, and not cancelled: the browser cancels a pointer when
 * the finger starts to scroll, so a scroll or a drag that ends on a tile marks nothing. A press
 * in any doubt, a mouse and a keyboard are left to the click, as before.
 *
 * The browser is told not to make a click of a tap acted on as it lifted (its `touchend` is
 * cancelled): the click would come only after the browser's compatibility mouse events, its focus
 * change and a layout for their hit tests, and on a slow tablet those held up the write's commit
 * event and the frame that paints the mark. Should a click come all the same, it is swallowed
 * ({@link TapGate}), so a tap never acts twice: a second action would open the choices on the
 * mark just made.
 */
import { useRef, type PointerEvent } from 'react';

/** How far a finger may move and still tap (CSS px); browsers allow about 15. */
export const TAP_SLOP_PX = 10;
/** How long a finger may rest and still tap on lifting (ms); a long press is 500 or more. */
export const TAP_MAX_MS = 400;

/**
 * The board's memory of a tap acted on as it lifted, until its click arrives. Kept by the board
 * (not the tile) so the click is swallowed wherever it lands, should the page move under it.
 */
export class TapGate {
  private isHandled = false;

  /** A new press anywhere on the board: the last tap's click has come, or never will. */
  pressed(): void {
    this.isHandled = false;
  }

  /** The tap now lifting was acted on: swallow its click. */
  handled(): void {
    this.isHandled = true;
  }

  /** Whether the touch now ending was a tap acted on: the browser should make no click of it. */
  cancelsTouchEnd(): boolean {
    return this.isHandled;
  }

  /**
   * Whether `click` is the click of a tap already acted on (then it is used up). A keyboard's
   * click (`detail` 0: Enter or Space on a focused tile) is never one.
   */
  swallows(click: { readonly detail: number }): boolean {
    if (!this.isHandled || click.detail === 0) return false;
    this.isHandled = false;
    return true;
  }
}

interface Press {
  readonly pointerId: number;
  readonly x: number;
  readonly y: number;
  readonly at: number;
}

export interface LiftTapHandlers {
  onPointerDown(event: PointerEvent<HTMLButtonElement>): void;
  onPointerMove(event: PointerEvent<HTMLButtonElement>): void;
  onPointerUp(event: PointerEvent<HTMLButtonElement>): void;
  /** The press is not a tap (cancelled by the browser, or a long press took it). */
  cancel(): void;
}

const isFinger = (event: PointerEvent) =>
  event.pointerType === 'touch' || event.pointerType === 'pen';

const movedTooFar = (press: Press, event: PointerEvent) =>
  Math.hypot(event.clientX - press.x, event.clientY - press.y) > TAP_SLOP_PX;

/** A tile's presses; `onLift(tile)` runs for each tap as it lifts (on an enabled tile only). */
export function useLiftTap(onLift: (tile: HTMLButtonElement) => void): LiftTapHandlers {
  const press = useRef<Press | null>(null);
  return {
    onPointerDown: (event) => {
      press.current =
        isFinger(event) && event.isPrimary && event.button === 0
          ? { pointerId: event.pointerId, x: event.clientX, y: event.clientY, at: event.timeStamp }
          : null;
    },
    onPointerMove: (event) => {
      const current = press.current;
      if (current?.pointerId === event.pointerId && movedTooFar(current, event)) {
        press.current = null;
      }
    },
    onPointerUp: (event) => {
      const current = press.current;
      press.current = null;
      if (current === null || current.pointerId !== event.pointerId) return;
      if (movedTooFar(current, event) || event.timeStamp - current.at > TAP_MAX_MS) return;
      // A disabled button still gets pointer events, though never a click.
      if (event.currentTarget.disabled) return;
      onLift(event.currentTarget);
    },
    cancel: () => {
      press.current = null;
    },
  };
}
