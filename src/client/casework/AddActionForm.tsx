/**
 * Adding an action to a pupil's case by hand: what kind, a title, when it is due, an optional
 * review day and notes. The owner is the person adding it (they can hand it on from the case).
 */
import { useId, useState, type FormEvent } from 'react';
import { CASE_ACTION_KINDS, CASE_ACTION_LABELS, type CaseActionKind } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import { DateField } from '../ui/DateField';
import { caseworkCall, caseworkFailureMessage, type CaseworkEnv } from './caseworkRequest';
import type { CasePupilRef } from './casePupil';

export interface AddActionFormProps {
  readonly env: CaseworkEnv;
  readonly pupil: CasePupilRef;
  readonly today: string;
  readonly onAdded: (message: string) => void;
}

export function AddActionForm({ env, pupil, today, onAdded }: AddActionFormProps) {
  const id = useId();
  const [kind, setKind] = useState<CaseActionKind>('call');
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState(today);
  const [reviewOn, setReviewOn] = useState('');
  const [notes, setNotes] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (dueOn === '') {
      setProblem('Enter the day the action is due, as dd/mm/yyyy.');
      return;
    }
    setBusy(true);
    setProblem(null);
    const answer = await caseworkCall(env, endpoints.addAction, {
      params: { pupilId: pupil.id },
      body: {
        kind,
        title: title.trim() === '' ? CASE_ACTION_LABELS[kind] : title.trim(),
        dueOn,
        ownerId: env.staff.staffId,
        ...(reviewOn === '' ? {} : { reviewOn }),
        ...(notes.trim() === '' ? {} : { notes: notes.trim() }),
      },
    });
    setBusy(false);
    if (!answer.ok) {
      setProblem(caseworkFailureMessage(answer.error));
      return;
    }
    setTitle('');
    setNotes('');
    setReviewOn('');
    onAdded(`${answer.value.action.title} added to ${pupil.displayName}’s case.`);
  }

  return (
    <form
      className="casework-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => void submit(e)}
    >
      <h3 id={`${id}-heading`} style={{ gridColumn: '1 / -1', margin: 0 }}>
        Add an action
      </h3>
      <div>
        <label htmlFor={`${id}-kind`} className="field-label">
          Kind of action
        </label>
        <select
          id={`${id}-kind`}
          value={kind}
          onChange={(e) => setKind(e.target.value as CaseActionKind)}
        >
          {CASE_ACTION_KINDS.map((k) => (
            <option key={k} value={k}>
              {CASE_ACTION_LABELS[k]}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor={`${id}-title`} className="field-label">
          Title (optional)
        </label>
        <input
          id={`${id}-title`}
          value={title}
          maxLength={200}
          onChange={(e) => setTitle(e.target.value)}
        />
      </div>
      <div>
        <label htmlFor={`${id}-due`} className="field-label">
          Due on
        </label>
        <DateField id={`${id}-due`} value={dueOn} onChange={setDueOn} />
      </div>
      <div>
        <label htmlFor={`${id}-review`} className="field-label">
          Review on (optional)
        </label>
        <DateField id={`${id}-review`} value={reviewOn} onChange={setReviewOn} />
      </div>
      <div style={{ gridColumn: '1 / -1' }}>
        <label htmlFor={`${id}-notes`} className="field-label">
          Notes (optional)
        </label>
        <textarea
          id={`${id}-notes`}
          rows={3}
          value={notes}
          maxLength={5000}
          onChange={(e) => setNotes(e.target.value)}
        />
      </div>
      {problem !== null && (
        <p className="notice notice--error" role="alert" style={{ gridColumn: '1 / -1' }}>
          {problem}
        </p>
      )}
      <div className="casework-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Adding…' : 'Add action'}
        </button>
      </div>
    </form>
  );
}
