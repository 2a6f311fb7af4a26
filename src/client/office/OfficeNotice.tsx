/**
 * The line that says what an office screen just saved, with the undo toast over it for a few
 * seconds when the save can be undone (ui/UndoToast.tsx). Undo replaces the line with what the
 * undo did.
 */
import { useCallback, useState } from 'react';
import type { Timers } from '../clock';
import { UndoToast, useUndoToast, type ToastOffer } from '../ui/UndoToast';

export interface OfficeNoticeState {
  readonly notice: string | null;
  readonly toast: ToastOffer | null;
  /** Shows `message`; with `undo`, offers it (undo answers the line to show afterwards). */
  readonly show: (message: string | null, undo?: () => Promise<string>) => void;
}

export function useOfficeNotice(timers: Timers): OfficeNoticeState {
  const [notice, setNotice] = useState<string | null>(null);
  const { current, offer, dismiss } = useUndoToast(timers);
  const show = useCallback(
    (message: string | null, undo?: () => Promise<string>) => {
      setNotice(message);
      if (message === null || undo === undefined) {
        dismiss();
        return;
      }
      offer({
        text: message,
        actionLabel: 'Undo',
        action: () => {
          dismiss();
          void undo().then(setNotice);
        },
      });
    },
    [offer, dismiss],
  );
  return { notice, toast: current, show };
}

export function OfficeNotice({ state }: { readonly state: OfficeNoticeState }) {
  if (state.notice === null) return null;
  return (
    <div className="undo-toast-host">
      <p className="notice office-done" role="status">
        {state.notice}
      </p>
      <UndoToast offer={state.toast} />
    </div>
  );
}
