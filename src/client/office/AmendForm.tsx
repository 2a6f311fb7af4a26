/**
 * Amending one entry: a new code (and minutes late for `L`/`U`) with a reason, which is required —
 * the register keeps every amendment with its reason, date, name and role. Checked with the same
 * domain rules the server runs, then queued through the outbox as an edit of the head shown.
 * Once saved, the screen offers it as Undo for a few seconds (officeUndo.ts).
 */
import { useId, useState } from 'react';
import { codesFor, lookupCode, type Role, type SessionRef } from '../../domain/index';
import { formatSession } from '../ui/format';
import { markProblems } from '../marks/markChoices';
import { codeLabel } from './officeFormat';
import { actionEnvOf, issuesText, recordOfficeMark, type ServerHead } from './officeMark';
import type { OfficeTabProps } from './officeTabProps';
import { undoOfficeMarks, undoneText } from './officeUndo';

export const REASON_REQUIRED =
  'Give a reason for the amendment: the register keeps every amendment with its reason.';

export interface AmendFormProps extends OfficeTabProps {
  readonly pupilId: string;
  readonly pupilName: string;
  readonly session: SessionRef;
  /** What the entry says now (null: no mark yet). */
  readonly current: {
    readonly code: string | null;
    readonly minutesLate: number | null;
    readonly headRole: Role | null;
  };
  readonly serverHead: ServerHead | null;
  /** The code to start from (e.g. the other side of a conflict). */
  readonly initialCode?: string;
  readonly initialReason?: string;
  readonly saveLabel?: string;
  /**
   * Called once the amendment is saved on this device, with the code and reason recorded and
   * how to undo it (a new event; it answers the line to show after the undo).
   */
  readonly onSaved: (saved: {
    readonly code: string;
    readonly reason: string;
    readonly undo: () => Promise<string>;
  }) => void;
  readonly onCancel: () => void;
}

const LATE = new Set(['L', 'U']);

export function AmendForm(props: AmendFormProps) {
  const { school, staff, session, current } = props;
  const codeId = useId();
  const minutesId = useId();
  const reasonId = useId();
  const codes = codesFor(school, staff.role).filter((c) => lookupCode(c, session.date) !== null);
  const [code, setCode] = useState(props.initialCode ?? current.code ?? codes[0] ?? '');
  const [minutes, setMinutes] = useState(
    current.minutesLate === null ? '' : String(current.minutesLate),
  );
  const [reason, setReason] = useState(props.initialReason ?? '');
  const [problems, setProblems] = useState<string[]>([]);
  const [isBusy, setIsBusy] = useState(false);

  const save = async () => {
    const text = reason.trim();
    if (text === '') {
      setProblems([REASON_REQUIRED]);
      document.getElementById(reasonId)?.focus();
      return;
    }
    const minutesLate = LATE.has(code) ? Number.parseInt(minutes, 10) : null;
    if (minutesLate !== null && (!Number.isInteger(minutesLate) || minutesLate < 0)) {
      setProblems(['Enter the minutes late as a whole number, 0 or more.']);
      return;
    }
    const found = markProblems({
      school,
      actor: { staffId: staff.staffId, name: staff.name, role: staff.role },
      pupilId: props.pupilId,
      session,
      shown: {
        code: current.code,
        minutesLate: current.minutesLate,
        headEventId: props.serverHead?.eventId ?? null,
        headRole: current.headRole,
      },
      mark: { code, minutesLate, arrivedAt: null, reason: text },
      registerClosed: true,
    });
    if (found.length > 0) {
      setProblems(found.map((p) => `${p.message}.`));
      return;
    }
    setIsBusy(true);
    const result = await recordOfficeMark(
      props.db,
      {
        pupilId: props.pupilId,
        session,
        code,
        minutesLate,
        reason: text,
        actor: { staffId: staff.staffId, role: staff.role },
      },
      actionEnvOf(props),
      props.serverHead,
    );
    setIsBusy(false);
    if (!result.ok) {
      setProblems([issuesText(result.errors)]);
      return;
    }
    props.requestSync?.();
    const before = { code: current.code, minutesLate: current.minutesLate, arrivedAt: null };
    const made = { eventId: result.value.eventId, code, minutesLate, arrivedAt: null };
    const undo = async (): Promise<string> =>
      (await undoOfficeMarks(props, [{ pupilId: props.pupilId, session, before, made }])) ??
      `${props.pupilName}, ${formatSession(session)}: ${code} undone (${undoneText(before)}), saved on this device.`;
    props.onSaved({ code, reason: text, undo });
  };

  return (
    <form
      className="office-card amend-form"
      aria-label={`Amend ${props.pupilName}, ${formatSession(session)}`}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
      noValidate
    >
      <p>
        {props.pupilName}, {formatSession(session)}: now{' '}
        <strong>
          {current.code === null ? 'not marked' : codeLabel(current.code, session.date)}
        </strong>
      </p>
      <div className="field">
        <label htmlFor={codeId} className="field-label">
          New code
        </label>
        <select id={codeId} value={code} onChange={(event) => setCode(event.target.value)}>
          {codes.map((c) => (
            <option key={c} value={c}>
              {codeLabel(c, session.date)}
            </option>
          ))}
        </select>
      </div>
      {LATE.has(code) && (
        <div className="field">
          <label htmlFor={minutesId} className="field-label">
            Minutes late
          </label>
          <input
            id={minutesId}
            type="number"
            inputMode="numeric"
            min={0}
            value={minutes}
            onChange={(event) => setMinutes(event.target.value)}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={reasonId} className="field-label">
          Reason for the change <span className="optional">(required)</span>
        </label>
        <textarea
          id={reasonId}
          rows={2}
          maxLength={500}
          required
          aria-invalid={problems.includes(REASON_REQUIRED)}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
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
        <button type="submit" className="button button--primary" disabled={isBusy}>
          {props.saveLabel ?? 'Save amendment'}
        </button>
        <button type="button" className="button" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
