/**
 * "Who to call next, in order": a pupil's contacts from the office server, priority 1 first.
 * Contacts are office data, so they are read online each time and never kept on the device.
 * A contact who may not be contacted (do not contact, a court order) is shown with the reason
 * and no number to ring.
 */
import { useCallback, useState } from 'react';
import './parents.css';
import { listPupilContacts } from '../../shared/api/endpoints/parentEndpoints';
import type { PupilContact } from '../../shared/api/parentSchemas';
import { call, type FetchLike } from '../api/call';
import { useLoaded } from '../ui/useLoaded';
import { FamilyReplies } from './FamilyReplies';

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly contacts: readonly PupilContact[] }
  | { readonly kind: 'failed'; readonly message: string };

export function ContactsPanel(props: {
  readonly pupilId: string;
  readonly staffId: string;
  readonly fetch?: FetchLike | undefined;
}) {
  const { pupilId, staffId, fetch } = props;
  const load = useCallback(async (): Promise<State> => {
    const answer = await call(
      listPupilContacts,
      { query: { pupilId } },
      { staffId, ...(fetch === undefined ? {} : { fetch }) },
    );
    return answer.ok
      ? { kind: 'ready', contacts: answer.value.contacts }
      : { kind: 'failed', message: answer.error.message };
  }, [pupilId, staffId, fetch]);
  // Read online each time the pupil changes; an answer for an earlier pupil is dropped.
  const { value: state } = useLoaded<State>(load, { kind: 'loading' });

  return (
    <section className="contacts-panel" aria-label="Who to call next">
      <h3>Who to call next</h3>
      {state.kind === 'loading' && <p role="status">Reading contacts…</p>}
      {state.kind === 'failed' && <p className="form-error">{state.message}</p>}
      {state.kind === 'ready' && state.contacts.length === 0 && (
        <p className="notice">
          No contacts are held for this pupil. Import them from the MIS (Administration → Contacts).
        </p>
      )}
      {state.kind === 'ready' && state.contacts.length > 0 && (
        <ol className="contacts-panel__list">
          {state.contacts.map((c) => (
            <li key={c.id}>
              <strong>{c.name}</strong> ({c.relationship}
              {c.parentalResponsibility ? ', parental responsibility' : ''})
              {c.mayContact ? (
                <>
                  {c.phones.map((p) => (
                    <a
                      key={p}
                      className="button contacts-panel__call"
                      href={`tel:${p.replace(/[^+0-9]/g, '')}`}
                    >
                      {p}
                    </a>
                  ))}
                  {c.email !== null && <span className="hint"> {c.email}</span>}
                  {c.language !== 'en-GB' && <span className="hint"> · prefers {c.language}</span>}
                </>
              ) : (
                <span className="notice notice--warning">
                  {' '}
                  Do not contact{c.courtOrder === null ? '' : `: ${c.courtOrder}`}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * The same, with the family's replies to first-day emails, folded away until opened: the pupil
 * record reads contacts only when asked, so a record opened for its history makes no extra request.
 */
export function ContactsDetails(props: Parameters<typeof ContactsPanel>[0]) {
  const [isOpen, setIsOpen] = useState(false);
  return (
    <details className="no-print" onToggle={(event) => setIsOpen(event.currentTarget.open)}>
      <summary>Who to call next, and replies from the family</summary>
      {isOpen && (
        <>
          <ContactsPanel {...props} />
          <FamilyReplies {...props} />
        </>
      )}
    </details>
  );
}
