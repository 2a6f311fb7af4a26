/**
 * The office's parents tab: first-day messages to the families of pupils on the chase list, sent
 * by text or email in one action (each family once, however often it is pressed), and the
 * "Reported by parents" queue, where accepting a report records the chosen code on the pupil's
 * `N` through the audited event path with the parent named in the reason (docs/parents.md).
 */
import { useCallback, useEffect, useState } from 'react';
import * as office from '../../shared/api/endpoints/officeEndpoints';
import * as parents from '../../shared/api/endpoints/parentEndpoints';
import type { ChaseResponse } from '../../shared/api/officeSchemas';
import type { AbsenceReport, FirstDayResult } from '../../shared/api/parentSchemas';
import { call } from '../api/call';
import { ContactsPanel } from './ContactsPanel';
import { MessageWordingPanel } from './MessageWordingPanel';
import { schoolToday } from './officeFormat';
import type { OfficeTabProps } from './officeTabProps';

const OUTCOME_WORDS: Readonly<Record<FirstDayResult['outcome'], string>> = {
  sent: 'sent',
  already_sent: 'sent before: not sent again',
  pending: 'outcome unknown: not sent again',
  failed: 'NOT SENT',
  no_contact: 'nobody to send to',
};

const ACCEPT_CODES = [
  { code: 'I', label: 'I – illness' },
  { code: 'M', label: 'M – medical or dental appointment' },
  { code: 'C', label: 'C – other authorised circumstances' },
  { code: 'R', label: 'R – religious observance' },
  { code: 'N', label: 'N – reason not yet acceptable' },
] as const;

export function ParentsTab(props: OfficeTabProps) {
  const options = {
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
  };
  const today = schoolToday(props.clock.now(), props.school.timeZone);
  const [chase, setChase] = useState<ChaseResponse | null>(null);
  const [reports, setReports] = useState<readonly AbsenceReport[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(new Set());
  const [channel, setChannel] = useState<'sms' | 'email'>('email');
  const [results, setResults] = useState<readonly FirstDayResult[]>([]);
  const [openPupil, setOpenPupil] = useState<string | null>(null);
  const [codes, setCodes] = useState<Readonly<Record<string, string>>>({});
  const [queueMessage, setQueueMessage] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);
  const [isWordingOpen, setIsWordingOpen] = useState(false);

  const load = useCallback(async () => {
    const [c, r] = await Promise.all([
      call(office.chase, { query: { today } }, options),
      call(parents.listAbsenceReports, { query: { status: 'new' } }, options),
    ]);
    if (c.ok) setChase(c.value);
    if (r.ok) setReports(r.value.reports);
    setProblem(!c.ok ? c.error.message : !r.ok ? r.error.message : null);
    // options is rebuilt each render from stable props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [today, props.staff.staffId]);
  useEffect(() => {
    void Promise.resolve().then(load);
  }, [load]);

  // One line per pupil: their most recent N session is the one the message is about.
  const latest = new Map<string, ChaseResponse['items'][number]>();
  for (const item of chase?.items ?? []) latest.set(item.pupilId, item);
  const pupils = [...latest.values()];
  const nameOf = (pupilId: string) => latest.get(pupilId)?.pupilName ?? 'Pupil';

  const send = async () => {
    setIsBusy(true);
    setResults([]);
    const bySession = new Map<string, { date: string; part: 'AM' | 'PM'; ids: string[] }>();
    for (const id of chosen) {
      const item = latest.get(id);
      if (item === undefined) continue;
      const key = `${item.session.date}:${item.session.part}`;
      const group = bySession.get(key) ?? {
        date: item.session.date,
        part: item.session.part,
        ids: [],
      };
      group.ids.push(id);
      bySession.set(key, group);
    }
    const all: FirstDayResult[] = [];
    for (const group of bySession.values()) {
      const answer = await call(
        parents.sendFirstDayMessages,
        { body: { session: { date: group.date, part: group.part }, channel, pupilIds: group.ids } },
        options,
      );
      if (answer.ok) all.push(...answer.value.results);
      else setProblem(answer.error.message);
    }
    setResults(all);
    setIsBusy(false);
  };

  const decide = async (report: AbsenceReport, accept: boolean) => {
    setQueueMessage(null);
    const answer = accept
      ? await call(
          parents.acceptAbsenceReport,
          { params: { id: report.id }, body: { code: (codes[report.id] ?? 'I') as 'I' } },
          options,
        )
      : await call(parents.declineAbsenceReport, { params: { id: report.id } }, options);
    if (!answer.ok) {
      setQueueMessage(answer.error.message);
      return;
    }
    setQueueMessage(
      accept
        ? `Accepted for ${report.pupilName}: ${answer.value.report.entriesChanged ?? 0} register entries recorded.`
        : `Declined for ${report.pupilName}; the register is unchanged.`,
    );
    await load();
  };

  return (
    <section aria-labelledby="parents-heading" className="office-tab">
      <h2 id="parents-heading">Parents</h2>
      {problem !== null && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <section aria-labelledby="reported-heading">
        <h3 id="reported-heading">Reported by parents</h3>
        {queueMessage !== null && (
          <p className="notice" role="status">
            {queueMessage}
          </p>
        )}
        {reports.length === 0 ? (
          <p className="notice">No reports are waiting.</p>
        ) : (
          <ul className="chase-list">
            {reports.map((r) => (
              <li key={r.id} className="parents-report">
                <p>
                  <strong>{r.pupilName}</strong>: {r.from}
                  {r.to === r.from ? '' : ` to ${r.to}`}, reported by {r.reportedBy.name} (
                  {r.reportedBy.relationship}): “{r.reason}”
                  {r.expectedReturn === null ? '' : ` Expected back ${r.expectedReturn}.`}
                </p>
                <label>
                  Code{' '}
                  <select
                    value={codes[r.id] ?? 'I'}
                    onChange={(e) => setCodes({ ...codes, [r.id]: e.target.value })}
                  >
                    {ACCEPT_CODES.map((c) => (
                      <option key={c.code} value={c.code}>
                        {c.label}
                      </option>
                    ))}
                  </select>
                </label>{' '}
                <button
                  type="button"
                  className="button button--primary"
                  onClick={() => void decide(r, true)}
                >
                  Accept report for {r.pupilName}
                </button>{' '}
                <button type="button" className="button" onClick={() => void decide(r, false)}>
                  Decline
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="first-day-heading">
        <h3 id="first-day-heading">First-day messages</h3>
        {pupils.length === 0 ? (
          <p className="notice">No pupil has an N to chase.</p>
        ) : (
          <>
            <fieldset>
              <legend>Pupils absent without a reason</legend>
              {pupils.map((p) => (
                <div key={p.pupilId} className="parents-pupil">
                  <label>
                    <input
                      type="checkbox"
                      checked={chosen.has(p.pupilId)}
                      onChange={(e) => {
                        const next = new Set(chosen);
                        if (e.target.checked) next.add(p.pupilId);
                        else next.delete(p.pupilId);
                        setChosen(next);
                      }}
                    />{' '}
                    {p.pupilName} ({p.session.date} {p.session.part})
                  </label>{' '}
                  <button
                    type="button"
                    className="button"
                    onClick={() => setOpenPupil(openPupil === p.pupilId ? null : p.pupilId)}
                  >
                    {openPupil === p.pupilId ? 'Hide contacts' : 'Contacts'}
                  </button>
                  {openPupil === p.pupilId && (
                    <ContactsPanel
                      pupilId={p.pupilId}
                      staffId={props.staff.staffId}
                      fetch={props.fetch}
                    />
                  )}
                </div>
              ))}
            </fieldset>
            <fieldset>
              <legend>Send by</legend>
              <label>
                <input
                  type="radio"
                  name="first-day-channel"
                  checked={channel === 'email'}
                  onChange={() => setChannel('email')}
                />{' '}
                Email
              </label>{' '}
              <label>
                <input
                  type="radio"
                  name="first-day-channel"
                  checked={channel === 'sms'}
                  onChange={() => setChannel('sms')}
                />{' '}
                Text message
              </label>
            </fieldset>
            <button
              type="button"
              className="button button--primary"
              disabled={isBusy || chosen.size === 0}
              onClick={() => void send()}
            >
              Send first-day messages ({chosen.size})
            </button>
          </>
        )}
        {results.length > 0 && (
          <ul aria-label="Messages sent" className="stack">
            {results.map((r) => (
              <li key={r.pupilId} className={r.outcome === 'failed' ? 'form-error' : undefined}>
                {nameOf(r.pupilId)}: {OUTCOME_WORDS[r.outcome]}
                {r.problem === null ? '' : ` – ${r.problem}`}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="wording-heading">
        <h3 id="wording-heading">Message wording</h3>
        <button
          type="button"
          className="button"
          aria-expanded={isWordingOpen}
          onClick={() => setIsWordingOpen(!isWordingOpen)}
        >
          {isWordingOpen ? 'Close the wording' : 'Change the wording of first-day messages'}
        </button>
        {isWordingOpen && (
          <MessageWordingPanel staffId={props.staff.staffId} today={today} fetch={props.fetch} />
        )}
      </section>
    </section>
  );
}
