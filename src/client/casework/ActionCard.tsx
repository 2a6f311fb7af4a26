/**
 * One action on a pupil's case: what, who owns it, when it is due and reviewed, its notes and
 * letters, and its status. A planned action can be recorded done (today) or cancelled; its letters
 * open below it.
 */
import { useState } from 'react';
import { CASE_ACTION_LABELS } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { CaseAction } from '../../shared/api/caseworkSchemas';
import { formatInstant, formatLongDate } from '../ui/format';
import { caseworkCall, caseworkFailureMessage, type CaseworkEnv } from './caseworkRequest';
import { LetterPanel } from './LetterPanel';

export interface ActionCardProps {
  readonly env: CaseworkEnv;
  readonly action: CaseAction;
  readonly today: string;
  /** The letter template its ladder stage names, if any. */
  readonly suggestedLetter: string | null;
  readonly onChanged: (message: string) => void;
}

const STATUS_TEXT = {
  planned: 'Planned',
  done: 'Done',
  declined: 'Declined',
  cancelled: 'Cancelled',
} as const;

function percent(a: { attended: number; possible: number }): string {
  return a.possible === 0 ? 'n/a' : `${((100 * a.attended) / a.possible).toFixed(1)} %`;
}

export function ActionCard({ env, action, today, suggestedLetter, onChanged }: ActionCardProps) {
  const [lettersOpen, setLettersOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function record(status: 'done' | 'cancelled') {
    setBusy(true);
    setProblem(null);
    const answer = await caseworkCall(env, endpoints.updateAction, {
      params: { actionId: action.id },
      body: status === 'done' ? { status, doneOn: today } : { status },
    });
    setBusy(false);
    if (!answer.ok) {
      setProblem(caseworkFailureMessage(answer.error));
      return;
    }
    onChanged(
      `${action.title} recorded ${status === 'done' ? `done on ${formatLongDate(today)}` : 'cancelled'}.`,
    );
  }

  return (
    <li className={`casework-card casework-card--${action.status}`}>
      <p className="casework-card__head">
        <span className="pill">{STATUS_TEXT[action.status]}</span> <strong>{action.title}</strong> (
        {CASE_ACTION_LABELS[action.kind]})
      </p>
      <p className="casework-card__meta">
        Due {formatLongDate(action.dueOn)}
        {action.reviewOn !== null && ` · review ${formatLongDate(action.reviewOn)}`}
        {action.doneOn !== null && ` · done ${formatLongDate(action.doneOn)}`}
        {action.attendanceThen !== null && ` (attendance then ${percent(action.attendanceThen)})`}
        {` · owner ${action.owner?.name ?? 'nobody yet'}`}
      </p>
      {action.notes !== '' && <p className="casework-card__notes">{action.notes}</p>}
      <p className="casework-card__meta">
        Added by {action.createdBy.name}, {formatInstant(action.createdAt)}
        {action.letters.length > 0 &&
          ` · ${action.letters.length} letter${action.letters.length === 1 ? '' : 's'}`}
      </p>
      <div className="casework-card__buttons">
        {action.status === 'planned' && (
          <>
            <button
              type="button"
              className="button button--primary"
              disabled={busy}
              onClick={() => void record('done')}
              aria-label={`Record ${action.title} done today`}
            >
              Record done
            </button>
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void record('cancelled')}
              aria-label={`Cancel ${action.title}`}
            >
              Cancel action
            </button>
          </>
        )}
        {action.status !== 'declined' && (
          <button
            type="button"
            className="button"
            aria-expanded={lettersOpen}
            onClick={() => setLettersOpen((open) => !open)}
            aria-label={`Letters for ${action.title}`}
          >
            {lettersOpen ? 'Hide letters' : 'Letters'}
          </button>
        )}
      </div>
      {problem !== null && (
        <p className="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {lettersOpen && (
        <LetterPanel env={env} action={action} suggested={suggestedLetter} onChanged={onChanged} />
      )}
    </li>
  );
}
