/**
 * The parent page (`/parent`, and `/parent#TOKEN` from the emailed link): phone-first and loaded
 * as a chunk of its own, like the setup page, so no tablet's load carries it. A parent signs in
 * with an emailed link or a code by text, sees only their own children, how much school each has
 * missed (in days and hours, and this week's sessions in plain words) and reports an absence for
 * the office to decide (docs/parents.md). The words come in the family's language where the page
 * has it (parentWords.ts), loaded on demand.
 */
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { z } from 'zod';
import { familyLanguageOf, familyTimeMissed, type FamilyLanguage } from '../../domain/index';
import { parentCodeSignIn, requestParentCode } from '../../shared/api/endpoints/familyEndpoints';
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
import './parent.css';
import { LeaveRequestSection } from './LeaveRequestSection';
import { EN_GB, loadParentWords, PAGE_LANGUAGES, type ParentWords } from './parentWords';

type Child = z.infer<typeof parentChildSchema>;
type Report = z.infer<typeof absenceReportSchema>;

type State =
  | { readonly kind: 'checking' }
  | { readonly kind: 'signed_out'; readonly message: string | null }
  | { readonly kind: 'link_sent'; readonly email: string }
  | { readonly kind: 'code_sent'; readonly phone: string }
  | { readonly kind: 'signed_in'; readonly children: readonly Child[] };

/** Today in the browser's own time zone, as yyyy-MM-dd. */
function todayText(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/** The browser's language, when the page has it; else en-GB. */
function browserLanguage(): FamilyLanguage {
  return familyLanguageOf(typeof navigator === 'undefined' ? '' : navigator.language);
}

export function ParentPage(props: { readonly token: string; readonly fetch?: FetchLike }) {
  const request = props.fetch === undefined ? {} : { fetch: props.fetch };
  const [state, setState] = useState<State>({ kind: 'checking' });
  const [chosen, setChosen] = useState<FamilyLanguage | null>(null);
  const [words, setWords] = useState<ParentWords>(EN_GB);
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [formError, setFormError] = useState<{ form: string; text: string } | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  // The parent's own choice, else the family's preferred language once signed in, else the browser's.
  const language: FamilyLanguage =
    chosen ??
    (state.kind === 'signed_in' && state.children[0] !== undefined
      ? familyLanguageOf(state.children[0].language)
      : browserLanguage());
  useEffect(() => {
    let live = true;
    void loadParentWords(language).then((loaded) => {
      if (live) setWords(loaded);
    });
    return () => {
      live = false;
    };
  }, [language]);
  useEffect(() => {
    document.title = `${words.title} – Tickmark`;
    document.documentElement.lang = words.lang;
  }, [words]);

  useEffect(() => {
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
    else setFormError({ form: 'link', text: answer.error.message });
  };
  const askForCode = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setIsBusy(true);
    const answer = await call(requestParentCode, { body: { phone: phone.trim() } }, request);
    setIsBusy(false);
    if (answer.ok) setState({ kind: 'code_sent', phone: phone.trim() });
    else setFormError({ form: 'code', text: answer.error.message });
  };
  const signInWithCode = async (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    setIsBusy(true);
    const answer = await call(
      parentCodeSignIn,
      { body: { phone: phone.trim(), code: code.trim() } },
      request,
    );
    setIsBusy(false);
    if (answer.ok) setState({ kind: 'signed_in', children: answer.value.children });
    else setFormError({ form: 'sign_in', text: answer.error.message });
  };
  const problem = (form: string) =>
    formError?.form === form ? (
      <p className="form-error" role="alert">
        {formError.text}
      </p>
    ) : null;

  const frame = (content: ReactNode) => (
    <LinkPageFrame>
      <LanguageSwitch words={words} language={language} onChoose={setChosen} />
      <div lang={words.lang}>{content}</div>
    </LinkPageFrame>
  );

  if (state.kind === 'checking') {
    return frame(
      <>
        <h1>{words.title}</h1>
        <p className="lede" role="status">
          {words.checking}
        </p>
      </>,
    );
  }
  if (state.kind === 'link_sent') {
    return frame(
      <>
        <h1>{words.checkEmail}</h1>
        <p className="lede" role="status">
          {words.linkSent(state.email)}
        </p>
      </>,
    );
  }
  if (state.kind === 'code_sent') {
    return frame(
      <>
        <h1>{words.title}</h1>
        <p className="lede" role="status">
          {words.codeSent(state.phone)}
        </p>
        <form onSubmit={(event) => void signInWithCode(event)} noValidate className="stack">
          <TextField
            label={words.codeLabel}
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={setCode}
          />
          {problem('sign_in')}
          <button type="submit" className="button button--primary button--wide" disabled={isBusy}>
            {words.signIn}
          </button>
          <button
            type="button"
            className="button button--wide"
            onClick={() => {
              setCode('');
              setFormError(null);
              setState({ kind: 'signed_out', message: null });
            }}
          >
            {words.startAgain}
          </button>
        </form>
      </>,
    );
  }
  if (state.kind === 'signed_out') {
    return frame(
      <>
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
          {problem('link')}
          <button type="submit" className="button button--primary button--wide" disabled={isBusy}>
            {words.sendLink}
          </button>
        </form>
        <section aria-labelledby="parent-by-text-heading" className="parent-by-text">
          <h2 id="parent-by-text-heading">{words.byTextHeading}</h2>
          <p>{words.byTextIntro}</p>
          <form onSubmit={(event) => void askForCode(event)} noValidate className="stack">
            <TextField
              label={words.phoneLabel}
              type="tel"
              autoComplete="tel"
              value={phone}
              onChange={setPhone}
            />
            {problem('code')}
            <button type="submit" className="button button--wide" disabled={isBusy}>
              {words.sendCode}
            </button>
          </form>
        </section>
      </>,
    );
  }
  return frame(<SignedIn children={state.children} request={request} words={words} />);
}

/** The page's languages, each named in itself; the chosen one is pressed. */
function LanguageSwitch(props: {
  readonly words: ParentWords;
  readonly language: FamilyLanguage;
  readonly onChoose: (language: FamilyLanguage) => void;
}) {
  return (
    <nav aria-label={props.words.languageLabel} className="parent-languages">
      {PAGE_LANGUAGES.map((l) => (
        <button
          key={l.language}
          type="button"
          className="button"
          lang={l.language}
          aria-pressed={props.language === l.language}
          onClick={() => props.onChoose(l.language)}
        >
          {l.name}
        </button>
      ))}
    </nav>
  );
}

function SignedIn(props: {
  readonly children: readonly Child[];
  readonly request: { fetch?: FetchLike };
  readonly words: ParentWords;
}) {
  const { children, request, words: w } = props;
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
      <>
        <h1>{w.title}</h1>
        <p className="lede">{w.noChildren}</p>
      </>
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
    <>
      <h1>{w.reportTitle}</h1>
      <p className="lede">{w.reportIntro}</p>
      <section aria-labelledby="parent-attendance-heading">
        <h2 id="parent-attendance-heading">{w.attendanceHeading}</h2>
        <ul className="stack">
          {children.map((c) => (
            <li key={c.pupilId}>
              <ChildAttendance child={c} words={w} />
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
                {r.pupilName}: {w.day(r.from)}
                {r.to === r.from ? '' : ` – ${w.day(r.to)}`} · {w.status[r.status]}
              </li>
            ))}
          </ul>
        </section>
      )}
      <LeaveRequestSection children={children} request={request} words={w.leave} />
    </>
  );
}

/** Time missed in days and hours (never a percentage), and this week's sessions in words. */
function ChildAttendance(props: { readonly child: Child; readonly words: ParentWords }) {
  const { child, words: w } = props;
  const { term, year, schoolDayHours, week } = child.attendance;
  const days = [...new Set(week.map((s) => s.date))];
  return (
    <>
      {term !== null && (
        <p>
          {w.missed(child.firstName, 'term', familyTimeMissed(term.sessionsMissed, schoolDayHours))}
        </p>
      )}
      <p>
        {w.missed(child.firstName, 'year', familyTimeMissed(year.sessionsMissed, schoolDayHours))}
      </p>
      {days.length > 0 && (
        <table className="parent-week">
          <caption>{w.weekCaption(child.firstName)}</caption>
          <thead>
            <tr>
              <th scope="col">{w.dayColumn}</th>
              <th scope="col">{w.part.AM}</th>
              <th scope="col">{w.part.PM}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((date) => (
              <tr key={date}>
                <th scope="row">{w.day(date)}</th>
                {(['AM', 'PM'] as const).map((part) => {
                  const state = week.find((s) => s.date === date && s.part === part)?.state;
                  return (
                    <td
                      key={part}
                      className={`parent-week__cell parent-week__cell--${state ?? 'none'}`}
                    >
                      {state === undefined ? '' : w.weekState[state]}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
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
