/**
 * A pupil's case: choose the pupil (type-ahead over the roster on this device), see attendance this
 * year, the parents letters go to, what the ladder proposes, the timeline of actions newest first,
 * add an action, and the pupil's penalty notices.
 */
import { useCallback, useState } from 'react';
import { CASE_ACTION_LABELS } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { Proposal, PupilCaseResponse } from '../../shared/api/caseworkSchemas';
import { formatLongDate } from '../ui/format';
import { NameCombobox, type ComboItem } from '../ui/NameCombobox';
import { useLoaded } from '../ui/useLoaded';
import { ActionCard } from './ActionCard';
import { AddActionForm } from './AddActionForm';
import {
  caseworkCall,
  caseworkFailureMessage,
  readOf,
  type CaseworkEnv,
  type Read,
} from './caseworkRequest';
import type { CasePupilRef } from './casePupil';
import { PenaltyNoticesPanel } from './PenaltyNoticesPanel';

export interface CaseScreenProps {
  readonly env: CaseworkEnv;
  readonly today: string;
  readonly pupils: readonly ComboItem[];
  readonly pupil: CasePupilRef | null;
  readonly onPupilChange: (pupil: CasePupilRef) => void;
}

export function CaseScreen({ env, today, pupils, pupil, onPupilChange }: CaseScreenProps) {
  const items =
    pupil !== null && !pupils.some((p) => p.id === pupil.id)
      ? [{ id: pupil.id, label: pupil.displayName, names: [pupil.displayName] }, ...pupils]
      : pupils;
  return (
    <div className="casework-case">
      <div className="casework-form">
        <NameCombobox
          label="Pupil"
          noun="pupil"
          items={items}
          value={pupil?.id ?? null}
          onChange={(id) => {
            const found = items.find((p) => p.id === id);
            onPupilChange({ id, displayName: found?.names[0] ?? found?.label ?? '' });
          }}
        />
      </div>
      {pupil === null ? (
        <p>Choose a pupil to open their case, or open one from the day’s list.</p>
      ) : (
        <PupilCase key={pupil.id} env={env} today={today} pupil={pupil} />
      )}
    </div>
  );
}

function PupilCase({
  env,
  today,
  pupil,
}: {
  readonly env: CaseworkEnv;
  readonly today: string;
  readonly pupil: CasePupilRef;
}) {
  const load = useCallback(
    () => readOf(env, endpoints.pupilCase, { params: { pupilId: pupil.id } }),
    [env, pupil.id],
  );
  const { value: read, refresh } = useLoaded<Read<PupilCaseResponse>>(load, { kind: 'loading' });
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const changed = (text: string) => {
    setOutcome({ kind: 'done', text });
    void refresh();
  };

  async function decide(proposal: Proposal, accept: boolean) {
    setBusy(true);
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
    setBusy(false);
    if (!answer.ok) {
      setOutcome({ kind: 'error', text: caseworkFailureMessage(answer.error) });
      return;
    }
    changed(
      accept ? `${proposal.stageName} added to the case.` : `${proposal.stageName} declined.`,
    );
  }

  if (read.kind === 'loading') return <p role="status">Loading {pupil.displayName}’s case…</p>;
  if (read.kind === 'failed')
    return (
      <p className="notice notice--error" role="alert">
        {read.message}
      </p>
    );
  const view = read.value;
  const timeline = [...view.actions].reverse();
  const { attended, possible } = view.attendance;
  return (
    <>
      <h3>{view.pupil.displayName}</h3>
      <p>
        Attendance this school year:{' '}
        {possible === 0
          ? 'no sessions yet'
          : `${((100 * attended) / possible).toFixed(1)} % (${attended} of ${possible} sessions)`}
        .{' '}
        {view.case === null
          ? 'No case is open.'
          : `Case opened ${formatLongDate(view.case.openedOn)}${
              view.case.closedOn === null ? '' : `, closed ${formatLongDate(view.case.closedOn)}`
            }.`}
      </p>
      <p>
        Letters go to:{' '}
        {view.parents.length === 0
          ? 'no contact with parental responsibility is held, so letters are addressed to the parent or carer.'
          : view.parents
              .map(
                (p) =>
                  `${p.name} (${p.relationship}${
                    !p.mayContact ? ', must not be contacted' : p.email === null ? ', no email' : ''
                  })`,
              )
              .join('; ')}
      </p>
      {outcome !== null && (
        <p
          className={`notice ${outcome.kind === 'error' ? 'notice--error' : ''}`}
          role={outcome.kind === 'error' ? 'alert' : 'status'}
        >
          {outcome.text}
        </p>
      )}
      {view.proposals.length > 0 && (
        <section aria-labelledby="casework-case-proposals">
          <h3 id="casework-case-proposals">Proposed by the ladder</h3>
          <ul className="casework-list">
            {view.proposals.map((p) => (
              <li key={p.stageId} className="casework-card">
                <p className="casework-card__head">
                  <strong>{p.stageName}</strong> ({CASE_ACTION_LABELS[p.kind]}), due{' '}
                  {formatLongDate(p.dueOn)}
                </p>
                <p className="casework-card__meta">{p.reason}</p>
                <div className="casework-card__buttons">
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={busy}
                    onClick={() => void decide(p, true)}
                    aria-label={`Accept ${p.stageName}`}
                  >
                    Accept
                  </button>
                  <button
                    type="button"
                    className="button"
                    disabled={busy}
                    onClick={() => void decide(p, false)}
                    aria-label={`Decline ${p.stageName}`}
                  >
                    Decline
                  </button>
                </div>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="casework-case-timeline">
        <h3 id="casework-case-timeline">Timeline ({timeline.length})</h3>
        {timeline.length === 0 ? (
          <p>Nothing has been recorded for {view.pupil.displayName} yet.</p>
        ) : (
          <ol className="casework-list" aria-label="Actions, newest first">
            {timeline.map((action) => (
              <ActionCard
                key={action.id}
                env={env}
                action={action}
                today={today}
                suggestedLetter={
                  action.kind === 'letter' && action.stageId !== null ? action.stageId : null
                }
                onChanged={changed}
              />
            ))}
          </ol>
        )}
      </section>
      <AddActionForm env={env} pupil={view.pupil} today={today} onAdded={changed} />
      <PenaltyNoticesPanel env={env} today={today} pupil={view.pupil} parents={view.parents} />
    </>
  );
}
