/**
 * Replies from the family: answers to the school's first-day emails, filed in the pupil's record
 * by the server as they arrive (docs/parents.md, "Replies"). Read online each time, like the
 * contacts, and never kept on the device.
 */
import { useCallback } from 'react';
import { longDate, localDate } from '../../domain/index';
import { listPupilReplies } from '../../shared/api/endpoints/familyEndpoints';
import type { MessageReply } from '../../shared/api/familySchemas';
import { call, type FetchLike } from '../api/call';
import { formatInstant } from '../ui/format';
import { useLoaded } from '../ui/useLoaded';
import './parents.css';

type State =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly replies: readonly MessageReply[] }
  | { readonly kind: 'failed'; readonly message: string };

export function FamilyReplies(props: {
  readonly pupilId: string;
  readonly staffId: string;
  readonly fetch?: FetchLike | undefined;
}) {
  const { pupilId, staffId, fetch } = props;
  const load = useCallback(async (): Promise<State> => {
    const answer = await call(
      listPupilReplies,
      { query: { pupilId } },
      { staffId, ...(fetch === undefined ? {} : { fetch }) },
    );
    return answer.ok
      ? { kind: 'ready', replies: answer.value.replies }
      : { kind: 'failed', message: answer.error.message };
  }, [pupilId, staffId, fetch]);
  // Read online each time the pupil changes; an answer for an earlier pupil is dropped.
  const { value: state } = useLoaded<State>(load, { kind: 'loading' });

  return (
    <section className="family-replies" aria-label="Replies from the family">
      <h3>Replies from the family</h3>
      {state.kind === 'loading' && <p role="status">Reading replies…</p>}
      {state.kind === 'failed' && <p className="form-error">{state.message}</p>}
      {state.kind === 'ready' && state.replies.length === 0 && (
        <p className="notice">No replies to first-day emails.</p>
      )}
      {state.kind === 'ready' && state.replies.length > 0 && (
        <ol className="family-replies__list">
          {state.replies.map((r) => (
            <li key={r.id}>
              <p>
                <strong>{r.from}</strong>, {formatInstant(r.at)}, answering the first-day email
                about the {r.session.part === 'AM' ? 'morning' : 'afternoon'} of{' '}
                {longDate(localDate(r.session.date))}
                {r.fromContact ? '' : ' (not the address it was sent to)'}
              </p>
              <p className="hint">{r.subject}</p>
              <p className="family-replies__text">{r.text}</p>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
