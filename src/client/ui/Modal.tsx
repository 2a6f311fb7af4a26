/**
 * A modal sheet: labelled by its heading, focus moved into it on open and kept inside while it
 * is open (Tab wraps), Escape closes it, and focus goes back to what opened it.
 */
import { useEffect, useRef, type ReactNode, type KeyboardEvent } from 'react';

export interface ModalProps {
  readonly labelledBy: string;
  readonly onClose: () => void;
  /** Where focus returns on close (the tile that opened it). */
  readonly returnFocusTo?: HTMLElement | null;
  readonly children: ReactNode;
}

const FOCUSABLE =
  'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

export function Modal({ labelledBy, onClose, returnFocusTo, children }: ModalProps) {
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.getElementById(labelledBy)?.focus();
    return () => returnFocusTo?.focus();
  }, [labelledBy, returnFocusTo]);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || panel.current === null) return;
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = items[0];
    const last = items.at(-1);
    if (first === undefined || last === undefined) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="modal" onKeyDown={onKeyDown}>
      <div className="modal__backdrop" onClick={onClose} aria-hidden="true" />
      <div
        ref={panel}
        className="modal__panel"
        role="dialog"
        aria-modal="true"
        aria-labelledby={labelledBy}
      >
        {children}
      </div>
    </div>
  );
}
