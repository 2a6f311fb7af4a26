/**
 * Leave of absence on the parent page (docs/parents.md, "Leave requests"): the parent chooses
 * their child, the first and last sessions, says why and may attach evidence (a PDF, JPEG or PNG
 * of at most 5 MB: the server checks its content too). Their requests are listed with the
 * school's decision and, once decided, the letter to download.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { fillPath } from '../../shared/api/endpoint';
import {
  parentLeaveLetter,
  parentLeaveRequests,
  requestLeave,
} from '../../shared/api/endpoints/leaveEndpoints';
import { LEAVE_EVIDENCE_MAX_BYTES, type ParentLeave } from '../../shared/api/leaveSchemas';
import { call, type FetchLike } from '../api/call';
import type { LeaveWords } from './leaveWords';

interface LeaveChild {
  readonly pupilId: string;
  readonly firstName: string;
  readonly language: string;
}

type Part = 'AM' | 'PM';

/** The file as base64, for the JSON body. */
function base64Of(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsDataURL(file);
  });
}

export function LeaveRequestSection(props: {
  readonly children: readonly LeaveChild[];
  readonly request: { fetch?: FetchLike };
  /** The page's words in the family's language (`ParentWords.leave`). */
  readonly words: LeaveWords;
}) {
  const { children, request, words: w } = props;
  const [pupilId, setPupilId] = useState(children[0]?.pupilId ?? '');
  const [from, setFrom] = useState('');
  const [fromPart, setFromPart] = useState<Part>('AM');
  const [to, setTo] = useState('');
  const [toPart, setToPart] = useState<Part>('PM');
  const [reason, setReason] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly text: string } | null>(
    null,
  );
  const [requests, setRequests] = useState<readonly ParentLeave[]>([]);
  const [isBusy, setIsBusy] = useState(false);

  const load = async () => {
    const answer = await call(parentLeaveRequests, {}, request);
    if (answer.ok) setRequests(answer.value.requests);
  };
  useEffect(() => {
    void Promise.resolve().then(load);
    // Runs once on signing in; a new request reloads the list itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    if (file !== null && file.size > LEAVE_EVIDENCE_MAX_BYTES) {
      setMessage({ ok: false, text: w.evidenceTooBig(LEAVE_EVIDENCE_MAX_BYTES / 1024 / 1024) });
      return;
    }
    setIsBusy(true);
    const answer = await call(
      requestLeave,
      {
        body: {
          pupilId,
          from: { date: from, part: fromPart },
          to: { date: to, part: toPart },
          reason: reason.trim(),
          evidence: file === null ? null : { fileName: file.name, data: await base64Of(file) },
        },
      },
      request,
    );
    setIsBusy(false);
    if (!answer.ok) {
      setMessage({ ok: false, text: answer.error.message });
      return;
    }
    setMessage({
      ok: true,
      text: w.sent(children.find((c) => c.pupilId === pupilId)?.firstName ?? ''),
    });
    setReason('');
    setFile(null);
    await load();
  };

  const partChoice = (label: string, id: string, value: Part, onChange: (p: Part) => void) => (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as Part)}>
        <option value="AM">{w.morning}</option>
        <option value="PM">{w.afternoon}</option>
      </select>
    </div>
  );

  return (
    <section aria-labelledby="parent-leave-heading">
      <h2 id="parent-leave-heading">{w.heading}</h2>
      <p>{w.intro}</p>
      <form onSubmit={(event) => void submit(event)} className="stack">
        <div className="field">
          <label htmlFor="leave-child" className="field-label">
            {w.child}
          </label>
          <select id="leave-child" value={pupilId} onChange={(e) => setPupilId(e.target.value)}>
            {children.map((c) => (
              <option key={c.pupilId} value={c.pupilId}>
                {c.firstName}
              </option>
            ))}
          </select>
        </div>
        <DayField id="leave-first-day" label={w.firstDay} value={from} onChange={setFrom} />
        {partChoice(w.fromPart, 'leave-from-part', fromPart, setFromPart)}
        <DayField id="leave-last-day" label={w.lastDay} value={to} onChange={setTo} />
        {partChoice(w.toPart, 'leave-to-part', toPart, setToPart)}
        <div className="field">
          <label htmlFor="leave-reason" className="field-label">
            {w.reason}
          </label>
          <p id="leave-reason-hint" className="hint">
            {w.reasonHint}
          </p>
          <textarea
            id="leave-reason"
            aria-describedby="leave-reason-hint"
            value={reason}
            maxLength={1000}
            rows={3}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="leave-evidence" className="field-label">
            {w.evidence}
          </label>
          <p id="leave-evidence-hint" className="hint">
            {w.evidenceHint}
          </p>
          <input
            id="leave-evidence"
            type="file"
            accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
            aria-describedby="leave-evidence-hint"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        {message !== null && (
          <p
            className={message.ok ? 'notice' : 'form-error'}
            role={message.ok ? 'status' : 'alert'}
          >
            {message.text}
          </p>
        )}
        <button type="submit" className="button button--primary button--wide" disabled={isBusy}>
          {w.send}
        </button>
      </form>
      {requests.length > 0 && (
        <section aria-labelledby="parent-leave-list-heading">
          <h3 id="parent-leave-list-heading">{w.yourRequests}</h3>
          <ul className="stack">
            {requests.map((r) => (
              <li key={r.id}>
                {r.pupilName}: {r.from.date}
                {r.to.date === r.from.date ? '' : ` – ${r.to.date}`} · {w.status[r.status]}
                {r.decisionReason === null ? '' : `: ${r.decisionReason}`}
                {r.hasLetter && (
                  <>
                    {' '}
                    <a className="button" href={fillPath(parentLeaveLetter.path, { id: r.id })}>
                      {w.letter}
                    </a>
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}

function DayField(props: {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={props.id} className="field-label">
        {props.label}
      </label>
      <input
        id={props.id}
        type="date"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}
