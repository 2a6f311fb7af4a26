/**
 * The parent page (`/parent`, and `/parent#TOKEN` from the emailed link): phone-first and loaded
 * as a chunk of its own, like the setup page, so no tablet's load carries it. A parent asks for a
 * sign-in link, opens it, sees only their own children and reports an absence for the office to
 * decide (docs/parents.md). The words live in parentWords.ts, ready for translation.
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { z } from 'zod';
import {
  parentChildren,
  parentReports,
  parentSignIn,
  reportAbsence,
  requestParentLink,
} from '../../shared/api/endpoints/parentEndpoints';
import type { absenceReportSchema, parentChildSchema } from '../../shared/api/parentSchemas';
import { call, type FetchLike } from '../api/call';
import { LinkPageFrame } from '../ui/LinkPageFrame';
import { TextField } from '../ui/TextField';
import { LeaveRequestSection } from './LeaveRequestSection';
import { PARENT_WORDS, wordsFor } from './parentWords';

type Child = z.infer<typeof parentChildSchema>;
type Report = z.infer<typeof absenceReportSchema>;

type State =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed_out'; readonly message: string | null }
  | { readonly kind: 'link_sent'; readonly email: string }
  | { readonly kind: 'signed_in'; readonly children: readonly Child[] };

const words = PARENT_WORDS['en-GB'];

/** Today in the browser's own time zone, as yyyy-MM-dd. */
function todayText(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

export function ParentPage(props: { readonly token: string; readonly fetch?: FetchLike }) {
  const request = props.fetch === undefined ? {} : { fetch: props.fetch };
  const [state, setState] = useState<State>({ kind: 'checking' });
  const [email, setEmail] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  useEffect(() => {
    document.title = `${words.title} – Tickmark`;
    void (async () => {
      if (props.token !== '') {
        // The token leaves the address bar at once: it is single use, and not for history.
        window.history.replaceState(null, '', '/parent');
        const answer = await call(parentSignIn, { body: { token: props.token } }, request);
        setState(
          answer.ok
            ? { kind: 'signed_in', children: answer.value.children }
            : { kind: 'signed_out', message: answer.error.message },
        );
        return;
      }
      const answer = await call(parentChildren, {}, request);
      setState(
        answer.ok
          ? { kind: 'signed_in', children: answer.value.children }
          : { kind: 'signed_out', message: null },
      );
    })();
    // Runs once: the link is used on opening the page.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const askForLink = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setIsBusy(true);
    const answer = await call(requestParentLink, { body: { email: email.trim() } }, request);
    setIsBusy(false);
    if (answer.ok) setState({ kind: 'link_sent', email: email.trim() });
    else setFormError(answer.error.message);
  };

  if (state.kind === 'checking') {
    return (
      <LinkPageFrame>
        <h1>{words.title}</h1>
        <p className="lede" role="status">
          {words.checking}
        </p>
      </LinkPageFrame>
    );
  }
  if (state.kind === 'link_sent') {
    return (
      <LinkPageFrame>
        <h1>{words.checkEmail}</h1>
        <p className="lede" role="status">
          {words.linkSent(state.email)}
        </p>
      </LinkPageFrame>
    );
  }
  if (state.kind === 'signed_out') {
    return (
      <LinkPageFrame>
        <h1>{words.title}</h1>
        {state.message !== null && (
          <p className="notice notice--warning" role="alert">
            {state.message}
          </p>
        )}
        <p className="lede">{words.intro}</p>
        <form onSubmit={(event) => void askForLink(event)} noValidate className="stack">
          <TextField
            label={words.emailLabel}
            type="email"
            autoComplete="email"
            value={email}
            onChange={setEmail}
          />
          {formError !== null && (
            <p className="form-error" role="alert">
              {formError}
            </p>
          )}
          <button type="submit" className="button button--primary button--wide" disabled={isBusy}>
            {words.sendLink}
          </button>
        </form>
      </LinkPageFrame>
    );
  }
  return <SignedIn children={state.children} request={request} />;
}

function SignedIn(props: {
  readonly children: readonly Child[];
  readonly request: { fetch?: FetchLike };
}) {
  const { children, request } = props;
  // The family's preferred language, where the page has it (parentWords.ts).
  const w = wordsFor(children[0]?.language ?? 'en-GB');
  const [pupilId, setPupilId] = useState(children[0]?.pupilId ?? '');
  const [from, setFrom] = useState(todayText());
  const [to, setTo] = useState(todayText());
  const [reason, setReason] = useState('');
  const [expectedReturn, setExpectedReturn] = useState('');
  const [message, setMessage] = useState<{ readonly ok: boolean; readonly text: string } | null>(
    null,
  );
  const [reports, setReports] = useState<readonly Report[]>([]);
  const [isBusy, setIsBusy] = useState(false);

  const loadReports = async () => {
    const answer = await call(parentReports, {}, request);
    if (answer.ok) setReports(answer.value.reports);
  };
  useEffect(() => {
    void call(parentReports, {}, request).then((answer) => {
      if (answer.ok) setReports(answer.value.reports);
    });
    // Runs once on signing in; a new report reloads the list itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (children.length === 0) {
    return (
      <LinkPageFrame>
        <h1>{w.title}</h1>
        <p className="lede">{w.noChildren}</p>
      </LinkPageFrame>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    setIsBusy(true);
    const answer = await call(
      reportAbsence,
      {
        body: {
          pupilId,
          from,
          to,
          reason: reason.trim(),
          expectedReturn: expectedReturn === '' ? null : expectedReturn,
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
      text: w.reported(children.find((c) => c.pupilId === pupilId)?.firstName ?? ''),
    });
    setReason('');
    setExpectedReturn('');
    await loadReports();
  };

  return (
    <LinkPageFrame>
      <h1>{w.reportTitle}</h1>
      <p className="lede">{w.reportIntro}</p>
      <section aria-labelledby="parent-attendance-heading">
        <h2 id="parent-attendance-heading">{w.attendanceHeading}</h2>
        <ul className="stack">
          {children.map((c) => (
            <li key={c.pupilId}>
              {c.attendance.term !== null && (
                <p>{w.missedThisTerm(c.firstName, c.attendance.term.sessionsMissed)}</p>
              )}
              <p>{w.missedThisYear(c.firstName, c.attendance.year.sessionsMissed)}</p>
            </li>
          ))}
        </ul>
      </section>
      <form onSubmit={(event) => void submit(event)} className="stack">
        <fieldset className="field">
          <legend className="field-label">{w.child}</legend>
          {children.map((c) => (
            <label key={c.pupilId} className="choice">
              <input
                type="radio"
                name="child"
                value={c.pupilId}
                checked={pupilId === c.pupilId}
                onChange={() => setPupilId(c.pupilId)}
              />{' '}
              {c.firstName} <span className="hint">({c.schoolName})</span>
            </label>
          ))}
        </fieldset>
        <DateField label={w.firstDay} value={from} onChange={setFrom} />
        <DateField label={w.lastDay} value={to} onChange={setTo} />
        <div className="field">
          <label htmlFor="parent-reason" className="field-label">
            {w.reason}
          </label>
          <p id="parent-reason-hint" className="hint">
            {w.reasonHint}
          </p>
          <textarea
            id="parent-reason"
            aria-describedby="parent-reason-hint"
            value={reason}
            maxLength={500}
            rows={3}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
        <DateField label={w.expectedReturn} value={expectedReturn} onChange={setExpectedReturn} />
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
      {reports.length > 0 && (
        <section aria-labelledby="parent-reports-heading">
          <h2 id="parent-reports-heading">{w.yourReports}</h2>
          <ul className="stack">
            {reports.map((r) => (
              <li key={r.id}>
                {r.pupilName}: {r.from}
                {r.to === r.from ? '' : ` – ${r.to}`} · {w.status[r.status]}
              </li>
            ))}
          </ul>
        </section>
      )}
      <LeaveRequestSection children={children} request={request} />
    </LinkPageFrame>
  );
}

function DateField(props: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (v: string) => void;
}) {
  const id = `parent-${props.label.replace(/[^a-z]/gi, '').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      <input
        id={id}
        type="date"
        value={props.value}
        onChange={(event) => props.onChange(event.target.value)}
      />
    </div>
  );
}
