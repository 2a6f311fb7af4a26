/**
 * The words of the parent page's leave-request section. They are part of the page's words
 * (`ParentWords.leave`, parentWords.ts), so each language module translates them with the rest
 * and the section speaks the language the page does.
 */
import type { LeaveStatus } from '../../shared/api/leaveSchemas';

export interface LeaveWords {
  readonly heading: string;
  readonly intro: string;
  readonly child: string;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly fromPart: string;
  readonly toPart: string;
  readonly morning: string;
  readonly afternoon: string;
  readonly reason: string;
  readonly reasonHint: string;
  readonly evidence: string;
  readonly evidenceHint: string;
  readonly evidenceTooBig: (mb: number) => string;
  readonly send: string;
  readonly sent: (firstName: string) => string;
  readonly yourRequests: string;
  readonly status: Readonly<Record<LeaveStatus, string>>;
  readonly letter: string;
}

export const LEAVE_EN_GB: LeaveWords = {
  heading: 'Ask for leave of absence',
  intro:
    'Schools grant leave in term time only in exceptional circumstances. Ask well in advance; the school will write to you with its decision.',
  child: 'Child',
  firstDay: 'First day of leave',
  lastDay: 'Last day of leave',
  fromPart: 'Leave starts in the',
  toPart: 'Leave ends after the',
  morning: 'morning',
  afternoon: 'afternoon',
  reason: 'Why your child needs to be away',
  reasonHint: 'Say what the circumstances are. The school reads this to decide.',
  evidence: 'Evidence (optional)',
  evidenceHint: 'A PDF, or a photo as JPEG or PNG, of at most 5 MB: an invitation, a letter.',
  evidenceTooBig: (mb) => `The file is larger than ${mb} MB. Choose a smaller photo or scan.`,
  send: 'Send the request',
  sent: (firstName) =>
    `Your request for ${firstName} has been sent. The school will write to you with its decision.`,
  yourRequests: 'Your leave requests',
  status: {
    requested: 'waiting for the school’s decision',
    granted: 'granted',
    refused: 'refused',
  },
  letter: 'Read the school’s letter (PDF)',
};
