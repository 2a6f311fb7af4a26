/**
 * Did it work? In a pupil's case: attendance in the school weeks before each action done against
 * the same number of school weeks after it, every rate beside its possible sessions. A component
 * the case view places: give it the pupil; it reads `casework.pupilImpact` itself.
 */
import { useCallback, useId, useState } from 'react';
import { CASE_ACTION_LABELS, DEFAULT_IMPACT_WEEKS } from '../../../domain/index';
import type { PupilImpactResponse } from '../../../shared/api/caseworkImpactSchemas';
import { pupilImpact } from '../../../shared/api/endpoints/caseworkImpactEndpoints';
import { formatLongDate } from '../../ui/format';
import { useLoaded } from '../../ui/useLoaded';
import { readOf, type CaseworkEnv, type Read } from '../caseworkRequest';
import { changeText, windowDates, windowRate } from './impactText';
import { WeeksSelect } from './PeriodControls';
import './impact.css';

export interface ActionImpactPanelProps {
  readonly env: CaseworkEnv;
  readonly pupilId: string;
  readonly pupilName: string;
  /** Changes when an action is recorded done, so the figures are read again. */
  readonly refreshKey?: string;
}

export function ActionImpactPanel(props: ActionImpactPanelProps) {
  const { env, pupilId, pupilName } = props;
  const id = useId();
  const [weeks, setWeeks] = useState<number>(DEFAULT_IMPACT_WEEKS);
  const load = useCallback(
    () => readOf(env, pupilImpact, { params: { pupilId }, query: { weeks } }),
    [env, pupilId, weeks],
  );
  const { value: read } = useLoaded<Read<PupilImpactResponse>>(
    load,
    { kind: 'loading' },
    props.refreshKey,
  );

  return (
    <section className="impact" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Did it work?</h3>
      <WeeksSelect
        label="School weeks before and after each action"
        value={weeks}
        onChange={setWeeks}
      />
      {read.kind === 'loading' && <p role="status">Working out attendance before and after…</p>}
      {read.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {read.message}
        </p>
      )}
      {read.kind === 'ready' && read.value.actions.length === 0 && (
        <p className="hint">
          No action in {pupilName}’s case has been recorded as done yet. Once one is, its attendance
          before and after shows here.
        </p>
      )}
      {read.kind === 'ready' && read.value.actions.length > 0 && (
        <table className="impact__table">
          <caption>
            {pupilName}’s attendance in the {read.value.weeks} school weeks before and after each
            action (the week it was done is in neither)
          </caption>
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Done</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {read.value.actions.map((a) => (
              <tr key={a.actionId}>
                <th scope="row">
                  {a.title}
                  {a.title !== CASE_ACTION_LABELS[a.kind] && (
                    <span className="impact__kind"> ({CASE_ACTION_LABELS[a.kind]})</span>
                  )}
                </th>
                <td>{formatLongDate(a.doneOn)}</td>
                <td>
                  {windowRate(a.before)}
                  <span className="impact__dates">{windowDates(a.before)}</span>
                </td>
                <td>
                  {windowRate(a.after)}
                  <span className="impact__dates">{windowDates(a.after)}</span>
                </td>
                <td className={`impact__change impact__change--${a.change}`}>
                  {changeText(a, read.value.weeks)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
