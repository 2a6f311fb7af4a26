/**
 * The best class of the week: the class (or every class that ties) with the best attendance in a
 * school week, with the figures for the lead and a notice to print for the classroom wall.
 */
import { useCallback, useId, useState } from 'react';
import type { BestClassResponse } from '../../../shared/api/caseworkImpactSchemas';
import { bestClass } from '../../../shared/api/endpoints/caseworkImpactEndpoints';
import { call } from '../../api/call';
import { DateField } from '../../ui/DateField';
import { formatLongDate } from '../../ui/format';
import { useLoaded } from '../../ui/useLoaded';
import type { CaseworkCallProps } from '../impact/ActionImpactPanel';
import { namesText, rateText } from './celebrateText';

export interface BestClassPanelProps extends CaseworkCallProps {
  readonly today: string;
}

type Read =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: BestClassResponse }
  | { readonly kind: 'failed'; readonly message: string };

export function BestClassPanel(props: BestClassPanelProps) {
  const { fetch, staffId, today } = props;
  const id = useId();
  const [day, setDay] = useState(today);
  const load = useCallback(async (): Promise<Read> => {
    if (day === '') return { kind: 'idle' };
    const answer = await call(
      bestClass,
      { query: { week: day } },
      { ...(fetch === undefined ? {} : { fetch }), ...(staffId === undefined ? {} : { staffId }) },
    );
    return answer.ok
      ? { kind: 'ready', value: answer.value }
      : { kind: 'failed', message: answer.error.message };
  }, [day, fetch, staffId]);
  const { value: read } = useLoaded<Read>(load, { kind: 'loading' });

  return (
    <section className="celebrate__panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`} className="no-print">
        Best class of the week
      </h2>
      <div className="celebrate__controls no-print">
        <div className="field">
          <label htmlFor={`${id}-day`} className="field-label">
            A day in the week
          </label>
          <DateField id={`${id}-day`} value={day} onChange={setDay} />
        </div>
      </div>
      {read.kind === 'loading' && <p role="status">Comparing the classes…</p>}
      {read.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {read.message}
        </p>
      )}
      {read.kind === 'ready' && read.value.best.length === 0 && (
        <p className="hint">
          No class has a register in the week beginning {formatLongDate(read.value.week.from)}.
        </p>
      )}
      {read.kind === 'ready' && read.value.best.length > 0 && (
        <>
          <div className="celebrate__notice" role="group" aria-label="Notice to print">
            <p className="celebrate__notice-week">
              Best attendance in the week beginning {formatLongDate(read.value.week.from)}
            </p>
            <p className="celebrate__notice-class">
              {namesText(read.value.best.map((c) => c.group.name))}
            </p>
            <p className="celebrate__notice-figures">
              {read.value.best.length > 1 ? 'Joint best, each ' : ''}
              {rateText(read.value.best[0] ?? { attended: 0, possible: 0 })}
            </p>
          </div>
          <button
            type="button"
            className="button button--primary no-print"
            onClick={() => window.print()}
          >
            Print the notice
          </button>
          <table className="celebrate__table no-print">
            <caption>Every class that week</caption>
            <thead>
              <tr>
                <th scope="col">Place</th>
                <th scope="col">Class</th>
                <th scope="col">Attendance</th>
              </tr>
            </thead>
            <tbody>
              {read.value.ranking.map((c) => (
                <tr key={c.group.id}>
                  <td>{c.rank}</td>
                  <th scope="row">{c.group.name}</th>
                  <td>{rateText(c)}</td>
                </tr>
              ))}
              {read.value.unranked.map((g) => (
                <tr key={g.id}>
                  <td>–</td>
                  <th scope="row">{g.name}</th>
                  <td>No register that week</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
