/**
 * The kinds of action on an attendance case (docs/design.md, "Casework"), in the words the
 * attendance lead uses.
 */
import { z } from 'zod';

export const CASE_ACTION_KINDS = [
  'call',
  'letter',
  'meeting',
  'support_plan',
  'attendance_contract',
  'parenting_contract',
  'notice_to_improve',
  'referral',
  'penalty_notice',
  'review',
] as const;

export type CaseActionKind = (typeof CASE_ACTION_KINDS)[number];

export const caseActionKindSchema = z.enum(CASE_ACTION_KINDS);

export const CASE_ACTION_LABELS: Readonly<Record<CaseActionKind, string>> = {
  call: 'Phone call',
  letter: 'Letter',
  meeting: 'Meeting',
  support_plan: 'Support plan',
  attendance_contract: 'Attendance contract',
  parenting_contract: 'Parenting contract',
  notice_to_improve: 'Notice to improve',
  referral: 'Referral',
  penalty_notice: 'Penalty notice',
  review: 'Review',
};
