/**
 * Four schools' escalation ladders written as configuration: the shapes a real attendance policy
 * takes. They are examples a school starts from (the demo school uses the first) and the cases
 * the ladder schema is tested against (exampleLadders.test.ts). Each school changes the rates,
 * weeks and letters to its own policy.
 */
import type { z } from 'zod';
import type { ladderSchema } from './ladder';

type LadderInput = z.input<typeof ladderSchema>;

/** Days of absence: a call on day 1, a letter on day 3, a referral on day 5, a meeting on day 10. */
export const DAYS_ABSENT_LADDER: LadderInput = {
  name: 'Days of absence (first-day call, letters, Attendance Concern Meeting)',
  stages: [
    {
      id: 'first-day-call',
      name: 'First-day contact: phone the parents',
      trigger: { kind: 'absence_run', days: 1, unexplainedOnly: true },
      action: { kind: 'call' },
    },
    {
      id: 'day-3-letter',
      name: 'School Attendance Letter after 3 days unexplained',
      trigger: { kind: 'absence_run', days: 3, unexplainedOnly: true },
      action: { kind: 'letter', letter: 'school-attendance-letter', dueInDays: 1 },
    },
    {
      id: 'day-5-referral',
      name: 'Refer to the nominated attendance person after 5 days',
      trigger: { kind: 'absence_run', days: 5 },
      action: { kind: 'referral', dueInDays: 1 },
    },
    {
      id: 'day-10-meeting',
      name: 'Attendance Concern Meeting after 10 days',
      trigger: { kind: 'absence_run', days: 10 },
      action: { kind: 'meeting', dueInDays: 5, reviewInDays: 28 },
    },
    {
      id: 'reintegration-plan',
      name: 'Reintegration plan on return after two weeks or more',
      after: 'day-10-meeting',
      trigger: { kind: 'returned_after_absence', days: 10 },
      action: { kind: 'support_plan', reviewInDays: 14 },
    },
  ],
};

/** Rates: a letter at 93 %, a support meeting if no better in 4 weeks, review and formal meetings below 90 %. */
export const RATE_LADDER: LadderInput = {
  name: 'Attendance rate (letter at 93 %, support, review and formal meetings)',
  stages: [
    {
      id: 'letter-93',
      name: 'Letter offering support at 93 %',
      trigger: { kind: 'attendance_below', percent: 93, inclusive: true },
      action: { kind: 'letter', letter: 'support-offer', reviewInDays: 28 },
    },
    {
      id: 'support-meeting',
      name: 'Attendance support meeting',
      after: 'letter-93',
      trigger: { kind: 'not_improved', weeks: 4 },
      action: { kind: 'meeting', dueInDays: 10, reviewInDays: 28 },
    },
    {
      id: 'review-meeting',
      name: 'Attendance review meeting below 90 %',
      trigger: { kind: 'attendance_below', percent: 90 },
      action: { kind: 'meeting', dueInDays: 10, reviewInDays: 28 },
    },
    {
      id: 'formal-meeting',
      name: 'Formal review meeting with the senior leader',
      after: 'review-meeting',
      trigger: { kind: 'not_improved', weeks: 4 },
      action: { kind: 'meeting', dueInDays: 10, reviewInDays: 28 },
    },
  ],
};

/** Stages 1–3, then a notice to improve and a penalty notice; lateness letters beside them. */
export const STAGES_LADDER: LadderInput = {
  name: 'Stages 1–3, notice to improve, penalty notice',
  stages: [
    {
      id: 'stage-1-letter',
      name: 'Stage one letter',
      trigger: { kind: 'attendance_below', percent: 95 },
      action: { kind: 'letter', letter: 'stage-1' },
    },
    {
      id: 'stage-2-call',
      name: 'Stage two phone call: agree a target',
      after: 'stage-1-letter',
      trigger: { kind: 'not_improved', weeks: 4 },
      action: { kind: 'call', dueInDays: 2 },
    },
    {
      id: 'stage-2-letter',
      name: 'Stage two follow-up letter',
      after: 'stage-2-call',
      trigger: { kind: 'following', days: 0 },
      action: { kind: 'letter', letter: 'stage-2', dueInDays: 2 },
    },
    {
      id: 'stage-3-interview',
      name: 'Stage three attendance interview',
      after: 'stage-2-letter',
      trigger: { kind: 'not_improved', weeks: 4 },
      action: { kind: 'meeting', dueInDays: 10, reviewInDays: 28 },
    },
    {
      id: 'stage-3-letter',
      name: 'Stage three warning letter',
      after: 'stage-3-interview',
      trigger: { kind: 'following', days: 0 },
      action: { kind: 'letter', letter: 'stage-3-warning', dueInDays: 2 },
    },
    {
      id: 'notice-to-improve',
      name: 'Notice to improve (3 to 6 weeks)',
      after: 'stage-3-letter',
      trigger: { kind: 'penalty_threshold' },
      action: { kind: 'notice_to_improve', dueInDays: 5, reviewInDays: 28 },
    },
    {
      id: 'penalty-notice',
      name: 'Penalty notice requested from the local authority',
      after: 'notice-to-improve',
      trigger: { kind: 'not_improved', weeks: 4 },
      action: { kind: 'penalty_notice', dueInDays: 5 },
    },
    {
      id: 'lateness-letter',
      name: 'Letter on the 4th late',
      trigger: { kind: 'lateness_letter' },
      action: { kind: 'letter', letter: 'lateness' },
    },
    {
      id: 'lateness-meeting',
      name: 'Meeting with the attendance lead about lateness',
      after: 'lateness-letter',
      trigger: { kind: 'lateness_escalation' },
      action: { kind: 'meeting', dueInDays: 10 },
    },
    {
      id: 'attendance-contract',
      name: 'Attendance contract',
      trigger: { kind: 'manual' },
      action: { kind: 'attendance_contract', reviewInDays: 42 },
    },
    {
      id: 'parenting-contract',
      name: 'Parenting contract',
      trigger: { kind: 'manual' },
      action: { kind: 'parenting_contract', reviewInDays: 42 },
    },
  ],
};

/** A letter below 96 %, a meeting with the attendance lead, then a support plan (an attendance contract). */
export const TARGET_LADDER: LadderInput = {
  name: 'Below the 96 % target (letter, meeting with the attendance lead, contract)',
  stages: [
    {
      id: 'letter-96',
      name: 'Letter: attendance below 96 %',
      trigger: { kind: 'attendance_below', percent: 96 },
      action: { kind: 'letter', letter: 'below-target' },
    },
    {
      id: 'lead-meeting',
      name: 'Meeting with the senior attendance lead',
      after: 'letter-96',
      trigger: { kind: 'not_improved', weeks: 2 },
      action: { kind: 'meeting', dueInDays: 10, reviewInDays: 28 },
    },
    {
      id: 'attendance-contract',
      name: 'Support plan: attendance contract',
      after: 'lead-meeting',
      trigger: { kind: 'not_improved', weeks: 4 },
      action: { kind: 'attendance_contract', dueInDays: 10, reviewInDays: 42 },
    },
    {
      id: 'lateness-letter',
      name: 'Letter about punctuality',
      trigger: { kind: 'lateness_letter' },
      action: { kind: 'letter', letter: 'lateness' },
    },
  ],
};
