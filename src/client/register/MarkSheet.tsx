/**
 * The choices for one pupil (docs/design.md §3.4): present, late with an arrival time (the code and
 * minutes decided by the domain and shown before confirming), absent `N`, and the other codes the
 * person's role may enter. An entry made in advance by the office asks for confirmation before it
 * is replaced; a change after the register has closed asks for a reason.
 */
import { useId, useRef, useState } from 'react';
import {
  formatWallTime,
  mayEnter,
  otherCodes,
  presentCode,
  timesFor,
  type GroupRef,
  type SchoolConfig,
  type SessionRef,
} from '../../domain/index';
import type { StaffProfile } from '../auth/deviceAuth';
import type { Clock } from '../clock';
import type { RegisterPupil } from '../marks/registerView';
import { codeMeaning, formatSchoolTime, formatSession } from '../ui/format';
import { ArrivalTimeField } from '../ui/ArrivalTimeField';
import { Modal } from '../ui/Modal';
import { markProblems, readArrival, type ProposedMark } from '../marks/markChoices';
import { describeMark, headRoleOf, isProtected, ROLE_NAMES } from './pupilState';

export interface MarkSheetProps {
  readonly pupil: RegisterPupil;
  readonly session: SessionRef;
  readonly school: SchoolConfig;
  readonly group: GroupRef | null;
  readonly staff: StaffProfile;
  /** The arrival time defaults to the clock's minute now, for today's register. */
  readonly clock: Clock;
  readonly isToday: boolean;
  readonly registerClosed: boolean;
  /** Records the mark; resolves to an error message, or null once it is saved on the tablet. */
  readonly onRecord: (mark: ProposedMark) => Promise<string | null>;
  readonly onClose: () => void;
  readonly returnFocusTo: HTMLElement | null;
}

type Step =
  | { readonly kind: 'choose' }
  | { readonly kind: 'late' }
  | { readonly kind: 'confirm'; readonly mark: ProposedMark; readonly label: string };

const plain = (code: string): ProposedMark => ({
  code,
  minutesLate: null,
  arrivedAt: null,
  reason: null,
});

export function MarkSheet(props: MarkSheetProps) {
  const { pupil, session, school, group, staff, registerClosed } = props;
  const headingId = useId();
  const reasonId = useId();
  const timeId = useId();
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const [step, setStep] = useState<Step>({ kind: 'choose' });
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [isBusy, setIsBusy] = useState(false);
  const times = timesFor(school, group, session.part);
  const [arrival, setArrival] = useState(() =>
    props.isToday
      ? formatSchoolTime(props.clock.now(), school.timeZone)
      : formatWallTime(times.start),
  );

  const present = presentCode(session.part);
  const role = staff.role;
  const headRole = headRoleOf(pupil);
  const isAmendment = pupil.code !== null;
  const asksReason = isAmendment && (registerClosed || role !== 'teacher');
  const reading = readArrival(school, group, session, arrival, props.clock.now());

  const withReason = (mark: ProposedMark): ProposedMark => ({
    ...mark,
    reason: reason.trim() === '' ? null : reason.trim(),
  });

  const record = async (mark: ProposedMark) => {
    setIsBusy(true);
    const error = await props.onRecord(mark);
    setIsBusy(false);
    if (error === null) props.onClose();
    else setProblems([error]);
  };

  const choose = (chosen: ProposedMark, label: string) => {
    const mark = withReason(chosen);
    const found = markProblems({
      school,
      actor: { staffId: staff.staffId, name: staff.name, role },
      pupilId: pupil.pupilId,
      session,
      shown: {
        code: pupil.code,
        minutesLate: pupil.minutesLate,
        headEventId: pupil.headEventId,
        headRole,
      },
      mark,
      registerClosed,
    });
    if (found.length > 0) {
      setProblems(found.map((p) => `${p.message}.`));
      if (found.some((p) => p.field === 'reason')) reasonRef.current?.focus();
      return;
    }
    setProblems([]);
    if (isProtected(pupil) && step.kind !== 'confirm') {
      setStep({ kind: 'confirm', mark, label });
      return;
    }
    void record(mark);
  };

  const chooseLate = () => {
    if (!reading.ok) {
      setProblems([reading.message]);
      return;
    }
    const { code, minutesLate } = reading.decision;
    const mark: ProposedMark =
      code === 'L' || code === 'U'
        ? { code, minutesLate, arrivedAt: reading.arrivedAt, reason: null }
        : plain(code);
    choose(mark, reading.summary);
  };

  return (
    <Modal labelledBy={headingId} onClose={props.onClose} returnFocusTo={props.returnFocusTo}>
      <h2 id={headingId} tabIndex={-1} className="sheet__title">
        {pupil.displayName}
      </h2>
      <p className="sheet__subtitle">{formatSession(session)}</p>
      <dl className="sheet__facts">
        <div>
          <dt>Now</dt>
          <dd>
            {describeMark(pupil, session.date)}
            {isProtected(pupil) && headRole !== null && <> — entered by {ROLE_NAMES[headRole]}</>}
          </dd>
        </div>
        {pupil.isPending && (
          <div>
            <dt>Sync</dt>
            <dd>Saved on this tablet, not sent to the office yet</dd>
          </div>
        )}
        {pupil.needsReview && (
          <div>
            <dt>Review</dt>
            <dd>Needs office review</dd>
          </div>
        )}
        {pupil.notice !== null && (
          <div>
            <dt>Office</dt>
            <dd>
              {pupil.notice.status === 'rejected'
                ? 'The office did not accept the last change from this tablet'
                : 'The last change from this tablet was overtaken'}
              {pupil.notice.reason !== null && <>: {pupil.notice.reason}</>}
            </dd>
          </div>
        )}
      </dl>

      {asksReason && step.kind !== 'confirm' && (
        <div className="field">
          <label htmlFor={reasonId} className="field-label">
            {registerClosed
              ? `The register closed at ${formatWallTime(times.registerCloses)}. Why are you changing this mark?`
              : 'Why are you changing this mark?'}
          </label>
          <textarea
            id={reasonId}
            ref={reasonRef}
            rows={2}
            maxLength={500}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </div>
      )}

      <div aria-live="assertive">
        {problems.length > 0 && (
          <ul className="form-error">
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>

      {step.kind === 'choose' && (
        <div className="sheet__choices">
          {mayEnter(school, role, present) && (
            <button
              type="button"
              className="button button--choice button--present"
              disabled={isBusy}
              onClick={() => choose(plain(present), `${present} — present`)}
            >
              <span className="button__code">{present}</span> Present
            </button>
          )}
          {(mayEnter(school, role, 'L') || mayEnter(school, role, 'U')) && (
            <button
              type="button"
              className="button button--choice button--late"
              disabled={isBusy}
              onClick={() => {
                setProblems([]);
                setStep({ kind: 'late' });
              }}
            >
              <span className="button__code">L</span> Late…
            </button>
          )}
          {mayEnter(school, role, 'N') && (
            <button
              type="button"
              className="button button--choice button--absent"
              disabled={isBusy}
              onClick={() => choose(plain('N'), 'N — absent, reason not yet known')}
            >
              <span className="button__code">N</span> Absent (reason not yet known)
            </button>
          )}
          {otherCodes(school, role, session).length > 0 && (
            <details className="sheet__more">
              <summary className="button">Other codes</summary>
              <div className="sheet__choices">
                {otherCodes(school, role, session).map((code) => (
                  <button
                    key={code}
                    type="button"
                    className="button button--choice"
                    disabled={isBusy}
                    onClick={() =>
                      choose(plain(code), `${code} — ${codeMeaning(code, session.date)}`)
                    }
                  >
                    <span className="button__code">{code}</span> {codeMeaning(code, session.date)}
                  </button>
                ))}
              </div>
            </details>
          )}
        </div>
      )}

      {step.kind === 'late' && (
        <div className="sheet__late">
          <ArrivalTimeField
            id={timeId}
            value={arrival}
            onChange={(value) => {
              setArrival(value);
              setProblems([]);
            }}
            decision={reading.ok ? reading.summary : reading.message}
            decisionClassName="sheet__decision"
            times={times}
          />
          <button
            type="button"
            className="button button--primary button--wide"
            disabled={isBusy || !reading.ok}
            onClick={chooseLate}
          >
            {reading.ok ? `Record ${reading.summary}` : 'Record late arrival'}
          </button>
          <button
            type="button"
            className="button button--wide"
            onClick={() => setStep({ kind: 'choose' })}
          >
            Back
          </button>
        </div>
      )}

      {step.kind === 'confirm' && (
        <div className="notice notice--warning sheet__confirm" role="alert">
          <p>
            {headRole === null
              ? 'Someone'
              : ROLE_NAMES[headRole].replace(/^./, (c) => c.toUpperCase())}{' '}
            entered <strong>{pupil.code}</strong> ({codeMeaning(pupil.code ?? '', session.date)})
            for {pupil.displayName}. Replace it with {step.label}?
          </p>
          <button
            type="button"
            className="button button--primary button--wide"
            disabled={isBusy}
            onClick={() => void record(step.mark)}
          >
            Yes, replace {pupil.code}
          </button>
          <button
            type="button"
            className="button button--wide"
            disabled={isBusy}
            onClick={props.onClose}
          >
            No, keep {pupil.code}
          </button>
        </div>
      )}

      {step.kind !== 'confirm' && (
        <button type="button" className="button button--wide sheet__cancel" onClick={props.onClose}>
          Cancel
        </button>
      )}
    </Modal>
  );
}
