/**
 * The attendance lead's list for the day: actions overdue, due today, reviews due, and what the
 * school's ladder proposes. A proposal is only a suggestion: Accept adds the action to the pupil's
 * case, Decline records that a person decided against it (so it is not proposed again).
 */
import { useCallback, useState } from 'react';
import { CASE_ACTION_LABELS } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { DueResponse, Proposal } from '../../shared/api/caseworkSchemas';
import { formatLongDate } from '../ui/format';
import { useLoaded } from '../ui/useLoaded';
import {
  caseworkCall,
  caseworkFailureMessage,
  readOf,
  type CaseworkEnv,
  type Read,
} from './caseworkRequest';
import type { CasePupilRef } from './casePupil';

export interface DueScreenProps {
  readonly env: CaseworkEnv;
  readonly onOpenPupil: (pupil: CasePupilRef) => void;
}

const WHY_TEXT = { overdue: 'Overdue', due: 'Due today', review: 'Review due' } as const;

export function DueScreen({ env, onOpenPupil }: DueScreenProps) {
  const load = useCallback(() => readOf(env, endpoints.due, { query: {} }), [env]);
  const { value: read, refresh } = useLoaded<Read<DueResponse>>(load, { kind: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);

  async function decide(pupil: CasePupilRef, proposal: Proposal, accept: boolean) {
    const key = `${pupil.id}:${proposal.stageId}`;
    setBusy(key);
    setOutcome(null);
    const answer = await caseworkCall(env, endpoints.addAction, {
      params: { pupilId: pupil.id },
      body: {
        kind: proposal.kind,
        title: proposal.stageName,
        stageId: proposal.stageId,
        status: accept ? 'planned' : 'declined',
        dueOn: proposal.dueOn,
      },
    });
    setBusy(null);
    if (!answer.ok) {
      setOutcome({ kind: 'error', text: caseworkFailureMessage(answer.error) });
      return;
    }
    setOutcome({
      kind: 'done',
      text: accept
        ? `${proposal.stageName} added to ${pupil.displayName}’s case, due ${formatLongDate(proposal.dueOn)}.`
        : `${proposal.stageName} declined for ${pupil.displayName}. It will not be proposed again.`,
    });
    await refresh();
  }

  if (read.kind === 'loading') return <p role="status">Loading the day’s casework…</p>;
  if (read.kind === 'failed')
    return (
      <p className="notice notice--error" role="alert">
        {read.message}
      </p>
    );
  const { actions, proposals, on } = read.value;
  return (
    <div className="casework-due">
      <p>{formatLongDate(on)}</p>
      {outcome !== null && (
        <p
          className={`notice ${outcome.kind === 'error' ? 'notice--error' : ''}`}
          role={outcome.kind === 'error' ? 'alert' : 'status'}
        >
          {outcome.text}
        </p>
      )}
      <section aria-labelledby="casework-due-actions">
        <h3 id="casework-due-actions">Actions due ({actions.length})</h3>
        {actions.length === 0 ? (
          <p>No actions are due or overdue, and no reviews are due.</p>
        ) : (
          <ul className="casework-list">
            {actions.map(({ pupil, action, why }) => (
              <li key={`${action.id}:${why}`} className="casework-card">
                <p className="casework-card__head">
                  <span className={`pill casework-why casework-why--${why}`}>{WHY_TEXT[why]}</span>{' '}
                  <strong>{pupil.displayName}</strong>: {action.title} (
                  {CASE_ACTION_LABELS[action.kind]})
                </p>
                <p className="casework-card__meta">
                  Due {formatLongDate(action.dueOn)}
                  {action.reviewOn !== null && ` · review ${formatLongDate(action.reviewOn)}`}
                  {action.owner !== null && ` · ${action.owner.name}`}
                </p>
                <button
                  type="button"
                  className="button"
                  onClick={() => onOpenPupil(pupil)}
                  aria-label={`Open ${pupil.displayName}’s case`}
                >
                  Open case
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="casework-due-proposals">
        <h3 id="casework-due-proposals">Proposed by the ladder ({proposals.length})</h3>
        {proposals.length === 0 ? (
          <p>The ladder proposes nothing today.</p>
        ) : (
          <ul className="casework-list">
            {proposals.map(({ pupil, proposal }) => {
              const key = `${pupil.id}:${proposal.stageId}`;
              return (
                <li key={key} className="casework-card">
                  <p className="casework-card__head">
                    <strong>{pupil.displayName}</strong>: {proposal.stageName} (
                    {CASE_ACTION_LABELS[proposal.kind]})
                  </p>
                  <p className="casework-card__meta">{proposal.reason}</p>
                  <div className="casework-card__buttons">
                    <button
                      type="button"
                      className="button button--primary"
                      disabled={busy !== null}
                      aria-label={`Accept ${proposal.stageName} for ${pupil.displayName}`}
                      onClick={() => void decide(pupil, proposal, true)}
                    >
                      Accept
                    </button>
                    <button
                      type="button"
                      className="button"
                      disabled={busy !== null}
                      aria-label={`Decline ${proposal.stageName} for ${pupil.displayName}`}
                      onClick={() => void decide(pupil, proposal, false)}
                    >
                      Decline
                    </button>
                    <button
                      type="button"
                      className="button"
                      onClick={() => onOpenPupil(pupil)}
                      aria-label={`Open ${pupil.displayName}’s case`}
                    >
                      Open case
                    </button>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
