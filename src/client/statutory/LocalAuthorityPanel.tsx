/**
 * The local authority's lists: admissions and deletions (with the grounds), 10 days'
 * unauthorised absence, 20 days' continuous absence, children missing education and part-time
 * timetables. Each shows who is on it and by when the authority must hear, downloads as CSV, and
 * records when it was sent, by whom and where; the record shows under the list.
 */
import { useId, useState } from 'react';
import { LA_LIST_TITLES, LA_LISTS, type LaList } from '../../domain/index';
import { laList, laSent } from '../../shared/api/endpoints/statutoryEndpoints';
import type { LaListResponse } from '../../shared/api/statutorySchemas';
import { call, callCsv } from '../api/call';
import { DateField } from '../ui/DateField';
import { downloadTextFile, fileNameOf } from '../ui/downloadFile';
import { formatDateNumeric, formatInstant } from '../ui/format';
import type { SectionProps } from '../ui/sectionProps';
import { TextField } from '../ui/TextField';
import { asStaff, failureMessage, schoolToday } from './statutoryRequest';
import type { LocalDate } from '../../domain/index';

const ROLE_NAMES = {
  office: 'office',
  attendance_lead: 'attendance lead',
  admin: 'admin',
  teacher: 'teacher',
  governor: 'governor',
} as const;

const date = (d: string) => formatDateNumeric(d as LocalDate);

function schoolYearStart(today: string): string {
  const year = Number(today.slice(0, 4));
  return `${Number(today.slice(5, 7)) >= 9 ? year : year - 1}-09-01`;
}

export function LocalAuthorityPanel(props: SectionProps) {
  const id = useId();
  const today = schoolToday(props.clock.now());
  const [list, setList] = useState<LaList>('admissions');
  const [from, setFrom] = useState(schoolYearStart(today));
  const [to, setTo] = useState(today);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<LaListResponse | null>(null);
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const [sentTo, setSentTo] = useState('');
  const [note, setNote] = useState('');
  const [sentToError, setSentToError] = useState<string | undefined>(undefined);

  const rangeProblem =
    from === '' || to === ''
      ? 'Enter both dates.'
      : from > to
        ? 'The “to” date is before the “from” date.'
        : null;

  const load = async (which: LaList = list) => {
    if (rangeProblem !== null) return;
    setBusy(true);
    const answer = await call(
      laList,
      { params: { list: which }, query: { from, to } },
      asStaff(props),
    );
    setBusy(false);
    if (!answer.ok) {
      setResult(null);
      setMessage({ kind: 'error', text: failureMessage(answer.error) });
      return;
    }
    setResult(answer.value);
  };

  const downloadCsv = async () => {
    if (rangeProblem !== null) return;
    setBusy(true);
    setMessage(null);
    const answer = await callCsv(laList, { params: { list }, query: { from, to } }, asStaff(props));
    setBusy(false);
    if (!answer.ok) {
      setMessage({ kind: 'error', text: failureMessage(answer.error) });
      return;
    }
    const name = fileNameOf(['la', LA_LIST_TITLES[list], from, 'to', to], 'csv', 'la-list');
    downloadTextFile(name, answer.value, 'text/csv;charset=utf-8');
    setMessage({ kind: 'done', text: `Downloaded “${name}”.` });
  };

  const recordSent = async () => {
    if (result === null) return;
    if (sentTo.trim() === '') {
      setSentToError(
        'Sent to is required: say where the list went (the authority’s portal, an email address).',
      );
      return;
    }
    setSentToError(undefined);
    setBusy(true);
    setMessage(null);
    const answer = await call(
      laSent,
      {
        params: { list: result.list },
        body: {
          from: result.from,
          to: result.to,
          pupilIds: result.rows.map((r) => r.pupilId),
          sentTo: sentTo.trim(),
          ...(note.trim() === '' ? {} : { note: note.trim() }),
        },
      },
      asStaff(props),
    );
    setBusy(false);
    if (!answer.ok) {
      setMessage({ kind: 'error', text: failureMessage(answer.error) });
      return;
    }
    setSentTo('');
    setNote('');
    setMessage({
      kind: 'done',
      text: `Recorded: ${result.title} with ${answer.value.pupilCount} pupils, sent to ${answer.value.sentTo}.`,
    });
    await load(result.list);
  };

  return (
    <section className="statutory-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Local authority</h2>
      <p className="hint">
        What the school must tell its local authority, and by when. Download a list as CSV for the
        authority’s form or portal, then record that you sent it.
      </p>
      <div className="statutory-choice">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-list`}>
            List
          </label>
          <select
            id={`${id}-list`}
            value={list}
            onChange={(e) => {
              setList(e.target.value as LaList);
              setResult(null);
              setMessage(null);
            }}
          >
            {LA_LISTS.map((l) => (
              <option key={l} value={l}>
                {LA_LIST_TITLES[l]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-from`}>
            From
          </label>
          <DateField id={`${id}-from`} value={from} onChange={setFrom} />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-to`}>
            To
          </label>
          <DateField id={`${id}-to`} value={to} onChange={setTo} />
        </div>
      </div>
      {rangeProblem !== null && <p className="form-error">{rangeProblem}</p>}
      <div className="statutory-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy || rangeProblem !== null}
          onClick={() => {
            setMessage(null);
            void load();
          }}
        >
          Show the list
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || rangeProblem !== null}
          onClick={() => void downloadCsv()}
        >
          Download CSV
        </button>
      </div>
      {message !== null && (
        <p className={message.kind === 'error' ? 'notice notice--error' : 'notice'} role="status">
          {message.text}
        </p>
      )}
      {result !== null && (
        <LaResult
          result={result}
          today={today}
          busy={busy}
          sentTo={sentTo}
          sentToError={sentToError}
          note={note}
          onSentTo={setSentTo}
          onNote={setNote}
          onRecord={() => void recordSent()}
        />
      )}
    </section>
  );
}

function LaResult(props: {
  readonly result: LaListResponse;
  readonly today: string;
  readonly busy: boolean;
  readonly sentTo: string;
  readonly sentToError: string | undefined;
  readonly note: string;
  readonly onSentTo: (v: string) => void;
  readonly onNote: (v: string) => void;
  readonly onRecord: () => void;
}) {
  const { result, today } = props;
  return (
    <>
      <h3>
        {result.title}: {date(result.from)} to {date(result.to)}
      </h3>
      {result.rows.length === 0 ? (
        <p className="notice">Nobody is on this list for these dates.</p>
      ) : (
        <div className="statutory-table-wrap">
          <table className="statutory-table">
            <caption>{result.rows.length} on the list</caption>
            <thead>
              <tr>
                <th scope="col">Pupil</th>
                <th scope="col">UPN</th>
                <th scope="col">Date</th>
                <th scope="col">Due by</th>
                <th scope="col">Detail</th>
                <th scope="col">Last sent</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r, i) => (
                <tr key={`${r.pupilId}-${i}`}>
                  <th scope="row">{r.name}</th>
                  <td>{r.upn ?? 'none'}</td>
                  <td>{date(r.date)}</td>
                  <td>
                    {r.dueBy === null ? '' : date(r.dueBy)}
                    {r.dueByIsEstimate ? ' (estimate)' : ''}
                    {r.dueBy !== null && r.dueBy < today && r.lastSentAt === null
                      ? ' – overdue'
                      : ''}
                  </td>
                  <td>{r.detail}</td>
                  <td>{r.lastSentAt === null ? 'Not sent' : formatInstant(r.lastSentAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {result.notRequired.length > 0 && (
        <details className="statutory-details">
          <summary>{result.notRequired.length} need not be sent</summary>
          <ul>
            {result.notRequired.map((n) => (
              <li key={n.pupilId}>
                {n.name}: {n.why}
              </li>
            ))}
          </ul>
        </details>
      )}
      <fieldset className="statutory-sent-form">
        <legend>Record this list as sent</legend>
        <TextField
          label="Sent to"
          hint="Where it went: the authority’s portal, an email address."
          value={props.sentTo}
          onChange={props.onSentTo}
          error={props.sentToError}
          maxLength={200}
        />
        <TextField
          label="Note (optional)"
          value={props.note}
          onChange={props.onNote}
          maxLength={1000}
        />
        <button
          type="button"
          className="button button--primary"
          disabled={props.busy}
          onClick={props.onRecord}
        >
          Record as sent
        </button>
      </fieldset>
      <h3>Sent before</h3>
      {result.sent.length === 0 ? (
        <p>This list has not been recorded as sent.</p>
      ) : (
        <ul className="statutory-sent">
          {result.sent.map((s) => (
            <li key={s.id}>
              {formatInstant(s.sentAt)}: {s.pupilCount} pupils ({date(s.from)} to {date(s.to)}) sent
              to {s.sentTo} by {s.sentBy.name} ({ROLE_NAMES[s.sentBy.role]})
              {s.note === null ? '' : `. ${s.note}`}
              {s.pupils.length > 0 && (
                <details className="statutory-details">
                  <summary>Who was on it</summary>
                  <ul>
                    {s.pupils.map((p) => (
                      <li key={p.id}>{p.name}</li>
                    ))}
                  </ul>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
