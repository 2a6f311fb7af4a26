/**
 * Attendance targets for a school year (docs/governors.md): every proposal and decision, newest
 * first, kept as history. The attendance lead or an admin proposes a target for the whole school
 * or one group of pupils; a governor approves it or sends it back, once.
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import { CHARACTERISTIC_KEYS, CHARACTERISTICS, characteristicGroupLabel } from '../../domain/index';
import {
  decideTarget,
  proposeTarget,
  targets as targetList,
} from '../../shared/api/endpoints/governorEndpoints';
import {
  proposeTargetSchema,
  type ProposeTargetInput,
  type TargetRecord,
} from '../../shared/api/governorSchemas';
import { parseCharacteristicGroup } from '../../shared/api/reportSchemas';
import { call, type ApiFailure } from '../api/call';
import { fieldErrorsFromIssues, fieldErrorsOf, type FieldErrors } from '../ui/fieldErrors';
import { formatInstant, formatPercent } from '../ui/format';
import type { SectionProps } from '../ui/sectionProps';
import { TextField } from '../ui/TextField';
import { useLoaded } from '../ui/useLoaded';
import { LoadFailure } from './GovernorsParts';
import { asStaff, failureMessage } from './governorsRequest';

/** Every group a target may be for, as `key:value` with its words, after the whole school. */
const GROUP_CHOICES: readonly { readonly value: string; readonly label: string }[] = [
  { value: '', label: 'Whole school' },
  ...CHARACTERISTIC_KEYS.flatMap((key) =>
    CHARACTERISTICS[key].values.map((value) => {
      const group = parseCharacteristicGroup(`${key}:${value}`);
      return {
        value: `${key}:${value}`,
        label: group === null ? `${key}: ${value}` : characteristicGroupLabel(group),
      };
    }),
  ),
];

const STATUS: Readonly<Record<TargetRecord['status'], string>> = {
  proposed: 'Waiting for a governor',
  approved: 'Approved',
  declined: 'Sent back',
};

const ROLE: Readonly<Record<string, string>> = {
  attendance_lead: 'attendance lead',
  admin: 'admin',
  governor: 'governor',
};

export function TargetsPanel(props: SectionProps) {
  const { staff, fetch } = props;
  const options = asStaff({ staff, ...(fetch === undefined ? {} : { fetch }) });
  const [year, setYear] = useState<number | undefined>(undefined);
  const load = useCallback(
    () =>
      call(
        targetList,
        { query: year === undefined ? {} : { year: String(year) } },
        asStaff({ staff, ...(fetch === undefined ? {} : { fetch }) }),
      ),
    [year, staff, fetch],
  );
  const { value: answer, refresh, reload } = useLoaded(load, null);
  const [notice, setNotice] = useState<string | null>(null);

  if (answer === null) return <p className="notice">Loading the targets…</p>;
  if (!answer.ok) return <LoadFailure error={answer.error} onRetry={() => void reload()} />;
  const list = answer.value;
  const mayPropose = staff.role === 'attendance_lead' || staff.role === 'admin';
  const mayDecide = staff.role === 'governor';

  const decide = async (target: TargetRecord, decision: 'approved' | 'declined', note: string) => {
    const result = await call(
      decideTarget,
      {
        params: { id: target.id },
        body: { decision, ...(note.trim() === '' ? {} : { note }) },
      },
      options,
    );
    setNotice(
      result.ok
        ? `${target.groupLabel}: ${decision === 'approved' ? 'approved' : 'sent back'}.`
        : failureMessage(result.error),
    );
    await refresh();
  };

  return (
    <div className="governors-targets">
      <h2>Targets for {list.yearLabel}</h2>
      <div className="governors-pack__actions">
        <button type="button" className="button" onClick={() => setYear(list.year - 1)}>
          Earlier year
        </button>
        <button type="button" className="button" onClick={() => setYear(list.year + 1)}>
          Later year
        </button>
      </div>
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {mayPropose && (
        <ProposeForm
          year={list.year}
          onPropose={async (body) => {
            const result = await call(proposeTarget, { body }, options);
            if (!result.ok) return result.error;
            setNotice(`${result.value.target.groupLabel}: proposed to the governors.`);
            await refresh();
            return null;
          }}
        />
      )}
      {list.targets.length === 0 ? (
        <p>No target has been proposed for {list.yearLabel}.</p>
      ) : (
        <ul className="governors-targets__list">
          {list.targets.map((t) => (
            <TargetItem key={t.id} target={t} mayDecide={mayDecide} onDecide={decide} />
          ))}
        </ul>
      )}
    </div>
  );
}

function TargetItem(props: {
  readonly target: TargetRecord;
  readonly mayDecide: boolean;
  readonly onDecide: (
    target: TargetRecord,
    decision: 'approved' | 'declined',
    note: string,
  ) => Promise<void>;
}) {
  const { target } = props;
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const act = async (decision: 'approved' | 'declined') => {
    setBusy(true);
    await props.onDecide(target, decision, note);
    setBusy(false);
  };
  return (
    <li className="governors-targets__item">
      <h3>
        {target.groupLabel}: attendance {formatPercent(target.attendancePercent)}, persistent
        absence at most {formatPercent(target.persistentPercent)}
      </h3>
      <p>
        <strong>{STATUS[target.status]}</strong>
        {target.inForce ? ' (in force)' : ''}. Proposed by {target.proposedBy.name} (
        {ROLE[target.proposedBy.role] ?? target.proposedBy.role}),{' '}
        {formatInstant(target.proposedAt)}
        {target.note === null ? '' : `: ${target.note}`}
      </p>
      {target.decision !== null && (
        <p>
          {target.status === 'approved' ? 'Approved' : 'Sent back'} by{' '}
          {target.decision.decidedBy.name} (
          {ROLE[target.decision.decidedBy.role] ?? target.decision.decidedBy.role}),{' '}
          {formatInstant(target.decision.decidedAt)}
          {target.decision.note === null ? '' : `: ${target.decision.note}`}
        </p>
      )}
      {props.mayDecide && target.status === 'proposed' && (
        <div className="governors-targets__decide">
          <TextField label="Note (optional)" value={note} onChange={setNote} maxLength={1000} />
          <button
            type="button"
            className="button button--primary"
            disabled={busy}
            onClick={() => void act('approved')}
          >
            Approve
          </button>
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void act('declined')}
          >
            Send back
          </button>
        </div>
      )}
    </li>
  );
}

function ProposeForm(props: {
  readonly year: number;
  readonly onPropose: (body: ProposeTargetInput) => Promise<ApiFailure | null>;
}) {
  const groupId = useId();
  const [group, setGroup] = useState('');
  const [attendance, setAttendance] = useState('');
  const [persistent, setPersistent] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const input = {
      year: props.year,
      group: group === '' ? null : group,
      attendancePercent: attendance.trim() === '' ? undefined : Number(attendance),
      persistentPercent: persistent.trim() === '' ? undefined : Number(persistent),
      ...(note.trim() === '' ? {} : { note }),
    };
    const checked = proposeTargetSchema.safeParse(input);
    if (!checked.success) {
      setErrors(fieldErrorsOf(checked.error));
      return;
    }
    setErrors({});
    const failure = await props.onPropose({
      year: props.year,
      group: group === '' ? null : group,
      attendancePercent: checked.data.attendancePercent,
      persistentPercent: checked.data.persistentPercent,
      ...(checked.data.note === undefined ? {} : { note: checked.data.note }),
    });
    if (failure === null) {
      setAttendance('');
      setPersistent('');
      setNote('');
      setProblem(null);
    } else {
      setErrors(failure.kind === 'refused' ? fieldErrorsFromIssues(failure.issues) : {});
      setProblem(failureMessage(failure));
    }
  };

  return (
    <form className="governors-targets__form" onSubmit={(e) => void submit(e)}>
      <h3>Propose a target</h3>
      <div className="field">
        <label htmlFor={groupId} className="field-label">
          For
        </label>
        <select id={groupId} value={group} onChange={(e) => setGroup(e.currentTarget.value)}>
          {GROUP_CHOICES.map((c) => (
            <option key={c.value} value={c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <TextField
        label="Attendance to reach (%)"
        hint="For example 96.5"
        value={attendance}
        onChange={setAttendance}
        error={errors.attendancePercent}
      />
      <TextField
        label="Persistent absence at most (%)"
        hint="The share of pupils missing 10% or more of their sessions, for example 12"
        value={persistent}
        onChange={setPersistent}
        error={errors.persistentPercent}
      />
      <TextField label="Note (optional)" value={note} onChange={setNote} maxLength={1000} />
      {problem !== null && (
        <p className="notice notice--warning" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="button button--primary">
        Propose to the governors
      </button>
    </form>
  );
}
