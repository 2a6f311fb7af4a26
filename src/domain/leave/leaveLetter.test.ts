import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import { leaveDecisionLetter, type LeaveLetterInput } from './leaveLetter';

const base: LeaveLetterInput = {
  parentName: 'Amira Khan',
  pupilName: 'Zara Khan',
  requestedOn: localDate('2025-03-04'),
  from: { date: localDate('2025-03-24'), part: 'AM' },
  to: { date: localDate('2025-03-25'), part: 'AM' },
  decision: 'granted',
  reason: 'A family wedding abroad, with the invitation as evidence.',
  sessions: 3,
  deciderName: 'Priya Shah',
  deciderTitle: 'Attendance lead',
};

describe('leaveDecisionLetter', () => {
  it.each<[string, Partial<LeaveLetterInput>, string, RegExp]>([
    [
      'granted: code C',
      {},
      'Leave of absence for Zara Khan: granted',
      /granted this leave of absence\. A family wedding abroad, with the invitation as evidence\. The 3 school sessions it covers are recorded in the register as leave of absence authorised by the school \(code C\)/,
    ],
    [
      'refused: code G if absent',
      { decision: 'refused', reason: 'The request was made with less than ten school days notice' },
      'Leave of absence for Zara Khan: refused',
      /refused this request\. The request was made with less than ten school days notice\. If Zara Khan is absent during these 3 school sessions, the absence will be recorded as a holiday not authorised by the school \(code G\)/,
    ],
    [
      'one session reads in the singular',
      { sessions: 1 },
      'Leave of absence for Zara Khan: granted',
      /The 1 school session it covers/,
    ],
  ])('%s', (_name, overrides, subject, body) => {
    const letter = leaveDecisionLetter({ ...base, ...overrides });
    expect(letter.subject).toBe(subject);
    expect(letter.paragraphs.join(' ')).toMatch(body);
    expect(letter.paragraphs[0]).toBe('Dear Amira Khan,');
    expect(letter.paragraphs[1]).toBe(
      'Thank you for your request of 4 March 2025 for Zara Khan to be absent from school from the morning of 24 March 2025 to the morning of 25 March 2025.',
    );
    expect(letter.paragraphs.at(-1)).toBe('Yours sincerely,\nPriya Shah\nAttendance lead');
  });
});
