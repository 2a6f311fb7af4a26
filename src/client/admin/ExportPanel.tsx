/**
 * Exports for the MIS, the local authority and the DfE returns: the marks for a date range as
 * CSV (UPN, date, session, code, minutes late, last amended by, when, why; the marks import
 * reads it back). A leaver's Common Transfer File is made in Statutory returns, pupil by pupil.
 */
import { useId, useState } from 'react';
import { toSchoolWallClock } from '../../domain/index';
import { exportMarksCsv } from '../../shared/api/endpoints/dataEndpoints';
import { call } from '../api/call';
import type { SectionProps } from '../ui/sectionProps';
import { adminFailureMessage, asStaff } from './adminRequest';
import { formatLocalDate } from './adminFormat';
import { downloadTextFile, exportFilename } from '../ui/downloadFile';
import { DateField } from '../ui/DateField';

/** England's registers run on London time; the default range is the school year so far. */
const SCHOOL_ZONE = 'Europe/London';

export function defaultRange(nowMs: number): { from: string; to: string } {
  const today = toSchoolWallClock(nowMs, SCHOOL_ZONE).date as string;
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  const startYear = month >= 9 ? year : year - 1;
  return { from: `${startYear}-09-01`, to: today };
}

type Download = 'marks';

const WHAT: Readonly<
  Record<Download, { label: string; endpoint: typeof exportMarksCsv; ext: string; type: string }>
> = {
  marks: {
    label: 'marks',
    endpoint: exportMarksCsv,
    ext: 'csv',
    type: 'text/csv;charset=utf-8',
  },
};

export function ExportPanel(props: SectionProps) {
  const id = useId();
  const initial = defaultRange(props.clock.now());
  const [from, setFrom] = useState(initial.from);
  const [to, setTo] = useState(initial.to);
  const [busy, setBusy] = useState<Download | null>(null);
  const [message, setMessage] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);

  const rangeProblem =
    from === '' || to === ''
      ? 'Enter both dates.'
      : from > to
        ? 'The “to” date is before the “from” date.'
        : null;

  const download = async (what: Download) => {
    if (rangeProblem !== null) return;
    setBusy(what);
    setMessage(null);
    const answer = await call(
      WHAT[what].endpoint,
      { query: { from, to } },
      asStaff(props, { timeoutMs: 300_000 }),
    );
    setBusy(null);
    if (!answer.ok) {
      setMessage({ kind: 'error', text: adminFailureMessage(answer.error) });
      return;
    }
    const filename = exportFilename([what, props.staff.schoolName, from, 'to', to], WHAT[what].ext);
    downloadTextFile(filename, answer.value, WHAT[what].type);
    setMessage({
      kind: 'done',
      text: `Downloaded the ${WHAT[what].label} from ${formatLocalDate(from)} to ${formatLocalDate(to)} as “${filename}”.`,
    });
  };

  return (
    <section className="admin-panel" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Export</h2>
      <p className="hint">
        The marks file has one line per pupil and session: UPN, date, session, code, minutes late,
        who last amended it, when and why. Your MIS, or Tickmark’s own marks import, can read it. A
        leaver’s Common Transfer File is made in Statutory returns.
      </p>
      <fieldset className="admin-range">
        <legend>Dates</legend>
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
          <DateField
            id={`${id}-to`}
            value={to}
            aria-invalid={rangeProblem === null ? undefined : true}
            aria-describedby={rangeProblem === null ? undefined : `${id}-range`}
            onChange={setTo}
          />
        </div>
      </fieldset>
      {rangeProblem !== null && (
        <p className="form-error" id={`${id}-range`}>
          {rangeProblem}
        </p>
      )}
      <div className="admin-actions">
        <button
          type="button"
          className="button button--primary"
          disabled={busy !== null || rangeProblem !== null}
          onClick={() => void download('marks')}
        >
          {busy === 'marks' ? 'Preparing the marks…' : 'Download marks (CSV)'}
        </button>
      </div>
      {message !== null && (
        <p
          className={message.kind === 'error' ? 'notice notice--error' : 'notice'}
          role={message.kind === 'error' ? 'alert' : 'status'}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
