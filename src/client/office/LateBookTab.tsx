/**
 * The late book: a pupil arriving at the office is found by typing part of their name, the
 * arrival time defaults to now on the school's clock (editable), the domain decides `L` (before
 * the register closes) or `U` (from the close), and it is recorded as an amendment through the
 * outbox with the arrival time, the minutes late and who signed them in.
 */
import { useId, useState } from 'react';
import { timesFor } from '../../domain/index';
import { formatSchoolTime, formatSession, minutesText } from '../ui/format';
import { markProblems } from '../marks/markChoices';
import { ArrivalTimeField } from '../ui/ArrivalTimeField';
import { useLiveQuery } from '../ui/useLiveQuery';
import { groupRefOf } from '../marks/roster';
import { entryNow } from './entryNow';
import { lateBookDecision, lateBookReason, lateBookSession } from './lateBook';
import { actionEnvOf, issuesText, recordOfficeMark } from './officeMark';
import type { OfficeTabProps } from './officeTabProps';
import { PupilSearch } from './PupilSearch';
import { SignOutBook } from './SignOutBook';
import type { FoundPupil } from './pupilSearch';
import { undoMarkInput } from '../marks/undoMark';
import { OfficeNotice, useOfficeNotice } from './OfficeNotice';
import { schoolToday } from './officeFormat';

export function LateBookTab(props: OfficeTabProps) {
  const { roster, school, staff, clock } = props;
  const [chosen, setChosen] = useState<FoundPupil | null>(null);
  // After a sign-in, "Undo" over the line that says what was recorded.
  const done = useOfficeNotice(props.timers);
  const today = schoolToday(clock.now(), school.timeZone);

  return (
    <section aria-labelledby="late-book-heading" className="office-tab">
      <h2 id="late-book-heading">Late book</h2>
      <p className="hint">
        Sign in a pupil who arrives at the office. The code follows the register times: late (L)
        before the register closes, unauthorised late (U) from the moment it closes.
      </p>
      <OfficeNotice state={done} />
      {chosen === null ? (
        <PupilSearch
          roster={roster}
          date={today}
          onRollOnly
          label="Pupil arriving (type part of their name)"
          onChoose={(found) => {
            done.show(null);
            setChosen(found);
          }}
        />
      ) : (
        <LateArrival
          key={chosen.pupil.id}
          {...props}
          found={chosen}
          signedInBy={staff.name}
          onDone={(message, undo) => {
            setChosen(null);
            done.show(message, undo);
          }}
          onCancel={() => setChosen(null)}
        />
      )}
      <SignOutBook {...props} />
    </section>
  );
}

interface LateArrivalProps extends OfficeTabProps {
  readonly found: FoundPupil;
  readonly signedInBy: string;
  /** After a sign-in: what was recorded, and how to undo it (answers what the undo did). */
  readonly onDone: (message: string, undo: () => Promise<string>) => void;
  readonly onCancel: () => void;
}

function LateArrival(props: LateArrivalProps) {
  const { db, school, roster, staff, clock, found } = props;
  const timeId = useId();
  const noteId = useId();
  const [arrival, setArrival] = useState(() => formatSchoolTime(clock.now(), school.timeZone));
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [isBusy, setIsBusy] = useState(false);
  const groupRow = roster.groups.find((g) => g.id === found.pupil.groupId) ?? null;
  const group = groupRow === null ? null : groupRefOf(groupRow);
  const session = lateBookSession(school, group, clock.now());
  const current = useLiveQuery(
    () => (session === null ? Promise.resolve(null) : entryNow(db, found.pupil.id, session)),
    [db, found.pupil.id, session?.date, session?.part],
  );

  if (session === null) {
    return (
      <div className="notice notice--warning" role="alert">
        <p>There is no school session today for {found.pupil.displayName}’s class.</p>
        <button type="button" className="button" onClick={props.onCancel}>
          Back
        </button>
      </div>
    );
  }
  const times = timesFor(school, group, session.part);
  const reading = lateBookDecision(school, group, session, arrival, clock.now());

  const record = async () => {
    if (!reading.ok || current === undefined || current === null) return;
    const { code, minutesLate } = reading.decision;
    const isLate = code === 'L' || code === 'U';
    const mark = {
      code,
      minutesLate: isLate ? minutesLate : null,
      arrivedAt: isLate ? reading.arrivedAt : null,
      reason: lateBookReason({ time: arrival, signedInBy: staff.name, note }),
    };
    const found2 = markProblems({
      school,
      actor: { staffId: staff.staffId, name: staff.name, role: staff.role },
      pupilId: found.pupil.id,
      session,
      shown: {
        code: current.code,
        minutesLate: current.minutesLate,
        headEventId: current.headEventId,
        headRole: current.headRole,
      },
      mark,
      registerClosed: true,
    });
    if (found2.length > 0) {
      setProblems(found2.map((p) => `${p.message}.`));
      return;
    }
    setIsBusy(true);
    const result = await recordOfficeMark(
      db,
      {
        pupilId: found.pupil.id,
        session,
        ...mark,
        actor: { staffId: staff.staffId, role: staff.role },
      },
      actionEnvOf(props),
    );
    setIsBusy(false);
    if (!result.ok) {
      setProblems([issuesText(result.errors)]);
      return;
    }
    props.requestSync?.();
    const before = {
      code: current.code,
      minutesLate: current.minutesLate,
      arrivedAt: current.arrivedAt,
    };
    const undo = async (): Promise<string> => {
      // A new event (marks/undoMark.ts): the earlier mark again, or, if there was none, a
      // withdrawal of this one; the history keeps the sign-in and its undo.
      const undone = await recordOfficeMark(
        db,
        undoMarkInput({
          pupilId: found.pupil.id,
          session,
          actor: { staffId: staff.staffId, role: staff.role },
          before,
          made: {
            eventId: result.value.eventId,
            code,
            minutesLate: mark.minutesLate,
            arrivedAt: mark.arrivedAt,
          },
        }),
        actionEnvOf(props),
      );
      if (!undone.ok) return issuesText(undone.errors);
      props.requestSync?.();
      return `${found.pupil.displayName}: sign-in undone (${before.code === null ? 'no mark' : before.code} again), ${formatSession(session)}.`;
    };
    props.onDone(
      `${found.pupil.displayName}: ${reading.summary}, ${formatSession(session)}. Saved on this device; it is sent to the office server with the next sync.`,
      undo,
    );
  };

  return (
    <div className="office-card late-arrival">
      <h3>{found.pupil.displayName}</h3>
      <p className="lede">
        {found.groupName} · {formatSession(session)}
      </p>
      <p>
        Now:{' '}
        {current === undefined || current === null
          ? '…'
          : current.code === null
            ? 'not marked'
            : `${current.code}${current.minutesLate === null ? '' : ` (${minutesText(current.minutesLate)} late)`}`}
      </p>
      <ArrivalTimeField
        id={timeId}
        value={arrival}
        onChange={(value) => {
          setArrival(value);
          setProblems([]);
        }}
        decision={reading.ok ? reading.summary : reading.message}
        decisionClassName="late-arrival__decision"
        times={times}
      />
      <div className="field">
        <label htmlFor={noteId} className="field-label">
          Reason given for lateness <span className="optional">(optional)</span>
        </label>
        <input
          id={noteId}
          type="text"
          maxLength={300}
          value={note}
          onChange={(event) => setNote(event.target.value)}
        />
      </div>
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
          disabled={isBusy || !reading.ok || current === undefined}
          onClick={() => void record()}
        >
          {reading.ok ? `Sign in: ${reading.decision.code}` : 'Sign in'}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
