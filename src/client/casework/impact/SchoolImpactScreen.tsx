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
import { formatDateRange } from '../../ui/format';
import { useLoaded } from '../../ui/useLoaded';
import { readOf, type CaseworkEnv, type Read } from '../caseworkRequest';
import {
  PeriodFields,
  PeriodProblem,
  periodReady,
  schoolYearStartOf,
  WeeksSelect,
} from './PeriodControls';
import './impact.css';

export interface SchoolImpactScreenProps {
  readonly env: CaseworkEnv;
  /** Today on the school's clock: the period ends here by default. */
  readonly today: string;
}

type Shown = Read<SchoolImpactResponse> | { readonly kind: 'idle' };

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
  const { env, today } = props;
  const id = useId();
  const [from, setFrom] = useState(schoolYearStartOf(today));
  const [to, setTo] = useState(today);
  const [weeks, setWeeks] = useState<number>(DEFAULT_IMPACT_WEEKS);
  const ready = periodReady(from, to);
  const load = useCallback(
    async (): Promise<Shown> =>
      ready ? readOf(env, schoolImpact, { query: { from, to, weeks } }) : { kind: 'idle' },
    [env, ready, from, to, weeks],
  );
  const { value: read } = useLoaded<Shown>(load, { kind: 'loading' });

  return (
    <section className="impact" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Persistent absence after each kind of action</h3>
      <div className="impact__controls">
        <PeriodFields
          id={id}
          fromLabel="Actions done from"
          toLabel="to"
          from={from}
          to={to}
          onFrom={setFrom}
          onTo={setTo}
        />
        <WeeksSelect label="School weeks before and after" value={weeks} onChange={setWeeks} />
      </div>
      <PeriodProblem from={from} to={to} />
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
