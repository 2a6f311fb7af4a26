/**
 * Certificates in bulk: every pupil on roll at or above the school's certificate rates over the
 * dates chosen (100 % and 98 % unless the school set others), listed here and downloaded as one
 * PDF with one page per pupil to print.
 */
import { useCallback, useId, useState } from 'react';
import type { CertificatesResponse } from '../../../shared/api/caseworkImpactSchemas';
import {
  certificates,
  certificatesPdf,
} from '../../../shared/api/endpoints/caseworkImpactEndpoints';
import { formatDateRange } from '../../ui/format';
import { useLoaded } from '../../ui/useLoaded';
import { readOf, type CaseworkEnv, type Read } from '../caseworkRequest';
import {
  PeriodFields,
  PeriodProblem,
  periodReady,
  schoolYearStartOf,
} from '../impact/PeriodControls';
import { rateText } from './celebrateText';

export interface CertificatesPanelProps {
  readonly env: CaseworkEnv;
  readonly today: string;
}

type Shown = Read<CertificatesResponse> | { readonly kind: 'idle' };

export function CertificatesPanel(props: CertificatesPanelProps) {
  const { env, today } = props;
  const id = useId();
  const [from, setFrom] = useState(schoolYearStartOf(today));
  const [to, setTo] = useState(today);
  const ready = periodReady(from, to);
  const load = useCallback(
    async (): Promise<Shown> =>
      ready ? readOf(env, certificates, { query: { from, to } }) : { kind: 'idle' },
    [env, ready, from, to],
  );
  const { value: read } = useLoaded<Shown>(load, { kind: 'loading' });
  const pdfHref = `${certificatesPdf.path}?${new URLSearchParams({ from, to }).toString()}`;

  return (
    <section className="celebrate__panel" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>Attendance certificates</h3>
      <div className="celebrate__controls">
        <PeriodFields
          id={id}
          fromLabel="From"
          toLabel="To"
          from={from}
          to={to}
          onFrom={setFrom}
          onTo={setTo}
        />
      </div>
      <PeriodProblem from={from} to={to} />
      {read.kind === 'loading' && <p role="status">Finding the pupils to celebrate…</p>}
      {read.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {read.message}
        </p>
      )}
      {read.kind === 'ready' && (
        <>
          <p className="hint">
            Pupils on roll with attendance of{' '}
            {read.value.percents.map((p) => `${p} %`).join(' or ')} or more from{' '}
            {formatDateRange(read.value.from, read.value.to)}: {read.value.awards.length}{' '}
            {read.value.awards.length === 1 ? 'pupil' : 'pupils'}. The rates are the school’s
            settings.
          </p>
          {read.value.awards.length > 0 && (
            <>
              <a className="button button--primary celebrate__download" href={pdfHref} download>
                Download the certificates to print (PDF, one page each)
              </a>
              <table className="celebrate__table">
                <caption>Certificates ({read.value.awards.length})</caption>
                <thead>
                  <tr>
                    <th scope="col">Pupil</th>
                    <th scope="col">Class</th>
                    <th scope="col">Certificate</th>
                    <th scope="col">Attendance</th>
                  </tr>
                </thead>
                <tbody>
                  {read.value.awards.map((a) => (
                    <tr key={a.pupil.id}>
                      <th scope="row">{a.pupil.displayName}</th>
                      <td>{a.pupil.groupName ?? 'No class'}</td>
                      <td>{a.level} %</td>
                      <td>{rateText(a)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </section>
  );
}
