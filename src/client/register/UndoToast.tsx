/**
 * The toast after a mark: what was just recorded, and for a few seconds one action on it ("Undo"
 * puts the earlier mark back as a new event, so the register's history keeps both; "Change"
 * opens the choices for a pupil who had no mark before). It lies over the register's heading, never
 * over a pupil, so every tile can still be tapped while it shows. It is a live region, so a
 * screen reader hears it; its button is in the Tab order before the tiles.
 */
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
