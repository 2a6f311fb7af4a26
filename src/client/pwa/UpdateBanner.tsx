/** What the update prompt says; the service-worker wiring is in ReloadPrompt.tsx. */

export interface UpdateBannerProps {
  /** A new version is installed and waiting for the person's say-so. */
  readonly needRefresh: boolean;
  readonly pendingCount: number;
  readonly onUpdate: () => void;
  readonly onLater: () => void;
}

/** Always rendered, so its live region exists before the prompt appears in it. */
export function UpdateBanner(props: UpdateBannerProps) {
  const { needRefresh, pendingCount } = props;
  return (
    <div aria-live="polite">
      {needRefresh && (
        <section className="toast" aria-labelledby="update-heading">
          <h2 id="update-heading" className="toast__title">
            A new version of Tickmark is ready
          </h2>
          {pendingCount > 0 && (
            <p>
              {pendingCount} mark{pendingCount === 1 ? ' is' : 's are'} waiting to sync.{' '}
              {pendingCount === 1 ? 'It is' : 'They are'} saved on this tablet and will still be
              sent after the update.
            </p>
          )}
          <div className="toast__actions">
            <button type="button" className="button button--primary" onClick={props.onUpdate}>
              Update now
            </button>
            <button type="button" className="button" onClick={props.onLater}>
              Later
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
