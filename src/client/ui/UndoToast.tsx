/**
 * The toast after a change: what was just recorded, and for a few seconds one action on it,
 * "Undo" (src/client/marks/undoMark.ts records the undo as a new event). Used by the register and
 * the office screens. It lies over its host (an element with `position: relative`, such as a
 * screen's heading), never over a pupil, so every tile or card can still be used while it shows.
 * It is a live region, so a screen reader hears it; its button is in the Tab order where it sits.
 *
 * ```tsx
 * const toast = useUndoToast(timers);
 * // after a save:
 * toast.offer({ text: 'Ava Jones: L recorded.', actionLabel: 'Undo', action: () => …undo… });
 * // in the host:
 * <div className="undo-toast-host"> … <UndoToast offer={toast.current} /></div>
 * ```
 */
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { Timers } from '../clock';

/** How long a toast offers its action. */
export const UNDO_MS = 10_000;

export interface ToastOffer {
  /** Changes with every new offer, so a new toast replaces the old one and restarts its time. */
  readonly id: number;
  readonly text: string;
  readonly actionLabel: string;
  readonly action: () => void;
}

export function UndoToast({ offer }: { readonly offer: ToastOffer | null }) {
  return (
    <div className="undo-toast" role="status">
      {offer !== null && (
        <div className="undo-toast__body">
          <span>{offer.text}</span>
          <button type="button" className="button undo-toast__action" onClick={offer.action}>
            {offer.actionLabel}
          </button>
        </div>
      )}
    </div>
  );
}

export interface UndoToastState {
  /** The offer showing now, or null. */
  readonly current: ToastOffer | null;
  /** Shows a new offer (replacing any other) for {@link UNDO_MS}. */
  readonly offer: (offer: Omit<ToastOffer, 'id'>) => void;
  /** Takes the toast away (its action was used, or the screen moved on). */
  readonly dismiss: () => void;
}

/** The toast's state: one offer at a time, gone after {@link UNDO_MS}. */
export function useUndoToast(timers: Timers): UndoToastState {
  const [current, setCurrent] = useState<ToastOffer | null>(null);
  const count = useRef(0);
  // A layout effect, so the toast's time starts as it is painted: a passive effect may run later
  // (a busy tablet), and a clock moved in between would leave the toast up for good.
  useLayoutEffect(() => {
    if (current === null) return;
    const handle = timers.setTimeout(() => setCurrent(null), UNDO_MS);
    return () => timers.clearTimeout(handle);
  }, [current, timers]);
  const offer = useCallback((next: Omit<ToastOffer, 'id'>) => {
    count.current += 1;
    setCurrent({ ...next, id: count.current });
  }, []);
  const dismiss = useCallback(() => setCurrent(null), []);
  return { current, offer, dismiss };
}
