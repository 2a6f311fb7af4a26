/**
 * Penalty notices, per parent and per child: for one pupil (from the case, with the parents to
 * choose from) or for the whole school (the local authority's record, downloadable as CSV). Each
 * notice shows its steps and offers only the steps the national framework allows next; a step the
 * rules refuse (a third notice within three years, an improvement period still running) is
 * answered with the rule's own words.
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import * as endpoints from '../../shared/api/endpoints/caseworkEndpoints';
import type { PupilCaseResponse } from '../../shared/api/caseworkSchemas';
import type { AdvanceNoticeRequest, PenaltyNoticeDto } from '../../shared/api/penaltyNoticeSchemas';
import { callCsv } from '../api/call';
import { downloadTextFile } from '../ui/downloadFile';
import { DateField } from '../ui/DateField';
import { formatLongDate } from '../ui/format';
import { useLoaded } from '../ui/useLoaded';
import {
  caseworkCall,
  caseworkFailureMessage,
  readOf,
  type CaseworkEnv,
  type Read,
} from './caseworkRequest';
import type { CasePupilRef } from './casePupil';

export interface PenaltyNoticesPanelProps {
  readonly env: CaseworkEnv;
  readonly today: string;
  /** One pupil's notices, with the parents to consider one for; the whole school's without. */
  readonly pupil?: CasePupilRef;
  readonly parents?: PupilCaseResponse['parents'];
}

type Stage = PenaltyNoticeDto['stage'];

export const STAGE_TEXT: Record<Stage, string> = {
  considered: 'Considered',
  notice_to_improve: 'Notice to improve',
  issued: 'Issued',
  paid: 'Paid',
  withdrawn: 'Withdrawn',
  escalated: 'Escalated to the local authority',
};

function pounds(pence: number): string {
  return `£${(pence / 100).toFixed(2)}`;
}

function stepText(step: PenaltyNoticeDto['steps'][number]): string {
  const on = formatLongDate(step.on);
  switch (step.stage) {
    case 'notice_to_improve':
      return `Notice to improve ${on}, improvement period to ${formatLongDate(step.periodEnds ?? step.on)}`;
    case 'issued':
      return `Issued ${on} (${step.ordinal === 2 ? 'second' : 'first'} notice)`;
    case 'paid':
      return `Paid ${on}: ${pounds(step.amountPence ?? 0)}`;
    case 'withdrawn':
    case 'escalated':
      return `${STAGE_TEXT[step.stage]} ${on}: ${step.reason ?? ''}`;
    case 'considered':
      return `Considered ${on}`;
  }
}

export function PenaltyNoticesPanel({ env, today, pupil, parents }: PenaltyNoticesPanelProps) {
  const id = useId();
  const load = useCallback(
    () =>
      readOf(env, endpoints.penaltyNotices, {
        query: pupil === undefined ? {} : { pupilId: pupil.id },
      }),
    [env, pupil],
  );
  const { value: read, refresh } = useLoaded<Read<{ notices: PenaltyNoticeDto[] }>>(load, {
    kind: 'loading',
  });
  const [outcome, setOutcome] = useState<{ kind: 'done' | 'error'; text: string } | null>(null);
  const [contactId, setContactId] = useState(parents?.[0]?.id ?? '');
  const [busy, setBusy] = useState(false);

  async function consider(event: FormEvent) {
    event.preventDefault();
    if (pupil === undefined || contactId === '') return;
    setBusy(true);
    const answer = await caseworkCall(env, endpoints.considerNotice, {
      params: { pupilId: pupil.id },
      body: { contactId, on: today },
    });
    setBusy(false);
    if (!answer.ok) {
      setOutcome({ kind: 'error', text: caseworkFailureMessage(answer.error) });
      return;
    }
    setOutcome({
      kind: 'done',
      text: `A penalty notice is recorded as considered for ${answer.value.notice.parent.name}.`,
    });
    await refresh();
  }

  async function downloadCsv() {
    const answer = await callCsv(
      endpoints.penaltyNotices,
      { query: {} },
      {
        staffId: env.staff.staffId,
        ...(env.fetch === undefined ? {} : { fetch: env.fetch }),
      },
    );
    if (!answer.ok) {
      setOutcome({ kind: 'error', text: caseworkFailureMessage(answer.error) });
      return;
    }
    downloadTextFile(`penalty-notices-${today}.csv`, answer.value, 'text/csv;charset=utf-8');
  }

  return (
    <section className="casework-notices" aria-labelledby={`${id}-heading`}>
      <h3 id={`${id}-heading`}>
        {pupil === undefined ? 'Every penalty notice' : `Penalty notices for ${pupil.displayName}`}
      </h3>
      {outcome !== null && (
        <p
          className={`notice ${outcome.kind === 'error' ? 'notice--error' : ''}`}
          role={outcome.kind === 'error' ? 'alert' : 'status'}
        >
          {outcome.text}
        </p>
      )}
      {pupil === undefined && (
        <p>
          <button type="button" className="button" onClick={() => void downloadCsv()}>
            Download the local authority’s record (CSV)
          </button>
        </p>
      )}
      {read.kind === 'loading' && <p role="status">Loading penalty notices…</p>}
      {read.kind === 'failed' && (
        <p className="notice notice--error" role="alert">
          {read.message}
        </p>
      )}
      {read.kind === 'ready' &&
        (read.value.notices.length === 0 ? (
          <p>No penalty notices are recorded{pupil === undefined ? '' : ' for this pupil'}.</p>
        ) : (
          <ul className="casework-list">
            {read.value.notices.map((notice) => (
              <NoticeCard
                key={notice.id}
                env={env}
                today={today}
                notice={notice}
                showPupil={pupil === undefined}
                onChanged={(text, kind) => {
                  setOutcome({ kind, text });
                  if (kind === 'done') void refresh();
                }}
              />
            ))}
          </ul>
        ))}
      {pupil !== undefined && (
        <form className="casework-form" onSubmit={(e) => void consider(e)}>
          {(parents ?? []).length === 0 ? (
            <p style={{ gridColumn: '1 / -1' }}>
              A penalty notice is given to a parent, and no contact with parental responsibility is
              held for this pupil. Add the contacts in the office’s pupil record first.
            </p>
          ) : (
            <>
              <div>
                <label htmlFor={`${id}-parent`} className="field-label">
                  Parent
                </label>
                <select
                  id={`${id}-parent`}
                  value={contactId}
                  onChange={(e) => setContactId(e.target.value)}
                >
                  {(parents ?? []).map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name} ({p.relationship})
                    </option>
                  ))}
                </select>
              </div>
              <div className="casework-form__buttons">
                <button type="submit" className="button" disabled={busy}>
                  Consider a penalty notice
                </button>
              </div>
            </>
          )}
        </form>
      )}
    </section>
  );
}

function NoticeCard({
  env,
  today,
  notice,
  showPupil,
  onChanged,
}: {
  readonly env: CaseworkEnv;
  readonly today: string;
  readonly notice: PenaltyNoticeDto;
  readonly showPupil: boolean;
  readonly onChanged: (text: string, kind: 'done' | 'error') => void;
}) {
  const id = useId();
  const [stage, setStage] = useState<Stage | ''>(notice.next[0] ?? '');
  const [on, setOn] = useState(today);
  const [periodEnds, setPeriodEnds] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  async function record(event: FormEvent) {
    event.preventDefault();
    if (stage === '' || stage === 'considered') return;
    const body: AdvanceNoticeRequest =
      stage === 'notice_to_improve'
        ? { stage, on, periodEnds }
        : stage === 'withdrawn' || stage === 'escalated'
          ? { stage, on, reason }
          : { stage, on };
    setBusy(true);
    const answer = await caseworkCall(env, endpoints.advanceNotice, {
      params: { noticeId: notice.id },
      body,
    });
    setBusy(false);
    if (!answer.ok) {
      onChanged(caseworkFailureMessage(answer.error), 'error');
      return;
    }
    onChanged(
      `${STAGE_TEXT[answer.value.notice.stage]}: the notice for ${notice.parent.name} is updated.`,
      'done',
    );
  }

  return (
    <li className="casework-card">
      <p className="casework-card__head">
        <span className="pill">{STAGE_TEXT[notice.stage]}</span>{' '}
        {showPupil && <strong>{notice.pupil.displayName}: </strong>}
        {notice.parent.name}
      </p>
      <ol className="casework-card__meta">
        {notice.steps.map((s, i) => (
          <li key={i}>{stepText(s)}</li>
        ))}
      </ol>
      {notice.payBy !== null && (
        <p className="casework-card__meta">
          {notice.reducedBy !== null && `£80 if paid by ${formatLongDate(notice.reducedBy)}; `}
          last day to pay {formatLongDate(notice.payBy)}.
        </p>
      )}
      {notice.next.length > 0 && (
        <form className="casework-form" onSubmit={(e) => void record(e)}>
          <div>
            <label htmlFor={`${id}-stage`} className="field-label">
              Next step
            </label>
            <select
              id={`${id}-stage`}
              value={stage}
              onChange={(e) => setStage(e.target.value as Stage)}
            >
              {notice.next.map((s) => (
                <option key={s} value={s}>
                  {STAGE_TEXT[s]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor={`${id}-on`} className="field-label">
              On
            </label>
            <DateField id={`${id}-on`} value={on} onChange={setOn} />
          </div>
          {stage === 'notice_to_improve' && (
            <div>
              <label htmlFor={`${id}-period`} className="field-label">
                Improvement period ends
              </label>
              <DateField id={`${id}-period`} value={periodEnds} onChange={setPeriodEnds} />
            </div>
          )}
          {(stage === 'withdrawn' || stage === 'escalated') && (
            <div>
              <label htmlFor={`${id}-reason`} className="field-label">
                Reason
              </label>
              <input
                id={`${id}-reason`}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </div>
          )}
          <div className="casework-form__buttons">
            <button
              type="submit"
              className="button"
              disabled={busy}
              aria-label={`Record the next step for ${notice.parent.name}`}
            >
              Record step
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
