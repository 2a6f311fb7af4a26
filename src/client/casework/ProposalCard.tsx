/**
 * One proposal of the school's ladder for a pupil, with Accept (adds the action to the case) and
 * Decline (records that a person decided against it, so it is not proposed again).
 */
import type { ReactNode } from 'react';
import { CASE_ACTION_LABELS } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { Proposal } from '../../shared/api/caseworkSchemas';
import { formatLongDate } from '../ui/format';
import { caseworkCall, caseworkFailureMessage, type CaseworkEnv } from './caseworkRequest';
import type { CasePupilRef } from './casePupil';
import type { Outcome } from './OutcomeNotice';

/** Accepts or declines `proposal` for `pupil`; the outcome in words. */
export async function decideProposal(
  env: CaseworkEnv,
  pupil: CasePupilRef,
  proposal: Proposal,
  accept: boolean,
): Promise<NonNullable<Outcome>> {
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
  if (!answer.ok) return { kind: 'error', text: caseworkFailureMessage(answer.error) };
  return {
    kind: 'done',
    text: accept
      ? `${proposal.stageName} added to ${pupil.displayName}’s case, due ${formatLongDate(proposal.dueOn)}.`
      : `${proposal.stageName} declined for ${pupil.displayName}. It will not be proposed again.`,
  };
}

export interface ProposalCardProps {
  readonly pupil: CasePupilRef;
  readonly proposal: Proposal;
  /** Whether to name the pupil (on the day's list) or not (in the pupil's own case). */
  readonly showPupil: boolean;
  readonly busy: boolean;
  readonly onDecide: (accept: boolean) => void;
  /** More buttons (Open case). */
  readonly children?: ReactNode;
}

export function ProposalCard({
  pupil,
  proposal,
  showPupil,
  busy,
  onDecide,
  children,
}: ProposalCardProps) {
  const whom = showPupil ? ` for ${pupil.displayName}` : '';
  return (
    <li className="casework-card">
      <p className="casework-card__head">
        {showPupil && <strong>{pupil.displayName}: </strong>}
        {proposal.stageName} ({CASE_ACTION_LABELS[proposal.kind]}), due{' '}
        {formatLongDate(proposal.dueOn)}
      </p>
      <p className="casework-card__meta">{proposal.reason}</p>
      <div className="casework-card__buttons">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          aria-label={`Accept ${proposal.stageName}${whom}`}
          onClick={() => onDecide(true)}
        >
          Accept
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          aria-label={`Decline ${proposal.stageName}${whom}`}
          onClick={() => onDecide(false)}
        >
          Decline
        </button>
        {children}
      </div>
    </li>
  );
}
