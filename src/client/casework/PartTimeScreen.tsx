/**
 * Part-time timetables: the school's list (the one the local authority asks for), with the reviews
 * due marked; agreeing a new one (a weekly pattern of the sessions attended, start, review and end,
 * the agreement, the day the local authority was told), which enters its off sessions as C2; and
 * ending one early, which withdraws its future C2 entries through the register's events.
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import { WEEKDAYS, type WeeklySession } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { PartTime } from '../../shared/api/caseworkSchemas';
import { DateField } from '../ui/DateField';
import { formatLongDate } from '../ui/format';
import { NameCombobox, type ComboItem } from '../ui/NameCombobox';
import { useLoaded } from '../ui/useLoaded';
import {
  caseworkCall,
  caseworkFailureMessage,
  readOf,
  type CaseworkEnv,
  type Read,
} from './caseworkRequest';
import type { CasePupilRef } from './casePupil';

export interface PartTimeScreenProps {
  readonly env: CaseworkEnv;
  readonly today: string;
  readonly pupils: readonly ComboItem[];
  readonly onOpenPupil: (pupil: CasePupilRef) => void;
}

const DAY_NAMES = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
};
const PART_NAMES = { AM: 'morning', PM: 'afternoon' } as const;

function patternText(attends: readonly WeeklySession[]): string {
  if (attends.length === 0) return 'no sessions';
  return attends.map((s) => `${DAY_NAMES[s.weekday]} ${PART_NAMES[s.part]}`).join(', ');
}

type Outcome = { kind: 'done' | 'error'; text: string } | null;

export function PartTimeScreen({ env, today, pupils, onOpenPupil }: PartTimeScreenProps) {
  const load = useCallback(() => readOf(env, endpoints.partTimeList, {}), [env]);
  const { value: read, refresh } = useLoaded<Read<{ timetables: PartTime[] }>>(load, {
    kind: 'loading',
  });
  const [outcome, setOutcome] = useState<Outcome>(null);
  const changed = (next: Outcome) => {
    setOutcome(next);
    if (next?.kind === 'done') void refresh();
  };
  return (
    <div className="casework-part-time">
      {outcome !== null && (
        <p
          className={`notice ${outcome.kind === 'error' ? 'notice--error' : ''}`}
          role={outcome.kind === 'error' ? 'alert' : 'status'}
        >
          {outcome.text}
        </p>
      )}
      {read.kind === 'loading' && <p role="status">Loading part-time timetables…</p>}
      {read.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {read.message}
        </p>
      )}
      {read.kind === 'ready' &&
        (read.value.timetables.length === 0 ? (
          <p>No part-time timetables have been agreed.</p>
        ) : (
          <ul className="casework-list" aria-label="Part-time timetables">
            {read.value.timetables.map((t) => (
              <TimetableCard
                key={t.id}
                env={env}
                today={today}
                timetable={t}
                onOpenPupil={onOpenPupil}
                onChanged={changed}
              />
            ))}
          </ul>
        ))}
      <NewTimetableForm env={env} today={today} pupils={pupils} onChanged={changed} />
    </div>
  );
}

function TimetableCard({
  env,
  today,
  timetable: t,
  onOpenPupil,
  onChanged,
}: {
  readonly env: CaseworkEnv;
  readonly today: string;
  readonly timetable: PartTime;
  readonly onOpenPupil: (pupil: CasePupilRef) => void;
  readonly onChanged: (outcome: Outcome) => void;
}) {
  const id = useId();
  const [endOn, setEndOn] = useState(today);
  const [busy, setBusy] = useState(false);
  const ended = t.endsOn < today;

  async function update(body: { endOn?: string; laNotifiedOn?: string }) {
    setBusy(true);
    const answer = await caseworkCall(env, endpoints.updatePartTime, {
      params: { timetableId: t.id },
      body,
    });
    setBusy(false);
    if (!answer.ok) {
      onChanged({ kind: 'error', text: caseworkFailureMessage(answer.error) });
      return;
    }
    const w = answer.value.withdrawn;
    onChanged({
      kind: 'done',
      text:
        body.endOn !== undefined
          ? `${t.pupil.displayName}’s timetable now ends ${formatLongDate(body.endOn)}: ${w?.withdrawn ?? 0} future C2 entries withdrawn${
              (w?.leftChanged ?? 0) > 0
                ? `, ${w?.leftChanged} left because someone changed them`
                : ''
            }.`
          : `Recorded that the local authority was told on ${formatLongDate(body.laNotifiedOn ?? today)}.`,
    });
  }

  return (
    <li className="casework-card">
      <p className="casework-card__head">
        {t.reviewDue && <span className="pill casework-why--overdue">Review due</span>}{' '}
        <strong>{t.pupil.displayName}</strong>: attends {patternText(t.attends)}
      </p>
      <p className="casework-card__meta">
        {formatLongDate(t.startsOn)} to {formatLongDate(t.endsOn)}
        {t.endedEarlyOn !== null && ` (ended early on ${formatLongDate(t.endedEarlyOn)})`} · review{' '}
        {formatLongDate(t.reviewOn)} · {t.offSessions} off sessions entered as C2 · local authority{' '}
        {t.laNotifiedOn === null ? 'not told yet' : `told ${formatLongDate(t.laNotifiedOn)}`}
      </p>
      <p className="casework-card__notes">
        Agreed {formatLongDate(t.agreedOn)}: {t.agreement}
      </p>
      <div className="casework-card__buttons">
        <button
          type="button"
          className="button"
          onClick={() => onOpenPupil(t.pupil)}
          aria-label={`Open ${t.pupil.displayName}’s case`}
        >
          Open case
        </button>
        {t.laNotifiedOn === null && (
          <button
            type="button"
            className="button"
            disabled={busy}
            onClick={() => void update({ laNotifiedOn: today })}
            aria-label={`Record the local authority told today about ${t.pupil.displayName}`}
          >
            Local authority told today
          </button>
        )}
      </div>
      {!ended && (
        <form
          className="casework-form"
          onSubmit={(e) => {
            e.preventDefault();
            void update({ endOn });
          }}
        >
          <div>
            <label htmlFor={`${id}-end`} className="field-label">
              Last day (to end it early)
            </label>
            <DateField id={`${id}-end`} value={endOn} onChange={setEndOn} />
          </div>
          <div className="casework-form__buttons">
            <button
              type="submit"
              className="button"
              disabled={busy}
              aria-label={`End ${t.pupil.displayName}’s timetable early`}
            >
              End early
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

function NewTimetableForm({
  env,
  today,
  pupils,
  onChanged,
}: {
  readonly env: CaseworkEnv;
  readonly today: string;
  readonly pupils: readonly ComboItem[];
  readonly onChanged: (outcome: Outcome) => void;
}) {
  const id = useId();
  const [pupilId, setPupilId] = useState<string | null>(null);
  const [attends, setAttends] = useState<WeeklySession[]>(
    WEEKDAYS.map((weekday) => ({ weekday, part: 'AM' as const })),
  );
  const [startsOn, setStartsOn] = useState(today);
  const [reviewOn, setReviewOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [agreement, setAgreement] = useState('');
  const [laNotifiedOn, setLaNotifiedOn] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const has = (s: WeeklySession) =>
    attends.some((a) => a.weekday === s.weekday && a.part === s.part);
  const toggle = (s: WeeklySession) =>
    setAttends((list) =>
      has(s) ? list.filter((a) => !(a.weekday === s.weekday && a.part === s.part)) : [...list, s],
    );

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (pupilId === null || startsOn === '' || reviewOn === '' || endsOn === '') {
      setProblem('Choose the pupil and enter the start, review and end days as dd/mm/yyyy.');
      return;
    }
    setBusy(true);
    setProblem(null);
    const answer = await caseworkCall(env, endpoints.createPartTime, {
      params: { pupilId },
      body: {
        attends,
        startsOn,
        reviewOn,
        endsOn,
        agreement,
        agreedOn: today,
        ...(laNotifiedOn === '' ? {} : { laNotifiedOn }),
      },
    });
    setBusy(false);
    if (!answer.ok) {
      setProblem(caseworkFailureMessage(answer.error));
      return;
    }
    const pre = answer.value.preEntered;
    onChanged({
      kind: 'done',
      text: `Part-time timetable agreed for ${answer.value.timetable.pupil.displayName}: ${pre?.applied ?? 0} off sessions entered as C2${
        (pre?.conflict ?? 0) > 0 ? `, ${pre?.conflict} left for the office to review` : ''
      }.`,
    });
  }

  return (
    <form
      className="casework-form"
      aria-labelledby={`${id}-heading`}
      onSubmit={(e) => void submit(e)}
    >
      <h3 id={`${id}-heading`} style={{ gridColumn: '1 / -1', margin: 0 }}>
        Agree a part-time timetable
      </h3>
      <div style={{ gridColumn: '1 / -1' }}>
        <NameCombobox
          label="Pupil"
          noun="pupil"
          items={pupils}
          value={pupilId}
          onChange={setPupilId}
        />
      </div>
      <fieldset style={{ gridColumn: '1 / -1' }}>
        <legend className="field-label">Sessions attended each week</legend>
        <div className="casework-card__buttons">
          {WEEKDAYS.flatMap((weekday) =>
            (['AM', 'PM'] as const).map((part) => {
              const s = { weekday, part };
              return (
                <button
                  key={`${weekday}-${part}`}
                  type="button"
                  className="button button--choice"
                  aria-pressed={has(s)}
                  onClick={() => toggle(s)}
                >
                  {DAY_NAMES[weekday]} {PART_NAMES[part]}
                </button>
              );
            }),
          )}
        </div>
      </fieldset>
      <div>
        <label htmlFor={`${id}-start`} className="field-label">
          Starts on
        </label>
        <DateField id={`${id}-start`} value={startsOn} onChange={setStartsOn} />
      </div>
      <div>
        <label htmlFor={`${id}-review`} className="field-label">
          Review on
        </label>
        <DateField id={`${id}-review`} value={reviewOn} onChange={setReviewOn} />
      </div>
      <div>
        <label htmlFor={`${id}-end`} className="field-label">
          Ends on
        </label>
        <DateField id={`${id}-end`} value={endsOn} onChange={setEndsOn} />
      </div>
      <div>
        <label htmlFor={`${id}-la`} className="field-label">
          Local authority told on (optional)
        </label>
        <DateField id={`${id}-la`} value={laNotifiedOn} onChange={setLaNotifiedOn} />
      </div>
      <div style={{ gridColumn: '1 / -1' }}>
        <label htmlFor={`${id}-agreement`} className="field-label">
          Agreement (who agreed what)
        </label>
        <textarea
          id={`${id}-agreement`}
          rows={3}
          value={agreement}
          maxLength={2000}
          onChange={(e) => setAgreement(e.target.value)}
        />
      </div>
      {problem !== null && (
        <p className="notice notice--error" role="alert" style={{ gridColumn: '1 / -1' }}>
          {problem}
        </p>
      )}
      <div className="casework-form__buttons">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Agreeing…' : 'Agree the timetable'}
        </button>
      </div>
    </form>
  );
}
