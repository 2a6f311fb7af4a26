/** The line a casework screen shows after it did something: what was done, or why it was not. */
export type Outcome = { readonly kind: 'done' | 'error'; readonly text: string } | null;

export function OutcomeNotice({ outcome }: { readonly outcome: Outcome }) {
  if (outcome === null) return null;
  return (
    <p
      className={`notice ${outcome.kind === 'error' ? 'notice--error' : ''}`}
      role={outcome.kind === 'error' ? 'alert' : 'status'}
    >
      {outcome.text}
    </p>
  );
}
