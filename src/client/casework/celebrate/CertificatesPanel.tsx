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
import { call } from '../../api/call';
import { DateField } from '../../ui/DateField';
import { formatDateRange } from '../../ui/format';
import { useLoaded } from '../../ui/useLoaded';
import type { CaseworkCallProps } from '../impact/ActionImpactPanel';
import { schoolYearStartOf } from '../impact/SchoolImpactScreen';
import { rateText } from './celebrateText';

export interface CertificatesPanelProps extends CaseworkCallProps {
  readonly today: string;
}

type Read =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: CertificatesResponse }
  | { readonly kind: 'failed'; readonly message: string };

export function CertificatesPanel(props: CertificatesPanelProps) {
  const { fetch, staffId, today } = props;
  const id = useId();
  const [from, setFrom] = useState(schoolYearStartOf(today));
  const [to, setTo] = useState(today);
  const ready = from !== '' && to !== '' && from <= to;
  const load = useCallback(async (): Promise<Read> => {
    if (!ready) return { kind: 'idle' };
    const answer = await call(
      certificates,
      { query: { from, to } },
      { ...(fetch === undefined ? {} : { fetch }), ...(staffId === undefined ? {} : { staffId }) },
    );
    return answer.ok
      ? { kind: 'ready', value: answer.value }
      : { kind: 'failed', message: answer.error.message };
  }, [ready, from, to, fetch, staffId]);
  const { value: read } = useLoaded<Read>(load, { kind: 'loading' });
  const pdfHref = `${certificatesPdf.path}?${new URLSearchParams({ from, to }).toString()}`;

  return (
    <section className="celebrate__panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Attendance certificates</h2>
      <div className="celebrate__controls">
        <div className="field">
          <label htmlFor={`${id}-from`} className="field-label">
            From
          </label>
          <DateField id={`${id}-from`} value={from} onChange={setFrom} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`} className="field-label">
            To
          </label>
          <DateField id={`${id}-to`} value={to} onChange={setTo} />
        </div>
      </div>
      {from !== '' && to !== '' && from > to && (
        <p className="form-error" role="alert">
          The last day is before the first. Choose a last day on or after the first.
        </p>
      )}
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
