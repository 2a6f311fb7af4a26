/**
 * Leave requests (docs/parents.md, "Leave requests"): the requests parents made on the parent
 * page, each with the pupil's attendance, the school rules it breaks and any evidence. The person
 * the school names in its leave settings (the attendance lead by default) grants or refuses each
 * with a reason; the server enters `C` in advance for granted leave, writes the letter and emails
 * it. For refused leave whose dates have come, the office records each `N` in them as `G`.
 */
import { useCallback, useEffect, useState } from 'react';
import { fillPath } from '../../shared/api/endpoint';
import * as leave from '../../shared/api/endpoints/leaveEndpoints';
import type { LeaveRequest, LeaveStatus } from '../../shared/api/leaveSchemas';
import { call } from '../api/call';
import type { OfficeTabProps } from './officeTabProps';
import { leaveSpanWords, percentWords } from './leaveWords';

const STATUSES: readonly { id: LeaveStatus; title: string }[] = [
  { id: 'requested', title: 'Waiting for a decision' },
  { id: 'granted', title: 'Granted' },
  { id: 'refused', title: 'Refused' },
];

export function LeaveTab(props: OfficeTabProps) {
  const options = {
    staffId: props.staff.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
  };
  const [status, setStatus] = useState<LeaveStatus>('requested');
  const [requests, setRequests] = useState<readonly LeaveRequest[]>([]);
  const [mayDecide, setMayDecide] = useState(false);
  const [decidedBy, setDecidedBy] = useState<string>('attendance_lead');
  const [problem, setProblem] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [reasons, setReasons] = useState<Readonly<Record<string, string>>>({});
  const [evidence, setEvidence] = useState<Readonly<Record<string, string>>>({});
  const [isBusy, setIsBusy] = useState(false);

  const load = useCallback(async () => {
    const answer = await call(leave.leaveQueue, { query: { status } }, options);
    if (answer.ok) {
      setRequests(answer.value.requests);
      setMayDecide(answer.value.mayDecide);
      setDecidedBy(answer.value.decidedBy);
      setProblem(null);
    } else setProblem(answer.error.message);
    // options is rebuilt each render from stable props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [status, props.staff.staffId]);
  useEffect(() => {
    void Promise.resolve().then(load);
  }, [load]);

  const decide = async (request: LeaveRequest, decision: 'grant' | 'refuse') => {
    setMessage(null);
    setIsBusy(true);
    const answer = await call(
      leave.decideLeave,
      { params: { id: request.id }, body: { decision, reason: reasons[request.id] ?? '' } },
      options,
    );
    setIsBusy(false);
    if (!answer.ok) {
      setMessage(answer.error.message);
      return;
    }
    const done = answer.value.request;
    const emailed =
      done.emailed === null
        ? ''
        : done.emailed.outcome === 'sent'
          ? ` The letter was emailed to ${done.emailed.to ?? 'the parent'}.`
          : ` The letter was ${done.emailed.outcome}; print it from the Granted or Refused list.`;
    setMessage(
      decision === 'grant'
        ? `Granted for ${done.pupilName}: ${done.entriesChanged ?? 0} sessions entered as C.${emailed}`
        : `Refused for ${done.pupilName}; the register is unchanged.${emailed}`,
    );
    await load();
  };

  const recordG = async (request: LeaveRequest) => {
    setMessage(null);
    const before = request.entriesChanged ?? 0;
    const answer = await call(leave.recordRefusedLeave, { params: { id: request.id } }, options);
    if (!answer.ok) {
      setMessage(answer.error.message);
      return;
    }
    const now = (answer.value.request.entriesChanged ?? 0) - before;
    setMessage(
      now === 0
        ? `No N to record for ${request.pupilName} in those sessions.`
        : `Recorded ${now} absence${now === 1 ? '' : 's'} as G for ${request.pupilName}.`,
    );
    await load();
  };

  const showEvidence = async (request: LeaveRequest) => {
    const answer = await call(leave.leaveEvidence, { params: { id: request.id } }, options);
    if (!answer.ok) {
      setMessage(answer.error.message);
      return;
    }
    const bytes = Uint8Array.from(atob(answer.value.data), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: answer.value.mediaType }));
    setEvidence({ ...evidence, [request.id]: url });
  };

  return (
    <section aria-labelledby="leave-heading" className="office-tab">
      <h2 id="leave-heading">Leave requests</h2>
      <p className="notice">
        Decided by the{' '}
        {decidedBy === 'admin' ? 'head teacher (an administrator)' : 'attendance lead'}
        {mayDecide ? ': you.' : '. You can see the requests; they decide.'}
      </p>
      <fieldset>
        <legend>Show</legend>
        {STATUSES.map((s) => (
          <label key={s.id} className="leave-filter">
            <input
              type="radio"
              name="leave-status"
              checked={status === s.id}
              onChange={() => setStatus(s.id)}
            />{' '}
            {s.title}
          </label>
        ))}
      </fieldset>
      {problem !== null && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {message !== null && (
        <p className="notice" role="status">
          {message}
        </p>
      )}
      {requests.length === 0 ? (
        <p className="notice">No leave requests here.</p>
      ) : (
        <ul className="chase-list">
          {requests.map((r) => (
            <li key={r.id} className="parents-report leave-request">
              <h3>
                {r.pupilName}: {leaveSpanWords(r.from, r.to)}
              </h3>
              <p>
                Asked for by {r.requestedBy.name} ({r.requestedBy.relationship}) on{' '}
                {r.at.slice(0, 10)}, {r.sessions} school session{r.sessions === 1 ? '' : 's'}: “
                {r.reason}”
              </p>
              <p>
                Attendance this term: {percentWords(r.attendance.term)}; this school year:{' '}
                {percentWords(r.attendance.year)}.
              </p>
              {r.rulesBroken.length === 0 ? (
                <p>It breaks none of the school’s leave rules.</p>
              ) : (
                <div>
                  <p>It breaks these of the school’s rules:</p>
                  <ul aria-label={`Rules broken by ${r.pupilName}'s request`}>
                    {r.rulesBroken.map((b) => (
                      <li key={b.rule}>{b.message}</li>
                    ))}
                  </ul>
                </div>
              )}
              {r.evidenceName !== null &&
                (evidence[r.id] === undefined ? (
                  <button type="button" className="button" onClick={() => void showEvidence(r)}>
                    Get the evidence ({r.evidenceName})
                  </button>
                ) : (
                  <a className="button" href={evidence[r.id]} download={r.evidenceName}>
                    Open {r.evidenceName}
                  </a>
                ))}
              {r.status === 'requested' && mayDecide && (
                <div className="leave-decision">
                  <label>
                    Reason for the decision (the parent reads it in the letter)
                    <textarea
                      value={reasons[r.id] ?? ''}
                      onChange={(e) => setReasons({ ...reasons, [r.id]: e.target.value })}
                    />
                  </label>
                  <button
                    type="button"
                    className="button button--primary"
                    disabled={isBusy || (reasons[r.id] ?? '').trim().length < 3}
                    onClick={() => void decide(r, 'grant')}
                  >
                    Grant leave for {r.pupilName}
                  </button>{' '}
                  <button
                    type="button"
                    className="button"
                    disabled={isBusy || (reasons[r.id] ?? '').trim().length < 3}
                    onClick={() => void decide(r, 'refuse')}
                  >
                    Refuse
                  </button>
                </div>
              )}
              {r.status !== 'requested' && (
                <>
                  <p>
                    {r.status === 'granted' ? 'Granted' : 'Refused'} by {r.decidedBy?.name ?? '—'}:{' '}
                    “{r.decisionReason}”.{' '}
                    {r.emailed === null
                      ? ''
                      : r.emailed.outcome === 'sent'
                        ? `Letter emailed to ${r.emailed.to ?? 'the parent'}.`
                        : `Letter ${r.emailed.outcome}.`}
                  </p>
                  <a
                    className="button"
                    href={fillPath(leave.leaveLetter.path, { id: r.id })}
                    download
                  >
                    Download the letter (PDF)
                  </a>
                </>
              )}
              {r.status === 'refused' && (
                <button type="button" className="button" onClick={() => void recordG(r)}>
                  Record absences in these sessions as G
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
