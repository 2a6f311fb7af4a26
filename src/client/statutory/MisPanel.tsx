/**
 * The school's MIS, for the office, attendance leads and admins: how many marks have reached the
 * MIS, every mark that has not with its error (and "Try again" for those that stopped), and a
 * day's reconciliation of Tickmark's marks against the MIS's, on screen or as CSV (docs/mis.md).
 * Read online each time; nothing is kept on the device.
 */
import { useEffect, useState } from 'react';
import { misReconciliation, misRetry, misStatus } from '../../shared/api/endpoints/misEndpoints';
import type {
  MisProblem,
  MisReconciliationResponse,
  MisStatusResponse,
} from '../../shared/api/misSchemas';
import { call, callCsv, type FetchLike } from '../api/call';
import { downloadTextFile } from '../ui/downloadFile';

export interface MisPanelProps {
  readonly staffId: string;
  /** The school's today (yyyy-MM-dd): the reconciliation's first day. */
  readonly today: string;
  readonly fetch?: FetchLike | undefined;
}

type Loaded<T> =
  | { readonly kind: 'loading' }
  | { readonly kind: 'ready'; readonly value: T }
  | { readonly kind: 'failed'; readonly message: string };

const SESSION_WORDS = { AM: 'morning', PM: 'afternoon' } as const;

function markWords(m: { code: string; minutesLate: number | null } | null): string {
  if (m === null) return 'no mark';
  return m.minutesLate === null || m.minutesLate === 0
    ? m.code
    : `${m.code} (${m.minutesLate} min late)`;
}

function ProblemRow(props: {
  readonly problem: MisProblem;
  readonly busy: boolean;
  readonly onRetry: (eventId: string) => void;
}) {
  const p = props.problem;
  return (
    <tr>
      <td>{p.pupil.displayName}</td>
      <td>
        {p.date} {SESSION_WORDS[p.session]}
      </td>
      <td>{markWords(p)}</td>
      <td>
        {p.status === 'failed' ? 'Stopped: needs you' : 'Waiting to try again'}
        {p.unsure && (
          <span className="hint">
            {' '}
            · may be in the MIS already; checked before it is sent again
          </span>
        )}
      </td>
      <td>{p.attempts}</td>
      <td>{p.lastError ?? ''}</td>
      <td>
        {p.status === 'failed' && (
          <button
            type="button"
            className="button"
            disabled={props.busy}
            aria-label={`Try again: ${p.pupil.displayName}, ${p.date} ${SESSION_WORDS[p.session]}`}
            onClick={() => props.onRetry(p.eventId)}
          >
            Try again
          </button>
        )}
      </td>
    </tr>
  );
}

export function MisPanel(props: MisPanelProps) {
  const options = {
    staffId: props.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
  };
  const [status, setStatus] = useState<Loaded<MisStatusResponse>>({ kind: 'loading' });
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [date, setDate] = useState(props.today);
  const [report, setReport] = useState<Loaded<MisReconciliationResponse> | null>(null);

  // Bumped to read the status again (after "Try again").
  const [reads, setReads] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    void call(misStatus, {}, { ...options, signal: controller.signal }).then((answer) => {
      if (controller.signal.aborted) return;
      setStatus(
        answer.ok
          ? { kind: 'ready', value: answer.value }
          : { kind: 'failed', message: answer.error.message },
      );
    });
    return () => controller.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- options is rebuilt from these
  }, [props.staffId, props.fetch, reads]);

  const retry = async (eventIds: readonly string[] | null) => {
    setBusy(true);
    const answer = await call(
      misRetry,
      { body: eventIds === null ? {} : { eventIds: [...eventIds] } },
      options,
    );
    setBusy(false);
    setNotice(
      answer.ok
        ? `${answer.value.retried} ${answer.value.retried === 1 ? 'mark' : 'marks'} will be tried again within a minute.`
        : answer.error.message,
    );
    setReads((n) => n + 1);
  };

  const compare = async () => {
    setReport({ kind: 'loading' });
    const answer = await call(misReconciliation, { query: { date } }, options);
    setReport(
      answer.ok
        ? { kind: 'ready', value: answer.value }
        : { kind: 'failed', message: answer.error.message },
    );
  };

  const downloadCsv = async () => {
    const answer = await callCsv(misReconciliation, { query: { date } }, options);
    if (answer.ok) downloadTextFile(`mis-reconciliation-${date}.csv`, answer.value, 'text/csv');
    else setNotice(answer.error.message);
  };

  if (status.kind === 'loading') return <p role="status">Reading the MIS status…</p>;
  if (status.kind === 'failed') return <p className="form-error">{status.message}</p>;
  const s = status.value;
  if (!s.connected) {
    return (
      <section aria-labelledby="mis-heading">
        <h2 id="mis-heading">The school’s MIS</h2>
        <p className="notice">
          This school’s marks are not written into an MIS. Whoever runs the Tickmark server can
          connect it through Wonde (WONDE_TOKEN, WONDE_SCHOOLS, MIS_WRITE_FROM).
        </p>
      </section>
    );
  }
  const failed = s.problems.filter((p) => p.status === 'failed');
  return (
    <section aria-labelledby="mis-heading">
      <h2 id="mis-heading">The school’s MIS</h2>
      <p>
        Marks from {s.writeFrom} are written into {s.mis}.
      </p>
      <dl className="mis-counts" aria-label="Marks and the MIS">
        <dt>Written</dt>
        <dd>{s.counts.written}</dd>
        <dt>Waiting</dt>
        <dd>{s.counts.pending}</dd>
        <dt>Stopped (need you)</dt>
        <dd>{s.counts.failed}</dd>
        <dt>Replaced by a newer mark</dt>
        <dd>{s.counts.superseded}</dd>
        <dt>May be in the MIS already</dt>
        <dd>{s.counts.unsure}</dd>
      </dl>
      {notice !== null && <p role="status">{notice}</p>}
      {s.problems.length === 0 ? (
        <p>Every mark has reached the MIS or is on its way.</p>
      ) : (
        <>
          <h3>Marks not in the MIS yet</h3>
          {failed.length > 1 && (
            <button
              type="button"
              className="button"
              disabled={busy}
              onClick={() => void retry(null)}
            >
              Try all {failed.length} stopped marks again
            </button>
          )}
          <table>
            <thead>
              <tr>
                <th scope="col">Pupil</th>
                <th scope="col">Session</th>
                <th scope="col">Mark</th>
                <th scope="col">Where it is</th>
                <th scope="col">Tries</th>
                <th scope="col">Last error</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {s.problems.map((p) => (
                <ProblemRow
                  key={p.eventId}
                  problem={p}
                  busy={busy}
                  onRetry={(id) => void retry([id])}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
      <h3>Compare a day with the MIS</h3>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void compare();
        }}
      >
        <label>
          Day <input type="date" value={date} required onChange={(e) => setDate(e.target.value)} />
        </label>{' '}
        <button type="submit" className="button">
          Compare
        </button>{' '}
        <button type="button" className="button" onClick={() => void downloadCsv()}>
          Download CSV
        </button>
      </form>
      {report?.kind === 'loading' && <p role="status">Reading the MIS…</p>}
      {report?.kind === 'failed' && <p className="form-error">{report.message}</p>}
      {report?.kind === 'ready' && <Reconciliation report={report.value} />}
    </section>
  );
}

function Reconciliation(props: { readonly report: MisReconciliationResponse }) {
  const r = props.report;
  return (
    <div>
      <p role="status">
        {r.date}: {r.matching} {r.matching === 1 ? 'session matches' : 'sessions match'};{' '}
        {r.differences.length === 0
          ? 'no differences.'
          : `${r.differences.length} ${r.differences.length === 1 ? 'difference' : 'differences'}.`}
        {r.withoutUpn > 0 &&
          ` ${r.withoutUpn} marks are for pupils with no UPN, so the MIS cannot be matched to them.`}
      </p>
      {r.differences.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">Session</th>
              <th scope="col">Difference</th>
              <th scope="col">Tickmark</th>
              <th scope="col">MIS</th>
            </tr>
          </thead>
          <tbody>
            {r.differences.map((d) => (
              <tr key={`${d.upn}-${d.session}`}>
                <td>{d.pupil?.displayName ?? `UPN ${d.upn}`}</td>
                <td>{SESSION_WORDS[d.session]}</td>
                <td>{d.words}</td>
                <td>{markWords(d.tickmark)}</td>
                <td>{markWords(d.mis)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
