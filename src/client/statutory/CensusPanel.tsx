/**
 * The school census's attendance module: choose a census, see what it collects and the checks
 * to fix before it is sent, and download the module as XML for the census return.
 */
import { useId, useState } from 'react';
import { CENSUS_TERMS, type CensusTerm } from '../../domain/index';
import { census, censusXml } from '../../shared/api/endpoints/statutoryEndpoints';
import type { CensusResponse } from '../../shared/api/statutorySchemas';
import { call } from '../api/call';
import { downloadTextFile, fileNameOf } from '../ui/downloadFile';
import { formatDateRange, formatLongDate } from '../ui/format';
import type { SectionProps } from '../ui/sectionProps';
import { asStaff, failureMessage, likelyCensus, schoolToday } from './statutoryRequest';

const TERM_TITLES: Readonly<Record<CensusTerm, string>> = {
  autumn: 'Autumn (collects the summer term)',
  spring: 'Spring (collects the autumn term)',
  summer: 'Summer (collects the spring term)',
};

const PART_TITLES = { termly: 'Term', summerHalfTerm2: 'Second half of summer' } as const;

const yearText = (y: number) => `${y}/${String((y + 1) % 100).padStart(2, '0')}`;

export function CensusPanel(props: SectionProps) {
  const id = useId();
  const today = schoolToday(props.clock.now());
  const likely = likelyCensus(today);
  const [term, setTerm] = useState<CensusTerm>(likely.term);
  const [year, setYear] = useState(likely.year);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CensusResponse | null>(null);
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const years = [likely.year - 2, likely.year - 1, likely.year, likely.year + 1];

  const check = async () => {
    setBusy(true);
    setMessage(null);
    const answer = await call(
      census,
      { query: { term, year } },
      asStaff(props, { timeoutMs: 120_000 }),
    );
    setBusy(false);
    if (!answer.ok) {
      setResult(null);
      setMessage({ kind: 'error', text: failureMessage(answer.error) });
      return;
    }
    setResult(answer.value);
  };

  const download = async () => {
    setBusy(true);
    setMessage(null);
    const answer = await call(
      censusXml,
      { query: { term, year } },
      asStaff(props, { timeoutMs: 120_000 }),
    );
    setBusy(false);
    if (!answer.ok) {
      setMessage({ kind: 'error', text: failureMessage(answer.error) });
      return;
    }
    const name = fileNameOf(['census-attendance', String(year), term], 'xml', 'census');
    downloadTextFile(name, answer.value, 'application/xml;charset=utf-8');
    setMessage({ kind: 'done', text: `Downloaded the attendance module as “${name}”.` });
  };

  const errors = result?.issues.filter((i) => i.severity === 'error') ?? [];
  const queries = result?.issues.filter((i) => i.severity === 'query') ?? [];

  return (
    <section className="statutory-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>School census: attendance</h2>
      <p className="hint">
        Each census returns the previous term’s attendance for pupils aged 5 to 15: sessions
        possible, and the sessions of each absence reason. The figures are the reports’ own.
      </p>
      <div className="statutory-choice">
        <div className="field">
          <label className="field-label" htmlFor={`${id}-term`}>
            Census
          </label>
          <select
            id={`${id}-term`}
            value={term}
            onChange={(e) => setTerm(e.target.value as CensusTerm)}
          >
            {CENSUS_TERMS.map((t) => (
              <option key={t} value={t}>
                {TERM_TITLES[t]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={`${id}-year`}>
            School year
          </label>
          <select id={`${id}-year`} value={year} onChange={(e) => setYear(Number(e.target.value))}>
            {years.map((y) => (
              <option key={y} value={y}>
                {yearText(y)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="statutory-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy}
          onClick={() => void check()}
        >
          Check the census
        </button>
        <button type="button" className="button" disabled={busy} onClick={() => void download()}>
          Download the XML
        </button>
      </div>
      {busy && <p role="status">Working it out from the register…</p>}
      {message !== null && (
        <p className={message.kind === 'error' ? 'notice notice--error' : 'notice'} role="status">
          {message.text}
        </p>
      )}
      {result !== null && <CensusResult result={result} errors={errors} queries={queries} />}
    </section>
  );
}

function CensusResult({
  result,
  errors,
  queries,
}: {
  readonly result: CensusResponse;
  readonly errors: CensusResponse['issues'];
  readonly queries: CensusResponse['issues'];
}) {
  return (
    <>
      <h3>{result.title}</h3>
      <ul className="statutory-facts">
        <li>Census day: {formatLongDate(result.censusDay)}</li>
        <li>Ages taken on {formatLongDate(result.ageDate)}</li>
        {result.periods.map((p, i) => (
          <li key={p.part}>
            {PART_TITLES[p.part]}: {formatDateRange(p.from, p.to)}, {p.openSessions} sessions open;
            totals {result.totals[i]?.possible ?? 0} possible, {result.totals[i]?.authorised ?? 0}{' '}
            authorised, {result.totals[i]?.unauthorised ?? 0} unauthorised
          </li>
        ))}
        <li>{result.pupils.length} pupils</li>
      </ul>
      <h3>Checks before sending</h3>
      {errors.length === 0 && queries.length === 0 ? (
        <p className="notice">No problems found.</p>
      ) : (
        <>
          <p>
            {errors.length} error{errors.length === 1 ? '' : 's'} to fix, {queries.length} quer
            {queries.length === 1 ? 'y' : 'ies'} to check.
          </p>
          <ul className="statutory-issues">
            {[...errors, ...queries].map((issue, i) => (
              <li key={i} className={`statutory-issue statutory-issue--${issue.severity}`}>
                <strong>
                  {issue.severity === 'error' ? 'Error' : 'Query'} {issue.rule}
                  {issue.dfeRule === null ? '' : ` (DfE ${issue.dfeRule})`}:
                </strong>{' '}
                {issue.message}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="statutory-table-wrap">
        <table className="statutory-table">
          <caption>Attendance per pupil</caption>
          <thead>
            <tr>
              <th scope="col">Pupil</th>
              <th scope="col">UPN</th>
              {result.periods.map((p) => (
                <th key={p.part} scope="col">
                  {PART_TITLES[p.part]}: possible, authorised, unauthorised, reasons
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {result.pupils.map((p) => (
              <tr key={p.pupilId}>
                <th scope="row">
                  {p.name}
                  {p.onRollOnCensusDay ? '' : ' (left)'}
                </th>
                <td>{p.upn ?? 'none'}</td>
                {p.periods.map((f) => (
                  <td key={f.part}>
                    {f.possible}, {f.authorised}, {f.unauthorised}
                    {f.reasons.length === 0
                      ? ''
                      : `; ${f.reasons.map((r) => `${r.code} ${r.sessions}`).join(', ')}`}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {result.excluded.length > 0 && (
        <details className="statutory-details">
          <summary>{result.excluded.length} pupils not collected (age)</summary>
          <ul>
            {result.excluded.map((x) => (
              <li key={x.pupilId}>
                {x.name}: {x.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
    </>
  );
}
