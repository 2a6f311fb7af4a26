/**
 * The lifecycle of a penalty notice under the national framework in force from 19 August 2024
 * (docs/design.md, "Casework"): considered → notice to improve (with its period) → issued → paid
 * (within 21 or 28 days) → or withdrawn, or escalated to the local authority. A notice is per
 * parent and per child. Within three years, the first notice is £80 if paid within 21 days and
 * £160 within 28; the second is a flat £160 within 28 days; a third within three years of the
 * first cannot be issued. Withdrawn notices do not count; unpaid (escalated) ones do.
 *
 * The school records; the local authority issues. These rules say what the record may say next.
 */
import type { Result } from '../result';
import { fail, ok } from '../result';
import type { LocalDate } from '../time/localDate';
import { addDays, daysBetween } from '../time/localDate';
import { longDate } from '../time/longDate';

/** The national framework: amounts in pence, periods in days. */
export const PENALTY_NOTICE_FRAMEWORK = {
  /** Notices issued before this day are under the old scheme and do not count towards the cap. */
  inForceFrom: '2024-08-19' as LocalDate,
  firstReducedPence: 8_000,
  firstFullPence: 16_000,
  secondPence: 16_000,
  reducedWithinDays: 21,
  payableWithinDays: 28,
  /** No third notice within this many years of the first. */
  capYears: 3,
  maxNotices: 2,
} as const;

export type PenaltyNoticeStage =
  'considered' | 'notice_to_improve' | 'issued' | 'paid' | 'withdrawn' | 'escalated';

export type PenaltyNoticeStep =
  | { readonly stage: 'considered'; readonly on: LocalDate }
  | { readonly stage: 'notice_to_improve'; readonly on: LocalDate; readonly periodEnds: LocalDate }
  | { readonly stage: 'issued'; readonly on: LocalDate; readonly ordinal: 1 | 2 }
  | { readonly stage: 'paid'; readonly on: LocalDate; readonly amountPence: number }
  | { readonly stage: 'withdrawn'; readonly on: LocalDate; readonly reason: string }
  | { readonly stage: 'escalated'; readonly on: LocalDate; readonly reason: string };

/** What the school asks to record next (the ordinal and the amount paid are decided here). */
export type PenaltyNoticeRequest =
  | { readonly stage: 'notice_to_improve'; readonly on: LocalDate; readonly periodEnds: LocalDate }
  | { readonly stage: 'issued'; readonly on: LocalDate }
  | { readonly stage: 'paid'; readonly on: LocalDate }
  | { readonly stage: 'withdrawn'; readonly on: LocalDate; readonly reason: string }
  | { readonly stage: 'escalated'; readonly on: LocalDate; readonly reason: string };

/** One notice: one parent, one child, its steps in order (the first is always `considered`). */
export interface PenaltyNotice {
  readonly id: string;
  readonly parentId: string;
  readonly pupilId: string;
  readonly steps: readonly PenaltyNoticeStep[];
}

export type PenaltyNoticeRefusalCode =
  | 'third_notice_within_three_years'
  | 'not_allowed_from_stage'
  | 'date_before_last_step'
  | 'improvement_period_running'
  | 'improvement_period_invalid'
  | 'payment_too_late'
  | 'not_yet_overdue'
  | 'reason_missing';

export interface PenaltyNoticeRefusal {
  readonly code: PenaltyNoticeRefusalCode;
  /** Plain words: what is wrong and what to do instead. */
  readonly message: string;
}

/** Which stage may follow which. `paid`, `withdrawn` and `escalated` end a notice. */
export const PENALTY_NOTICE_NEXT: Readonly<
  Record<PenaltyNoticeStage, readonly PenaltyNoticeRequest['stage'][]>
> = {
  considered: ['notice_to_improve', 'issued', 'withdrawn'],
  notice_to_improve: ['issued', 'withdrawn'],
  issued: ['paid', 'withdrawn', 'escalated'],
  paid: [],
  withdrawn: [],
  escalated: [],
};

const STAGE_WORDS: Record<PenaltyNoticeStage, string> = {
  considered: 'considered',
  notice_to_improve: 'a notice to improve',
  issued: 'issued',
  paid: 'paid',
  withdrawn: 'withdrawn',
  escalated: 'escalated to the local authority',
};

/** A new notice: the threshold was met (or the school has another reason) and it is considered. */
export function considerPenaltyNotice(
  id: string,
  parentId: string,
  pupilId: string,
  on: LocalDate,
): PenaltyNotice {
  return { id, parentId, pupilId, steps: [{ stage: 'considered', on }] };
}

export function currentStep(notice: PenaltyNotice): PenaltyNoticeStep {
  const last = notice.steps[notice.steps.length - 1];
  if (last === undefined) throw new RangeError(`Penalty notice ${notice.id} has no step`);
  return last;
}

/** The day the notice was issued, or null while it has not been. */
export function issuedOn(notice: PenaltyNotice): LocalDate | null {
  return notice.steps.find((s) => s.stage === 'issued')?.on ?? null;
}

function wasWithdrawn(notice: PenaltyNotice): boolean {
  return notice.steps.some((s) => s.stage === 'withdrawn');
}

/** The day three years after `date` (29 February → 1 March in a year without one). */
function yearsAfter(date: LocalDate, years: number): LocalDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utc = new Date(Date.UTC(y + years, m - 1, d));
  return utc.toISOString().slice(0, 10) as LocalDate;
}

/**
 * The notices that count towards the cap when `parentId` is issued one for `pupilId` on `on`:
 * issued (under the 2024 framework), not withdrawn, same parent and child, in the three years
 * up to `on`. Oldest first.
 */
export function countingNotices(
  others: readonly PenaltyNotice[],
  parentId: string,
  pupilId: string,
  on: LocalDate,
): { notice: PenaltyNotice; issuedOn: LocalDate }[] {
  const { inForceFrom, capYears } = PENALTY_NOTICE_FRAMEWORK;
  return others
    .filter((n) => n.parentId === parentId && n.pupilId === pupilId && !wasWithdrawn(n))
    .map((n) => ({ notice: n, issuedOn: issuedOn(n) }))
    .filter(
      (n): n is { notice: PenaltyNotice; issuedOn: LocalDate } =>
        n.issuedOn !== null &&
        n.issuedOn >= inForceFrom &&
        n.issuedOn <= on &&
        yearsAfter(n.issuedOn, capYears) > on,
    )
    .sort((a, b) => (a.issuedOn < b.issuedOn ? -1 : a.issuedOn > b.issuedOn ? 1 : 0));
}

/**
 * Whether a notice may be issued to this parent for this child on `on`, and which it would be
 * (1st or 2nd); a third within three years of the first is refused with the day it becomes
 * possible again.
 */
export function noticeOrdinal(
  others: readonly PenaltyNotice[],
  parentId: string,
  pupilId: string,
  on: LocalDate,
): Result<1 | 2, PenaltyNoticeRefusal> {
  const counting = countingNotices(others, parentId, pupilId, on);
  const first = counting[0];
  if (first === undefined) return ok(1);
  if (counting.length === 1) return ok(2);
  const { capYears } = PENALTY_NOTICE_FRAMEWORK;
  return fail({
    code: 'third_notice_within_three_years',
    message:
      `This parent has already had ${counting.length} penalty notices for this child since ` +
      `${longDate(first.issuedOn)}, and a third cannot be issued within ${capYears} years of ` +
      `the first (until ${longDate(yearsAfter(first.issuedOn, capYears))}). Withdrawn notices ` +
      `do not count. Ask the local authority about other action, such as prosecution.`,
  });
}

/** What a notice costs if paid on `paidOn`: null when it can no longer be paid (after 28 days). */
export function amountDue(ordinal: 1 | 2, issued: LocalDate, paidOn: LocalDate): number | null {
  const f = PENALTY_NOTICE_FRAMEWORK;
  const days = daysBetween(issued, paidOn);
  if (days < 0 || days > f.payableWithinDays) return null;
  if (ordinal === 2) return f.secondPence;
  return days <= f.reducedWithinDays ? f.firstReducedPence : f.firstFullPence;
}

/** The last day to pay at the reduced rate (first notices only) and at all. */
export function paymentDeadlines(
  ordinal: 1 | 2,
  issued: LocalDate,
): { reducedBy: LocalDate | null; payBy: LocalDate } {
  const f = PENALTY_NOTICE_FRAMEWORK;
  return {
    reducedBy: ordinal === 1 ? addDays(issued, f.reducedWithinDays) : null,
    payBy: addDays(issued, f.payableWithinDays),
  };
}

/**
 * The notice with `request` recorded, or why it cannot be: the stage must be allowed next, the day
 * not before the last step, a notice to improve must have run its period before a notice is
 * issued, the cap is checked against `others` (every notice of the school for this parent and
 * child), payment must be within 28 days of issue, escalation only after that.
 */
export function advancePenaltyNotice(
  notice: PenaltyNotice,
  request: PenaltyNoticeRequest,
  others: readonly PenaltyNotice[],
): Result<PenaltyNotice, PenaltyNoticeRefusal> {
  const last = currentStep(notice);
  if (!PENALTY_NOTICE_NEXT[last.stage].includes(request.stage)) {
    const allowed = PENALTY_NOTICE_NEXT[last.stage].map((s) => STAGE_WORDS[s]);
    return fail({
      code: 'not_allowed_from_stage',
      message:
        `This notice is ${STAGE_WORDS[last.stage]}; it cannot be ${STAGE_WORDS[request.stage]} now. ` +
        (allowed.length === 0
          ? 'Nothing more can be recorded on it: consider a new notice instead.'
          : `It can next be: ${allowed.join(', ')}.`),
    });
  }
  if (request.on < last.on) {
    return fail({
      code: 'date_before_last_step',
      message: `The date ${longDate(request.on)} is before the notice's last step (${longDate(last.on)}). Enter the day it happened, on or after that.`,
    });
  }
  const withStep = (step: PenaltyNoticeStep): Result<PenaltyNotice, PenaltyNoticeRefusal> =>
    ok({ ...notice, steps: [...notice.steps, step] });

  switch (request.stage) {
    case 'notice_to_improve':
      if (request.periodEnds <= request.on) {
        return fail({
          code: 'improvement_period_invalid',
          message: 'The improvement period must end after the notice to improve is given.',
        });
      }
      return withStep(request);
    case 'issued': {
      if (last.stage === 'notice_to_improve' && request.on <= last.periodEnds) {
        return fail({
          code: 'improvement_period_running',
          message: `The notice to improve gives the parent until ${longDate(last.periodEnds)} to improve. A penalty notice can be issued after that day.`,
        });
      }
      const ordinal = noticeOrdinal(
        others.filter((n) => n.id !== notice.id),
        notice.parentId,
        notice.pupilId,
        request.on,
      );
      if (!ordinal.ok) return ordinal;
      return withStep({ stage: 'issued', on: request.on, ordinal: ordinal.value });
    }
    case 'paid': {
      const issued = notice.steps.find((s) => s.stage === 'issued');
      if (issued?.stage !== 'issued') throw new RangeError('an issued notice has its issue step');
      const amount = amountDue(issued.ordinal, issued.on, request.on);
      if (amount === null) {
        return fail({
          code: 'payment_too_late',
          message: `A penalty notice must be paid within ${PENALTY_NOTICE_FRAMEWORK.payableWithinDays} days of issue (by ${longDate(paymentDeadlines(issued.ordinal, issued.on).payBy)}). Record it as escalated to the local authority instead.`,
        });
      }
      return withStep({ stage: 'paid', on: request.on, amountPence: amount });
    }
    case 'escalated': {
      if (request.reason.trim() === '') return reasonMissing('escalated');
      const issued = issuedOn(notice);
      if (issued !== null) {
        const payBy = addDays(issued, PENALTY_NOTICE_FRAMEWORK.payableWithinDays);
        if (request.on <= payBy) {
          return fail({
            code: 'not_yet_overdue',
            message: `The parent may still pay until ${longDate(payBy)}. Escalate after that day if it is unpaid.`,
          });
        }
      }
      return withStep({ ...request, reason: request.reason.trim() });
    }
    case 'withdrawn':
      if (request.reason.trim() === '') return reasonMissing('withdrawn');
      return withStep({ ...request, reason: request.reason.trim() });
  }
}

function reasonMissing(stage: 'withdrawn' | 'escalated'): {
  ok: false;
  errors: PenaltyNoticeRefusal[];
} {
  return fail({
    code: 'reason_missing',
    message: `Say why the notice is ${STAGE_WORDS[stage]}: the reason is kept for the local authority.`,
  });
}

/** One line of the record the local authority asks for. */
export interface PenaltyNoticeLaRow {
  readonly id: string;
  readonly parentId: string;
  readonly pupilId: string;
  readonly stage: PenaltyNoticeStage;
  readonly consideredOn: LocalDate;
  readonly improvementPeriodEnds: LocalDate | null;
  readonly issuedOn: LocalDate | null;
  readonly ordinal: 1 | 2 | null;
  readonly paidOn: LocalDate | null;
  readonly amountPaidPence: number | null;
  readonly closedOn: LocalDate | null;
  readonly reason: string | null;
}

/** The notice as one row for the local authority's record. */
export function laRecord(notice: PenaltyNotice): PenaltyNoticeLaRow {
  const find = <S extends PenaltyNoticeStage>(stage: S) =>
    notice.steps.find((s): s is Extract<PenaltyNoticeStep, { stage: S }> => s.stage === stage);
  const last = currentStep(notice);
  const issued = find('issued');
  const paid = find('paid');
  const closing = last.stage === 'withdrawn' || last.stage === 'escalated' ? last : null;
  return {
    id: notice.id,
    parentId: notice.parentId,
    pupilId: notice.pupilId,
    stage: last.stage,
    consideredOn: notice.steps[0]?.on ?? last.on,
    improvementPeriodEnds: find('notice_to_improve')?.periodEnds ?? null,
    issuedOn: issued?.on ?? null,
    ordinal: issued?.ordinal ?? null,
    paidOn: paid?.on ?? null,
    amountPaidPence: paid?.amountPence ?? null,
    closedOn: closing?.on ?? paid?.on ?? null,
    reason: closing?.reason ?? null,
  };
}
