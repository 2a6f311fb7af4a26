/**
 * Penalty notices kept per parent and per child (migration 0025): a notice is its steps, and the
 * next step is recorded only when the domain's rules allow it (src/domain/casework/penaltyNotices.ts:
 * the stage order, the improvement period, the three-year cap counted over every notice of this
 * parent and child, the amounts of the national framework, payment within 28 days). A refused step
 * is answered with the rule's own words and nothing is written.
 */
import { randomUUID } from 'node:crypto';
import {
  advancePenaltyNotice,
  considerPenaltyNotice,
  currentStep,
  localDate,
  PENALTY_NOTICE_NEXT,
  paymentDeadlines,
  type PenaltyNotice,
  type PenaltyNoticeRequest,
  type PenaltyNoticeStep,
} from '../../domain/index';
import type { AdvanceNoticeRequest, PenaltyNoticeDto } from '../../shared/api/penaltyNoticeSchemas';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { writeCsv } from '../../shared/csv';
import { loadCaseParents } from './caseContacts';
import type { CaseworkContext } from './caseService';

type Ctx = Pick<CaseworkContext, 'schoolId' | 'staffId' | 'now'>;

interface NoticeRow {
  id: string;
  pupil_id: string;
  pupil_name: string;
  contact_id: string;
  parent_name: string;
  action_id: string | null;
}

interface StepRow {
  notice_id: string;
  stage: PenaltyNoticeStep['stage'];
  on_date: string;
  period_ends: string | null;
  ordinal: 1 | 2 | null;
  amount_pence: number | null;
  reason: string | null;
  recorded_by: string;
  recorded_by_name: string;
  recorded_at: Date;
}

function stepOf(r: StepRow): PenaltyNoticeStep {
  const on = localDate(r.on_date);
  switch (r.stage) {
    case 'considered':
      return { stage: 'considered', on };
    case 'notice_to_improve':
      return { stage: 'notice_to_improve', on, periodEnds: localDate(r.period_ends ?? r.on_date) };
    case 'issued':
      return { stage: 'issued', on, ordinal: r.ordinal ?? 1 };
    case 'paid':
      return { stage: 'paid', on, amountPence: r.amount_pence ?? 0 };
    case 'withdrawn':
    case 'escalated':
      return { stage: r.stage, on, reason: r.reason ?? '' };
  }
}

interface Loaded {
  readonly row: NoticeRow;
  readonly steps: readonly StepRow[];
  readonly notice: PenaltyNotice;
}

async function loadNotices(
  db: Queryable,
  schoolId: string,
  where: { pupilId?: string; noticeId?: string; contactId?: string } = {},
): Promise<Loaded[]> {
  const { rows } = await db.query<NoticeRow>(
    `SELECT n.id, n.pupil_id, n.contact_id, n.parent_name, n.action_id,
            coalesce(p.preferred_forename, p.legal_forename) || ' ' ||
              coalesce(p.preferred_surname, p.legal_surname) AS pupil_name
       FROM penalty_notice n JOIN pupil p ON p.id = n.pupil_id
      WHERE n.school_id = $1
        AND ($2::uuid IS NULL OR n.pupil_id = $2)
        AND ($3::uuid IS NULL OR n.id = $3)
        AND ($4::uuid IS NULL OR n.contact_id = $4)
      ORDER BY n.created_at, n.id`,
    [schoolId, where.pupilId ?? null, where.noticeId ?? null, where.contactId ?? null],
  );
  if (rows.length === 0) return [];
  const steps = await db.query<StepRow>(
    `SELECT st.notice_id, st.stage, to_char(st.on_date, 'YYYY-MM-DD') AS on_date,
            to_char(st.period_ends, 'YYYY-MM-DD') AS period_ends, st.ordinal, st.amount_pence,
            st.reason, st.recorded_by, s.name AS recorded_by_name, st.recorded_at
       FROM penalty_notice_step st JOIN staff s ON s.id = st.recorded_by
      WHERE st.notice_id = ANY($1::uuid[])
      ORDER BY st.notice_id, st.seq`,
    [rows.map((r) => r.id)],
  );
  return rows.map((row) => {
    const own = steps.rows.filter((s) => s.notice_id === row.id);
    return {
      row,
      steps: own,
      notice: {
        id: row.id,
        parentId: row.contact_id,
        pupilId: row.pupil_id,
        steps: own.map(stepOf),
      },
    };
  });
}

function toDto({ row, steps, notice }: Loaded): PenaltyNoticeDto {
  const last = currentStep(notice);
  const issued = notice.steps.find((s) => s.stage === 'issued');
  const deadlines = issued?.stage === 'issued' ? paymentDeadlines(issued.ordinal, issued.on) : null;
  return {
    id: row.id,
    pupil: { id: row.pupil_id, displayName: row.pupil_name },
    parent: { contactId: row.contact_id, name: row.parent_name },
    actionId: row.action_id,
    stage: last.stage,
    steps: steps.map((s) => ({
      stage: s.stage,
      on: s.on_date,
      periodEnds: s.period_ends,
      ordinal: s.ordinal,
      amountPence: s.amount_pence,
      reason: s.reason,
      recordedBy: { id: s.recorded_by, name: s.recorded_by_name },
      recordedAt: s.recorded_at.toISOString(),
    })),
    next: [...PENALTY_NOTICE_NEXT[last.stage]],
    reducedBy: last.stage === 'issued' ? (deadlines?.reducedBy ?? null) : null,
    payBy: last.stage === 'issued' ? (deadlines?.payBy ?? null) : null,
  };
}

export async function listPenaltyNotices(
  db: Queryable,
  schoolId: string,
  pupilId?: string,
): Promise<PenaltyNoticeDto[]> {
  const found = await loadNotices(db, schoolId, pupilId === undefined ? {} : { pupilId });
  return found.map(toDto);
}

async function insertStep(
  db: Queryable,
  ctx: Ctx,
  noticeId: string,
  seq: number,
  step: PenaltyNoticeStep,
): Promise<void> {
  await db.query(
    `INSERT INTO penalty_notice_step (notice_id, seq, stage, on_date, period_ends, ordinal,
                                      amount_pence, reason, recorded_by, recorded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      noticeId,
      seq,
      step.stage,
      step.on,
      step.stage === 'notice_to_improve' ? step.periodEnds : null,
      step.stage === 'issued' ? step.ordinal : null,
      step.stage === 'paid' ? step.amountPence : null,
      step.stage === 'withdrawn' || step.stage === 'escalated' ? step.reason : null,
      ctx.staffId,
      ctx.now,
    ],
  );
}

/** Records a notice considered for one parent (a contact with parental responsibility) of the pupil. */
export async function considerNotice(
  db: Database,
  ctx: Ctx,
  pupilId: string,
  request: { contactId: string; on: string; actionId?: string | undefined },
): Promise<PenaltyNoticeDto> {
  const parents = await loadCaseParents(db, ctx.schoolId, pupilId);
  const parent = parents.find((p) => p.id === request.contactId);
  if (parent === undefined) {
    throw new ApiError('not_found', {
      message:
        'That contact is not one of this pupil’s contacts with parental responsibility. A penalty notice is given to a parent: choose one from the pupil’s contacts.',
    });
  }
  if (request.actionId !== undefined) {
    const { rows } = await db.query(
      `SELECT 1 FROM case_action a JOIN attendance_case c ON c.id = a.case_id
        WHERE a.school_id = $1 AND a.id = $2 AND c.pupil_id = $3`,
      [ctx.schoolId, request.actionId, pupilId],
    );
    if (rows.length === 0) {
      throw new ApiError('not_found', { message: 'That action is not in this pupil’s case.' });
    }
  }
  const notice = considerPenaltyNotice(randomUUID(), parent.id, pupilId, localDate(request.on));
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO penalty_notice (id, school_id, pupil_id, contact_id, parent_name, action_id,
                                   created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        notice.id,
        ctx.schoolId,
        pupilId,
        parent.id,
        parent.name,
        request.actionId ?? null,
        ctx.staffId,
        ctx.now,
      ],
    );
    await insertStep(
      tx,
      ctx,
      notice.id,
      1,
      notice.steps[0] ?? { stage: 'considered', on: localDate(request.on) },
    );
  });
  const [made] = await loadNotices(db, ctx.schoolId, { noticeId: notice.id });
  if (made === undefined) throw new Error(`penalty notice ${notice.id} was not stored`);
  return toDto(made);
}

function domainRequest(request: AdvanceNoticeRequest): PenaltyNoticeRequest {
  const on = localDate(request.on);
  switch (request.stage) {
    case 'notice_to_improve':
      return { stage: request.stage, on, periodEnds: localDate(request.periodEnds) };
    case 'issued':
    case 'paid':
      return { stage: request.stage, on };
    case 'withdrawn':
    case 'escalated':
      return { stage: request.stage, on, reason: request.reason };
  }
}

/**
 * Records the next step when the rules allow it. The parent's and child's notices are read and
 * the step written in one transaction, locked per parent, so two issues at once cannot both pass
 * the three-year cap.
 */
export async function advanceNotice(
  db: Database,
  ctx: Ctx,
  noticeId: string,
  request: AdvanceNoticeRequest,
): Promise<PenaltyNoticeDto> {
  await db.transaction(async (tx) => {
    const [target] = await loadNotices(tx, ctx.schoolId, { noticeId });
    if (target === undefined) {
      throw new ApiError('not_found', {
        message: 'This school has no penalty notice with that id.',
      });
    }
    await tx.query('SELECT id FROM pupil_contact WHERE id = $1 FOR UPDATE', [
      target.row.contact_id,
    ]);
    const others = (await loadNotices(tx, ctx.schoolId, { contactId: target.row.contact_id }))
      .filter((n) => n.row.pupil_id === target.row.pupil_id)
      .map((n) => n.notice);
    const next = advancePenaltyNotice(target.notice, domainRequest(request), others);
    if (!next.ok) {
      const refusal = next.errors[0];
      throw new ApiError('invalid_request', {
        message: refusal?.message ?? 'This step cannot be recorded.',
        details: { issues: [], refusal: refusal?.code },
      });
    }
    const step = next.value.steps[next.value.steps.length - 1];
    if (step === undefined) throw new Error('an advanced notice has a step');
    await insertStep(tx, ctx, noticeId, next.value.steps.length, step);
  });
  const [done] = await loadNotices(db, ctx.schoolId, { noticeId });
  if (done === undefined) throw new Error(`penalty notice ${noticeId} vanished`);
  return toDto(done);
}

const CSV_COLUMNS = [
  'Pupil',
  'Parent',
  'Stage',
  'Considered on',
  'Improvement period ends',
  'Issued on',
  'Notice (1st or 2nd)',
  'Paid on',
  'Amount paid (£)',
  'Closed on',
  'Reason',
] as const;

const STAGE_TEXT: Record<PenaltyNoticeDto['stage'], string> = {
  considered: 'Considered',
  notice_to_improve: 'Notice to improve',
  issued: 'Issued',
  paid: 'Paid',
  withdrawn: 'Withdrawn',
  escalated: 'Escalated to the local authority',
};

/** The local authority's record as CSV: one row per notice, the domain's `laRecord` fields. */
export function penaltyNoticesCsv(notices: readonly PenaltyNoticeDto[]): string {
  const find = (n: PenaltyNoticeDto, stage: PenaltyNoticeDto['stage']) =>
    n.steps.find((s) => s.stage === stage);
  const rows = notices.map((n) => {
    const closing = n.stage === 'withdrawn' || n.stage === 'escalated' ? find(n, n.stage) : null;
    const paid = find(n, 'paid');
    const issued = find(n, 'issued');
    return [
      n.pupil.displayName,
      n.parent.name,
      STAGE_TEXT[n.stage],
      find(n, 'considered')?.on ?? null,
      find(n, 'notice_to_improve')?.periodEnds ?? null,
      issued?.on ?? null,
      issued?.ordinal ?? null,
      paid?.on ?? null,
      paid?.amountPence == null ? null : (paid.amountPence / 100).toFixed(2),
      closing?.on ?? paid?.on ?? null,
      closing?.reason ?? null,
    ];
  });
  return writeCsv(CSV_COLUMNS, rows, { finalNewline: true });
}
