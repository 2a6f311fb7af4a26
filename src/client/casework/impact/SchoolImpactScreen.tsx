/**
 * Did it work, for the school: over a chosen period, how many pupils who were persistently absent
 * before an action were no longer so after it, by the kind of action. Pupils aged 5 to 15, as
 * the DfE's figures count them; others in their own table.
 */
import { useCallback, useId, useState } from 'react';
import { CASE_ACTION_LABELS, DEFAULT_IMPACT_WEEKS } from '../../../domain/index';
import type {
  PersistenceOutcomeWire,
  SchoolImpactResponse,
} from '../../../shared/api/caseworkImpactSchemas';
import { schoolImpact } from '../../../shared/api/endpoints/caseworkImpactEndpoints';
import { call } from '../../api/call';
import { DateField } from '../../ui/DateField';
import { formatDateRange } from '../../ui/format';
import { useLoaded } from '../../ui/useLoaded';
import { WEEK_CHOICES, type CaseworkCallProps } from './ActionImpactPanel';
import './impact.css';

export interface SchoolImpactScreenProps extends CaseworkCallProps {
  /** Today on the school's clock: the period ends here by default. */
  readonly today: string;
}

/** 1 September of the school year holding `today`. */
export function schoolYearStartOf(today: string): string {
  const year = Number(today.slice(0, 4));
  return `${Number(today.slice(5, 7)) >= 9 ? year : year - 1}-09-01`;
}

type Read =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: SchoolImpactResponse }
  | { readonly kind: 'failed'; readonly message: string };

const kindName = (kind: PersistenceOutcomeWire['kind']) =>
  kind === 'any' ? 'Any action (each pupil once)' : CASE_ACTION_LABELS[kind];

function OutcomeTable(props: { caption: string; rows: readonly PersistenceOutcomeWire[] }) {
  return (
    <table className="impact__table">
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">Kind of action</th>
          <th scope="col">Pupils</th>
          <th scope="col">Persistently absent before</th>
          <th scope="col">Moved out after</th>
          <th scope="col">Still persistently absent</th>
          <th scope="col">Too soon to tell</th>
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.kind}>
            <th scope="row">{kindName(r.kind)}</th>
            <td>{r.pupils}</td>
            <td>{r.persistentBefore}</td>
            <td>{r.movedOut}</td>
            <td>{r.stillPersistent}</td>
            <td>{r.tooSoon}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SchoolImpactScreen(props: SchoolImpactScreenProps) {
  const { fetch, staffId, today } = props;
  const id = useId();
  const [from, setFrom] = useState(schoolYearStartOf(today));
  const [to, setTo] = useState(today);
  const [weeks, setWeeks] = useState<number>(DEFAULT_IMPACT_WEEKS);
  const ready = from !== '' && to !== '' && from <= to;
  const load = useCallback(async (): Promise<Read> => {
    if (!ready) return { kind: 'idle' };
    const answer = await call(
      schoolImpact,
      { query: { from, to, weeks } },
      { ...(fetch === undefined ? {} : { fetch }), ...(staffId === undefined ? {} : { staffId }) },
    );
    return answer.ok
      ? { kind: 'ready', value: answer.value }
      : { kind: 'failed', message: answer.error.message };
  }, [ready, from, to, weeks, fetch, staffId]);
  const { value: read } = useLoaded<Read>(load, { kind: 'loading' });

  return (
    <section className="impact" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Did it work? Persistent absence after each kind of action</h2>
      <div className="impact__controls">
        <div className="field">
          <label htmlFor={`${id}-from`} className="field-label">
            Actions done from
          </label>
          <DateField id={`${id}-from`} value={from} onChange={setFrom} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`} className="field-label">
            to
          </label>
          <DateField id={`${id}-to`} value={to} onChange={setTo} />
        </div>
        <label className="field impact__weeks">
          <span className="field-label">School weeks before and after</span>
          <select value={weeks} onChange={(e) => setWeeks(Number(e.target.value))}>
            {WEEK_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {from !== '' && to !== '' && from > to && (
        <p className="form-error" role="alert">
          The last day is before the first. Choose a last day on or after the first.
        </p>
      )}
      {read.kind === 'loading' && <p role="status">Working out the figures…</p>}
      {read.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {read.message}
        </p>
      )}
      {read.kind === 'ready' && (
        <>
          <p className="hint">
            Each pupil counts once for each kind of action, from their first one done between{' '}
            {formatDateRange(read.value.from, read.value.to)}. Persistently absent means missing{' '}
            {read.value.persistentAbsencePercent} % or more of the possible sessions in the{' '}
            {read.value.weeks} school weeks before the action; a pupil moved out when they missed
            less in the {read.value.weeks} school weeks after it, once those weeks have passed.
          </p>
          <OutcomeTable caption="Pupils aged 5 to 15" rows={read.value.byKind} />
          {read.value.outsideAgeRange.some((r) => r.pupils > 0) && (
            <OutcomeTable
              caption="Nursery, other four-year-olds and pupils over 15"
              rows={read.value.outsideAgeRange}
            />
          )}
        </>
      )}
    </section>
  );
}
