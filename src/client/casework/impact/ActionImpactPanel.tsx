/**
 * Did it work? In a pupil's case: attendance in the school weeks before each action done against
 * the same number of school weeks after it, every rate beside its possible sessions. A component
 * the case view places: give it the pupil; it reads `casework.pupilImpact` itself.
 */
import { useCallback, useId, useState } from 'react';
import { CASE_ACTION_LABELS, DEFAULT_IMPACT_WEEKS } from '../../../domain/index';
import type { PupilImpactResponse } from '../../../shared/api/caseworkImpactSchemas';
import { pupilImpact } from '../../../shared/api/endpoints/caseworkImpactEndpoints';
import { call, type FetchLike } from '../../api/call';
import { formatLongDate } from '../../ui/format';
import { useLoaded } from '../../ui/useLoaded';
import { changeText, windowDates, windowRate } from './impactText';
import './impact.css';

/** How a casework screen reaches the server (tests pass the app's `request`). */
export interface CaseworkCallProps {
  readonly fetch?: FetchLike;
  /** The staff member unlocked on this device. */
  readonly staffId?: string;
}

export interface ActionImpactPanelProps extends CaseworkCallProps {
  readonly pupilId: string;
  readonly pupilName: string;
}

export const WEEK_CHOICES = [2, 4, 6, 8, 12] as const;

type Read =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: PupilImpactResponse }
  | { readonly kind: 'failed'; readonly message: string };

export function ActionImpactPanel(props: ActionImpactPanelProps) {
  const { pupilId, pupilName, fetch, staffId } = props;
  const id = useId();
  const [weeks, setWeeks] = useState<number>(DEFAULT_IMPACT_WEEKS);
  const load = useCallback(async (): Promise<Read> => {
    const answer = await call(
      pupilImpact,
      { params: { pupilId }, query: { weeks } },
      { ...(fetch === undefined ? {} : { fetch }), ...(staffId === undefined ? {} : { staffId }) },
    );
    return answer.ok
      ? { kind: 'ready', value: answer.value }
      : { kind: 'failed', message: answer.error.message };
  }, [pupilId, weeks, fetch, staffId]);
  const { value: read } = useLoaded<Read>(load, { kind: 'loading' });

  return (
    <section className="impact" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Did it work?</h3>
      <label className="field impact__weeks">
        <span className="field-label">School weeks before and after each action</span>
        <select value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
          {WEEK_CHOICES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
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
