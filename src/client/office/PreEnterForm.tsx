/**
 * Pre-entering a code for future sessions over a date range: an `M` for a known appointment, a
 * `C` for granted leave, a `#` when some year groups are closed. The sessions are the open
 * sessions of the school's calendar for each pupil's year group; each mark is queued through the
 * outbox with the reason, like any other. Once saved, the whole pre-entry is offered as Undo for a
 * few seconds: every session gets its earlier mark back, or its pre-entered code withdrawn.
 */
import { useId, useState } from 'react';
import { addDays, codesFor, lookupCode, parseLocalDate } from '../../domain/index';
import { formatSessionShort } from '../ui/format';
import { markProblems } from '../marks/markChoices';
import { codeLabel, schoolToday } from './officeFormat';
import { actionEnvOf, issuesText, recordOfficeMark } from './officeMark';
import { entryNow } from './entryNow';
import { undoOfficeMarks, type OfficeMarkMade } from './officeUndo';
import type { OfficeTabProps } from './officeTabProps';
import { preEntries, type PartChoice } from './preEnter';
import { DateField } from '../ui/DateField';

export interface PreEnterFormProps extends OfficeTabProps {
  /** The pupil whose record is open, offered as the default target. */
  readonly pupil: { readonly id: string; readonly displayName: string } | null;
  /** After a save: what was saved, and how to undo it (answers the line to show after). */
  readonly onSaved: (message: string, undo: () => Promise<string>) => void;
}

const PART_LABELS: Readonly<Record<PartChoice, string>> = {
  both: 'Morning and afternoon',
  AM: 'Mornings only',
  PM: 'Afternoons only',
};

export function PreEnterForm(props: PreEnterFormProps) {
  const { school, roster, staff, clock } = props;
  const ids = { code: useId(), from: useId(), to: useId(), reason: useId() };
  const today = schoolToday(clock.now(), school.timeZone);
  const codes = codesFor(school, staff.role).filter((c) => lookupCode(c, today) !== null);
  const [target, setTarget] = useState<'pupil' | 'groups'>(
    props.pupil === null ? 'groups' : 'pupil',
  );
  const [groupIds, setGroupIds] = useState<ReadonlySet<string>>(new Set());
  const [code, setCode] = useState(codes.includes('M') ? 'M' : (codes[0] ?? ''));
  const [from, setFrom] = useState<string>(addDays(today, 1));
  const [to, setTo] = useState<string>(addDays(today, 1));
  const [parts, setParts] = useState<PartChoice>('both');
  const [reason, setReason] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [isBusy, setIsBusy] = useState(false);

  const fromDate = parseLocalDate(from);
  const toDate = parseLocalDate(to);
  const pupilIds =
    target === 'pupil'
      ? props.pupil === null
        ? []
        : [props.pupil.id]
      : roster.pupils.filter((p) => groupIds.has(p.groupId)).map((p) => p.id);
  const entries =
    fromDate === null || toDate === null || fromDate > toDate
      ? []
      : preEntries({ school, roster, pupilIds, from: fromDate, to: toDate, parts });

  const save = async () => {
    const text = reason.trim();
    const found: string[] = [];
    if (fromDate === null || toDate === null) found.push('Enter both dates.');
    else if (fromDate > toDate) found.push('The first day must not be after the last day.');
    else if (fromDate < today)
      found.push('Pre-entered codes are for today or later; amend past entries one by one.');
    if (pupilIds.length === 0) found.push('Choose who the code is for.');
    if (text === '') found.push('Give a reason: it is kept with every mark entered.');
    if (found.length === 0 && entries.length === 0) {
      found.push('There is no open school session in those dates.');
    }
    const first = entries[0];
    if (found.length === 0 && first !== undefined) {
      const rules = markProblems({
        school,
        actor: { staffId: staff.staffId, name: staff.name, role: staff.role },
        pupilId: first.pupilId,
        session: first.session,
        shown: { code: null, minutesLate: null, headEventId: null, headRole: null },
        mark: { code, minutesLate: null, arrivedAt: null, reason: text },
        registerClosed: false,
      });
      found.push(...rules.map((p) => `${p.message}.`));
    }
    setProblems(found);
    if (found.length > 0) return;
    setIsBusy(true);
    const made: OfficeMarkMade[] = [];
    for (const entry of entries) {
      // What the entry shows now, so an undo puts it back (most have no mark yet).
      const now = await entryNow(props.db, entry.pupilId, entry.session);
      const result = await recordOfficeMark(
        props.db,
        {
          pupilId: entry.pupilId,
          session: entry.session,
          code,
          reason: text,
          actor: { staffId: staff.staffId, role: staff.role },
        },
        actionEnvOf(props),
      );
      if (!result.ok) {
        setIsBusy(false);
        setProblems([issuesText(result.errors)]);
        return;
      }
      made.push({
        ...entry,
        before: { code: now.code, minutesLate: now.minutesLate, arrivedAt: now.arrivedAt },
        made: { eventId: result.value.eventId, code, minutesLate: null, arrivedAt: null },
      });
    }
    setIsBusy(false);
    props.requestSync?.();
    const sessions = `${entries.length} ${entries.length === 1 ? 'session' : 'sessions'}`;
    props.onSaved(
      `${code} entered for ${sessions} (${pupilIds.length} ${pupilIds.length === 1 ? 'pupil' : 'pupils'}). Sending to the office server.`,
      async () =>
        (await undoOfficeMarks(props, made)) ??
        `Pre-entered ${code} undone for ${sessions}: each has its earlier mark again, or none.`,
    );
    setReason('');
  };

  const firstEntry = entries[0];
  const lastEntry = entries.at(-1);
  return (
    <form
      className="office-card pre-enter"
      aria-label="Pre-enter a code"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <fieldset>
        <legend className="field-label">For</legend>
        {props.pupil !== null && (
          <label className="check">
            <input
              type="radio"
              name="pre-enter-target"
              checked={target === 'pupil'}
              onChange={() => setTarget('pupil')}
            />{' '}
            {props.pupil.displayName}
          </label>
        )}
        <label className="check">
          <input
            type="radio"
            name="pre-enter-target"
            checked={target === 'groups'}
            onChange={() => setTarget('groups')}
          />{' '}
          Whole classes
        </label>
        {target === 'groups' && (
          <div className="pre-enter__groups">
            {roster.groups.map((g) => (
              <label key={g.id} className="check">
                <input
                  type="checkbox"
                  checked={groupIds.has(g.id)}
                  onChange={(event) => {
                    const next = new Set(groupIds);
                    if (event.target.checked) next.add(g.id);
                    else next.delete(g.id);
                    setGroupIds(next);
                  }}
                />{' '}
                {g.name}
              </label>
            ))}
          </div>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.code} className="field-label">
          Code
        </label>
        <select id={ids.code} value={code} onChange={(event) => setCode(event.target.value)}>
          {codes.map((c) => (
            <option key={c} value={c}>
              {codeLabel(c, today)}
            </option>
          ))}
        </select>
      </div>
      <div className="office-row">
        <div className="field">
          <label htmlFor={ids.from} className="field-label">
            First day
          </label>
          <DateField id={ids.from} value={from} onChange={setFrom} />
        </div>
        <div className="field">
          <label htmlFor={ids.to} className="field-label">
            Last day
          </label>
          <DateField id={ids.to} value={to} onChange={setTo} />
        </div>
      </div>
      <fieldset className="session-picker__parts">
        <legend className="field-label">Sessions</legend>
        {(Object.keys(PART_LABELS) as PartChoice[]).map((p) => (
          <button
            key={p}
            type="button"
            className="button button--choice"
            aria-pressed={parts === p}
            onClick={() => setParts(p)}
          >
            {PART_LABELS[p]}
          </button>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={ids.reason} className="field-label">
          Reason <span className="optional">(required)</span>
        </label>
        <input
          id={ids.reason}
          type="text"
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
      </div>
      <p className="hint" role="status">
        {firstEntry === undefined || lastEntry === undefined
          ? 'No open school session in those dates yet.'
          : `${entries.length} ${entries.length === 1 ? 'session' : 'sessions'}: ${formatSessionShort(firstEntry.session)} to ${formatSessionShort(lastEntry.session)}.`}
      </p>
      {problems.length > 0 && (
        <ul className="form-error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <button type="submit" className="button button--primary" disabled={isBusy}>
        Enter {code} for {entries.length} {entries.length === 1 ? 'session' : 'sessions'}
      </button>
    </form>
  );
}
