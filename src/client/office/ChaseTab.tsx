/**
 * The chase list: every pupil with `N`, oldest first, with school days outstanding and an overdue
 * flag. Recording the reason from a parent's call takes two taps — a code, then Save on a
 * prefilled reason such as "Parent phoned 08:55" (editable) — and is an audited amendment through
 * the outbox; one reason can cover the pupil's consecutive sessions. An overdue `N` becomes `O`
 * with a reason. First-day contact attempts are logged per absence, and a run nobody has reached
 * says so at a glance.
 */
import { useId, useState } from 'react';
import { mayEnter, type LocalDate } from '../../domain/index';
import * as office from '../../shared/api/endpoints/officeEndpoints';
import { call } from '../api/call';
import { codeMeaning, formatDay, formatSchoolTime, formatSessionShort } from '../ui/format';
import { markProblems } from '../marks/markChoices';
import {
  CONTACT_METHODS,
  type ChaseItem,
  type ContactMethod,
} from '../../shared/api/officeSchemas';
import { ListStatus, failureText } from './ListStatus';
import {
  CHASE_CODES,
  CONTACT_LABELS,
  chaseClasses,
  chaseRuns,
  filterRuns,
  isReached,
  prefilledReason,
  type ChaseRun,
} from './chase';
import { codeLabel, formatInstant, schoolToday, wireDate, wireSession } from './officeFormat';
import { actionEnvOf, issuesText, recordOfficeMark } from './officeMark';
import type { OfficeTabProps } from './officeTabProps';
import { undoOfficeMarks } from './officeUndo';
import { UndoToast, useUndoToast, type ToastOffer } from '../ui/UndoToast';
import { useOnlineList } from './useOnlineList';

export interface ChaseTabProps extends OfficeTabProps {
  readonly onOpenPupil: (pupilId: string) => void;
}

export function ChaseTab(props: ChaseTabProps) {
  const { school, clock } = props;
  const today = schoolToday(clock.now(), school.timeZone);
  const { list, refresh } = useOnlineList({
    db: props.db,
    cacheKey: 'chase',
    endpoint: office.chase,
    input: { query: { today } },
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
    clock,
    timers: props.timers,
    refreshMs: 60_000,
  });
  // Runs recorded here but not yet gone from the server's list (the mark is syncing).
  const [recorded, setRecorded] = useState<ReadonlyMap<string, string>>(new Map());
  // The undo offered after a save, shown over that card's "Recorded …" line.
  const toast = useUndoToast(props.timers);
  const [toastRun, setToastRun] = useState<string | null>(null);
  const [groupId, setGroupId] = useState<string | null>(null);
  const [overdueOnly, setOverdueOnly] = useState(false);
  const classId = useId();

  return (
    <section aria-labelledby="chase-heading" className="office-tab">
      <h2 id="chase-heading">Chase list: absent, reason not yet known (N)</h2>
      <ListStatus list={list} timeZone={school.timeZone} what="the chase list" onRetry={refresh}>
        {(value) => {
          const runs = chaseRuns(value.items);
          if (runs.length === 0) {
            return <p className="notice">No pupil has an N to chase. Well done.</p>;
          }
          const notReached = runs.filter((r) => !isReached(r.contact)).length;
          const overdue = runs.filter((r) => r.overdue).length;
          const classes = chaseClasses(runs);
          // A class chosen earlier whose runs have all been resolved falls back to every class.
          const chosen = classes.some((c) => c.id === groupId) ? groupId : null;
          const shown = filterRuns(runs, { groupId: chosen, overdueOnly });
          return (
            <>
              <p className="lede">
                {runs.length} {runs.length === 1 ? 'absence' : 'absences'} to chase;{' '}
                <strong>{notReached} not reached</strong>; {overdue} overdue. A reason is due within{' '}
                {value.nResolveSchoolDays} school days.
              </p>
              <div className="office-row chase-filters" role="group" aria-label="Filter the list">
                <div className="field">
                  <label htmlFor={classId} className="field-label">
                    Class
                  </label>
                  <select
                    id={classId}
                    value={chosen ?? ''}
                    onChange={(event) =>
                      setGroupId(event.target.value === '' ? null : event.target.value)
                    }
                  >
                    <option value="">Every class</option>
                    {classes.map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.name}
                      </option>
                    ))}
                  </select>
                </div>
                <label className="check chase-filters__overdue">
                  <input
                    type="checkbox"
                    checked={overdueOnly}
                    onChange={(event) => setOverdueOnly(event.target.checked)}
                  />{' '}
                  Only overdue (no reason after {value.nResolveSchoolDays} school days)
                </label>
              </div>
              <p className="hint" role="status">
                {shown.length === runs.length
                  ? `Showing all ${runs.length}.`
                  : `Showing ${shown.length} of ${runs.length}.`}
              </p>
              {shown.length === 0 && (
                <p className="notice">
                  No absence to chase matches these filters. Choose “Every class” or untick “Only
                  overdue” to see the rest.
                </p>
              )}
              <ul className="chase-list">
                {shown.map((run) => (
                  <li key={run.runId}>
                    <ChaseCard
                      {...props}
                      run={run}
                      allowedDays={value.nResolveSchoolDays}
                      today={today}
                      recordedAs={recorded.get(run.runId) ?? null}
                      toast={toastRun === run.runId ? toast.current : null}
                      onRecorded={(text, undo) => {
                        setRecorded((m) => new Map(m).set(run.runId, text));
                        setToastRun(run.runId);
                        toast.offer({
                          text,
                          actionLabel: 'Undo',
                          action: () => {
                            toast.dismiss();
                            void undo().then((problem) => {
                              if (problem !== null) {
                                setRecorded((m) => new Map(m).set(run.runId, problem));
                                return;
                              }
                              // The N is back: the card offers its codes again.
                              setRecorded((m) => {
                                const next = new Map(m);
                                next.delete(run.runId);
                                return next;
                              });
                            });
                          },
                        });
                      }}
                      onContactLogged={refresh}
                    />
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </ListStatus>
    </section>
  );
}

interface ChaseCardProps extends ChaseTabProps {
  readonly run: ChaseRun;
  readonly allowedDays: number;
  readonly today: LocalDate;
  readonly recordedAs: string | null;
  /** The undo toast, when it belongs to this card. */
  readonly toast: ToastOffer | null;
  /** After a save: what was recorded, and how to undo it (null, or why it could not be). */
  readonly onRecorded: (text: string, undo: () => Promise<string | null>) => void;
  readonly onContactLogged: () => void;
}

function ChaseCard(props: ChaseCardProps) {
  const { run, school, staff, clock, db } = props;
  const headingId = useId();
  const reasonId = useId();
  const [code, setCode] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [wholeRun, setWholeRun] = useState(true);
  const [problems, setProblems] = useState<string[]>([]);
  const [isBusy, setIsBusy] = useState(false);
  const [contactMessage, setContactMessage] = useState<string | null>(null);
  const firstItem = run.items[0];
  const lastItem = run.items.at(-1);
  if (firstItem === undefined || lastItem === undefined) return null;
  const first = { ...firstItem, session: wireSession(firstItem.session) };
  const last = { ...lastItem, session: wireSession(lastItem.session) };
  const codes = CHASE_CODES.filter((c) => mayEnter(school, staff.role, c));

  const chooseCode = (chosen: string) => {
    setCode(chosen);
    setProblems([]);
    setReason(
      prefilledReason(chosen, formatSchoolTime(clock.now(), school.timeZone), props.allowedDays),
    );
  };

  const save = async () => {
    if (code === null) return;
    const items = wholeRun ? run.items : [first];
    const text = reason.trim();
    const found = items.flatMap((item) =>
      markProblems({
        school,
        actor: { staffId: staff.staffId, name: staff.name, role: staff.role },
        pupilId: item.pupilId,
        session: wireSession(item.session),
        shown: { code: 'N', minutesLate: null, headEventId: item.headEventId, headRole: null },
        mark: { code, minutesLate: null, arrivedAt: null, reason: text === '' ? null : text },
        registerClosed: true,
      }),
    );
    if (found.length > 0) {
      setProblems([...new Set(found.map((p) => `${p.message}.`))]);
      return;
    }
    setIsBusy(true);
    const made: { item: ChaseItem; eventId: string }[] = [];
    for (const item of items) {
      const result = await recordOfficeMark(
        db,
        {
          pupilId: item.pupilId,
          session: wireSession(item.session),
          code,
          reason: text,
          actor: { staffId: staff.staffId, role: staff.role },
        },
        actionEnvOf(props),
        { eventId: item.headEventId, seq: null },
      );
      if (!result.ok) {
        setIsBusy(false);
        setProblems([issuesText(result.errors)]);
        return;
      }
      made.push({ item, eventId: result.value.eventId });
    }
    setIsBusy(false);
    props.requestSync?.();
    setCode(null);
    // Each session gets its N back as a new amendment (officeUndo.ts), based on the mark it
    // undoes, so the history keeps both and a change made since is not overwritten blind.
    const undo = (): Promise<string | null> =>
      undoOfficeMarks(
        props,
        made.map(({ item, eventId }) => ({
          pupilId: item.pupilId,
          session: wireSession(item.session),
          before: { code: 'N', minutesLate: null, arrivedAt: null },
          made: { eventId, code, minutesLate: null, arrivedAt: null },
        })),
      );
    props.onRecorded(
      `Recorded ${code} for ${items.length === 1 ? formatSessionShort(first.session) : `${items.length} sessions`}: “${text}”. Sending to the office server.`,
      undo,
    );
  };

  const logContact = async (method: ContactMethod) => {
    setContactMessage(null);
    const answer = await call(
      office.recordContact,
      { body: { id: crypto.randomUUID(), pupilId: run.pupilId, session: first.session, method } },
      {
        staffId: staff.staffId,
        ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
      },
    );
    if (answer.ok) {
      setContactMessage(`${CONTACT_LABELS[method]} logged.`);
      props.onContactLogged();
    } else {
      setContactMessage(failureText(answer.error, 'logging a contact'));
    }
  };

  const reached = isReached(run.contact);
  return (
    <article
      className={`office-card chase-card${run.overdue ? ' chase-card--overdue' : ''}`}
      aria-labelledby={headingId}
    >
      <header className="chase-card__header">
        <h3 id={headingId}>
          <button
            type="button"
            className="link-button"
            onClick={() => props.onOpenPupil(run.pupilId)}
          >
            {run.pupilName}
          </button>
        </h3>
        <span className="hint">{run.groupName ?? 'No class'}</span>
        {run.overdue && <span className="tag tag--overdue">Overdue</span>}
        <span className={`tag ${reached ? 'tag--reached' : 'tag--not-reached'}`}>
          {reached ? 'Reached' : 'Not reached'}
        </span>
      </header>
      <p>
        N since {formatSessionShort(first.session)}
        {run.items.length > 1 &&
          ` to ${formatSessionShort(last.session)} (${run.items.length} sessions)`}
        {' · '}
        {run.schoolDaysOutstanding} school {run.schoolDaysOutstanding === 1 ? 'day' : 'days'}{' '}
        outstanding
        {!run.overdue && ` · reason due by ${formatDay(wireDate(first.deadline))}`}
      </p>
      {run.estimate && (
        <p className="hint">
          These school days are an estimate: the term dates for them are not entered yet, so
          weekdays less bank holidays are counted. An admin can enter them under Admin › Term dates
          for the exact days.
        </p>
      )}
      <p className="hint">
        {run.contact === null
          ? 'No contact attempt yet.'
          : `Last contact: ${CONTACT_LABELS[run.contact.method]} by ${run.contact.by.name}, ${formatInstant(run.contact.at, school.timeZone, props.today)}${run.contact.attempts > 1 ? ` (${run.contact.attempts} attempts)` : ''}.`}
      </p>

      {props.recordedAs !== null ? (
        <div className="undo-toast-host">
          <p className="notice office-done" role="status">
            {props.recordedAs}
          </p>
          <UndoToast offer={props.toast} />
        </div>
      ) : (
        <>
          <div
            className="chase-card__codes"
            role="group"
            aria-label={`Reason for ${run.pupilName}`}
          >
            {codes.map((c) => (
              <button
                key={c}
                type="button"
                className={`button code-button${c === 'O' && run.overdue ? ' code-button--suggested' : ''}`}
                aria-pressed={code === c}
                onClick={() => chooseCode(c)}
              >
                {/* The meaning in plain words on the button, from the code table: a tooltip
                    needs a mouse, and the office works on tablets too. */}
                <span className="button__code">{c}</span>{' '}
                <span className="code-button__meaning">{codeMeaning(c, first.session.date)}</span>
              </button>
            ))}
          </div>
          {code !== null && (
            <div className="chase-card__reason">
              <p>
                <strong>{codeLabel(code, first.session.date)}</strong>
              </p>
              <div className="field">
                <label htmlFor={reasonId} className="field-label">
                  Reason
                </label>
                <input
                  id={reasonId}
                  type="text"
                  maxLength={500}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                />
              </div>
              {run.items.length > 1 && (
                <label className="check">
                  <input
                    type="checkbox"
                    checked={wholeRun}
                    onChange={(event) => setWholeRun(event.target.checked)}
                  />{' '}
                  Use this reason for all {run.items.length} sessions
                </label>
              )}
              {problems.length > 0 && (
                <ul className="form-error" role="alert">
                  {problems.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              )}
              <div className="office-actions">
                <button
                  type="button"
                  className="button button--primary"
                  disabled={isBusy}
                  onClick={() => void save()}
                >
                  Save
                </button>
                <button type="button" className="button" onClick={() => setCode(null)}>
                  Cancel
                </button>
              </div>
            </div>
          )}
        </>
      )}

      <details className="chase-card__contact">
        <summary className="button">Log first-day contact</summary>
        <div className="office-actions" role="group" aria-label={`Contact about ${run.pupilName}`}>
          {CONTACT_METHODS.map((method) => (
            <button
              key={method}
              type="button"
              className="button"
              onClick={() => void logContact(method)}
            >
              {CONTACT_LABELS[method]}
            </button>
          ))}
        </div>
        {contactMessage !== null && (
          <p role="status" className="hint">
            {contactMessage}
          </p>
        )}
      </details>
    </article>
  );
}
