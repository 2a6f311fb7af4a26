/**
 * The school's leave rules and who decides (docs/parents.md, "Leave requests"): everyone in the
 * office reads them; an administrator changes them. Dates when leave is refused are written one a
 * line, "KS2 tests week: 2025-05-12 to 2025-05-15".
 */
import { useEffect, useState, type FormEvent } from 'react';
import type { LeaveRules } from '../../domain/index';
import * as leave from '../../shared/api/endpoints/leaveEndpoints';
import { call, type FetchLike } from '../api/call';

type Rules = Parameters<typeof call<typeof leave.saveLeaveSettings>>[1]['body'];

/** The rules as the form holds them (a list it may replace). */
const toForm = (rules: LeaveRules): Rules => ({ ...rules, blackouts: [...rules.blackouts] });

const BLACKOUT_LINE = /^(.+?):\s*(\d{4}-\d{2}-\d{2})\s+to\s+(\d{4}-\d{2}-\d{2})$/;

/** The lines of the refused-dates box, or the first line that is not "name: date to date". */
export function parseBlackouts(
  text: string,
): { ok: true; value: Rules['blackouts'] } | { ok: false; line: string } {
  const value: Rules['blackouts'] = [];
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    const m = BLACKOUT_LINE.exec(line);
    if (m === null) return { ok: false, line };
    value.push({ name: m[1] ?? '', from: m[2] ?? '', to: m[3] ?? '' });
  }
  return { ok: true, value };
}

export function LeaveSettingsPanel(props: {
  readonly isAdmin: boolean;
  readonly staffId: string;
  readonly fetch: FetchLike | undefined;
  readonly onSaved: () => void;
}) {
  const options = {
    staffId: props.staffId,
    ...(props.fetch === undefined ? {} : { fetch: props.fetch }),
  };
  const [rules, setRules] = useState<Rules | null>(null);
  const [blackouts, setBlackouts] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    void call(leave.leaveSettings, {}, options).then((answer) => {
      if (!answer.ok) return;
      setRules(toForm(answer.value.rules));
      setBlackouts(
        answer.value.rules.blackouts.map((b) => `${b.name}: ${b.from} to ${b.to}`).join('\n'),
      );
    });
    // Loads once: saving updates it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  if (rules === null) return null;

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setMessage(null);
    const parsed = parseBlackouts(blackouts);
    if (!parsed.ok) {
      setMessage({
        ok: false,
        text: `“${parsed.line}” is not a name and two dates: write it as “KS2 tests week: 2025-05-12 to 2025-05-15”.`,
      });
      return;
    }
    const answer = await call(
      leave.saveLeaveSettings,
      { body: { ...rules, blackouts: parsed.value } },
      options,
    );
    if (!answer.ok) {
      setMessage({ ok: false, text: answer.error.message });
      return;
    }
    setRules(toForm(answer.value.rules));
    setMessage({ ok: true, text: 'The leave rules are saved.' });
    props.onSaved();
  };

  const number = (label: string, value: number, onChange: (n: number) => void) => (
    <label>
      {label}{' '}
      <input
        type="number"
        min={0}
        max={60}
        value={value}
        disabled={!props.isAdmin}
        onChange={(e) => onChange(Number(e.target.value))}
      />
    </label>
  );

  return (
    <details>
      <summary>The school’s leave rules</summary>
      <form onSubmit={(event) => void save(event)} className="stack">
        <label>
          Leave decided by{' '}
          <select
            value={rules.decidedBy}
            disabled={!props.isAdmin}
            onChange={(e) =>
              setRules({ ...rules, decidedBy: e.target.value as Rules['decidedBy'] })
            }
          >
            <option value="attendance_lead">the attendance lead</option>
            <option value="admin">the head teacher (an administrator)</option>
          </select>
        </label>
        {number('Notice, in school days', rules.noticeSchoolDays, (n) =>
          setRules({ ...rules, noticeSchoolDays: n }),
        )}
        {number(
          'Refused in the autumn term’s first school days',
          rules.autumnStartSchoolDays,
          (n) => setRules({ ...rules, autumnStartSchoolDays: n }),
        )}
        <label>
          Refused when attendance this year is below (%, empty for no rule){' '}
          <input
            type="number"
            min={0}
            max={100}
            value={rules.minAttendancePercent ?? ''}
            disabled={!props.isAdmin}
            onChange={(e) =>
              setRules({
                ...rules,
                minAttendancePercent: e.target.value === '' ? null : Number(e.target.value),
              })
            }
          />
        </label>
        <label>
          Dates when leave is refused, one a line (“KS2 tests week: 2025-05-12 to 2025-05-15”)
          <textarea
            rows={3}
            value={blackouts}
            disabled={!props.isAdmin}
            onChange={(e) => setBlackouts(e.target.value)}
          />
        </label>
        {message !== null && (
          <p
            className={message.ok ? 'notice' : 'form-error'}
            role={message.ok ? 'status' : 'alert'}
          >
            {message.text}
          </p>
        )}
        {props.isAdmin ? (
          <button type="submit" className="button button--primary">
            Save the leave rules
          </button>
        ) : (
          <p className="hint">An administrator changes these.</p>
        )}
      </form>
    </details>
  );
}
