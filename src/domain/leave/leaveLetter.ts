/**
 * The letter that tells a parent what the school decided about their request for leave: the
 * dates asked for, the decision and its reason, what the register will say, and who decided.
 * Drawn as a PDF by the server (server/mail/letterPdf.ts) and kept with the request.
 */
import type { RenderedLetter } from '../casework/letters';
import type { SessionRef } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { longDate } from '../time/longDate';

export interface LeaveLetterInput {
  readonly parentName: string;
  readonly pupilName: string;
  readonly requestedOn: LocalDate;
  readonly from: SessionRef;
  readonly to: SessionRef;
  readonly decision: 'granted' | 'refused';
  readonly reason: string;
  /** School sessions the leave covers. */
  readonly sessions: number;
  readonly deciderName: string;
  /** The decider's job, as signed: "Attendance lead". */
  readonly deciderTitle: string;
}

const partWord = (s: SessionRef): string => (s.part === 'AM' ? 'morning' : 'afternoon');

/** "the morning of 17 March 2025 to the afternoon of 21 March 2025". */
export function leaveSpan(from: SessionRef, to: SessionRef): string {
  return `the ${partWord(from)} of ${longDate(from.date)} to the ${partWord(to)} of ${longDate(to.date)}`;
}

export function leaveDecisionLetter(input: LeaveLetterInput): RenderedLetter {
  const { pupilName } = input;
  const sessions = `${input.sessions} school session${input.sessions === 1 ? '' : 's'}`;
  const reason = input.reason.trim().replace(/[.]$/u, '');
  const decided =
    input.decision === 'granted'
      ? [
          `The school has granted this leave of absence. ${reason}.`,
          `The ${sessions} it covers are recorded in the register as leave of absence authorised by the school (code C). Please make sure ${pupilName} is back at school for the first session after the leave.`,
        ]
      : [
          `The school has refused this request. ${reason}.`,
          `If ${pupilName} is absent during these ${sessions}, the absence will be recorded as a holiday not authorised by the school (code G). Unauthorised absence can lead the local authority to issue a penalty notice.`,
        ];
  return {
    subject: `Leave of absence for ${pupilName}: ${input.decision}`,
    paragraphs: [
      `Dear ${input.parentName},`,
      `Thank you for your request of ${longDate(input.requestedOn)} for ${pupilName} to be absent from school from ${leaveSpan(input.from, input.to)}.`,
      ...decided,
      'If you would like to talk about this decision, please contact the school office.',
      `Yours sincerely,\n${input.deciderName}\n${input.deciderTitle}`,
    ],
  };
}
