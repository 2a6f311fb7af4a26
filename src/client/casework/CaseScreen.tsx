/**
 * A pupil's case: choose the pupil (type-ahead over the roster on this device), see attendance this
 * year, the parents letters go to, what the ladder proposes, the timeline of actions newest first,
 * add an action, and the pupil's penalty notices.
 */
import { useCallback, useState } from 'react';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { Proposal, PupilCaseResponse } from '../../shared/api/caseworkSchemas';
import { formatLongDate } from '../ui/format';
import { NameCombobox, type ComboItem } from '../ui/NameCombobox';
import { useLoaded } from '../ui/useLoaded';
import { ActionCard } from './ActionCard';
import { AddActionForm } from './AddActionForm';
import { readOf, type CaseworkEnv, type Read } from './caseworkRequest';
import { OutcomeNotice, type Outcome } from './OutcomeNotice';
import { decideProposal, ProposalCard } from './ProposalCard';
import type { CasePupilRef } from './casePupil';
import { PenaltyNoticesPanel } from './PenaltyNoticesPanel';
import { ActionImpactPanel } from './impact/ActionImpactPanel';

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
  const [outcome, setOutcome] = useState<Outcome>(null);
  const [busy, setBusy] = useState(false);

  const changed = (text: string) => {
    setOutcome({ kind: 'done', text });
    void refresh();
  };

  async function decide(proposal: Proposal, accept: boolean) {
    setBusy(true);
    setOutcome(null);
    const result = await decideProposal(env, pupil, proposal, accept);
    setBusy(false);
    if (result.kind === 'done') changed(result.text);
    else setOutcome(result);
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
      <OutcomeNotice outcome={outcome} />
      {view.proposals.length > 0 && (
        <section aria-labelledby="casework-case-proposals">
          <h3 id="casework-case-proposals">Proposed by the ladder</h3>
          <ul className="casework-list">
            {view.proposals.map((p) => (
              <ProposalCard
                key={p.stageId}
                pupil={view.pupil}
                proposal={p}
                showPupil={false}
                busy={busy}
                onDecide={(accept) => void decide(p, accept)}
              />
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
      <ActionImpactPanel
        env={env}
        pupilId={view.pupil.id}
        pupilName={view.pupil.displayName}
        refreshKey={view.actions
          .filter((a) => a.status === 'done')
          .map((a) => a.id)
          .join()}
      />
      <AddActionForm env={env} pupil={view.pupil} today={today} onAdded={changed} />
      <PenaltyNoticesPanel env={env} today={today} pupil={view.pupil} parents={view.parents} />
    </>
  );
}
