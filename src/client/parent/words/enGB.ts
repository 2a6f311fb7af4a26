/** The parent page in en-GB: every other language falls back to these words. */
import type { FamilyTimeMissed } from '../../../domain/index';
import { LEAVE_EN_GB } from '../leaveWords';
import type { ParentWords } from './parentWordsTypes';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

function days(t: FamilyTimeMissed): string {
  if (t.wholeDays === 0) return 'half a day';
  return `${t.wholeDays}${t.halfDay ? '½' : ''} ${t.wholeDays === 1 && !t.halfDay ? 'day' : 'days'}`;
}

function hours(t: FamilyTimeMissed): string {
  return `${t.hoursExact ? '' : 'about '}${t.hours} ${t.hours === 1 ? 'hour' : 'hours'}`;
}

export const EN_GB: ParentWords = {
  languageName: 'English',
  lang: 'en-GB',
  languageLabel: 'Language',
  title: 'Tell the school about an absence',
  checking: 'Signing you in…',
  intro:
    'Type the email address the school has for you. We will email you a link to sign in; it works once, for 30 minutes.',
  emailLabel: 'Your email address',
  sendLink: 'Email me a sign-in link',
  checkEmail: 'Check your email',
  linkSent: (email) =>
    `If ${email} is the address the school has for you, a sign-in link is on its way. Open it on this phone or computer. If nothing arrives, please call the school.`,
  byTextHeading: 'Or sign in with a code by text',
  byTextIntro: 'Type the mobile number the school has for you. We will text you a six-digit code.',
  phoneLabel: 'Your mobile number',
  sendCode: 'Text me a sign-in code',
  codeSent: (phone) =>
    `If ${phone} is the number the school has for you, a six-digit code is on its way. It works once, for 10 minutes.`,
  codeLabel: 'The six-digit code',
  signIn: 'Sign in',
  startAgain: 'Start again',
  noChildren:
    'The school has no children listed for you. If that is wrong, please call the school office.',
  reportTitle: 'Report an absence',
  reportIntro:
    'Tell the school before the register closes. The office will check your report and record it.',
  child: 'Child',
  firstDay: 'First day of absence',
  lastDay: 'Last day of absence',
  reason: 'Reason',
  reasonHint: 'For example: a temperature and sickness, or a hospital appointment.',
  expectedReturn: 'Expected back on (optional)',
  send: 'Send to the school',
  reported: (firstName) => `Thank you. The school has your report about ${firstName}.`,
  yourReports: 'Your reports',
  status: {
    new: 'waiting for the office',
    accepted: 'recorded by the school',
    declined: 'not accepted: please call the school',
  },
  attendanceHeading: 'Time missed',
  missed: (firstName, period, t) => {
    const when = period === 'term' ? 'This term' : 'This school year';
    if (t.sessions === 0) return `${when} ${firstName} has not missed any school.`;
    return `${when} ${firstName} has missed ${days(t)} of school (${hours(t)}).`;
  },
  weekCaption: (firstName) => `${firstName}’s week`,
  dayColumn: 'Day',
  part: { AM: 'Morning', PM: 'Afternoon' },
  day: (date) => {
    const d = new Date(`${date}T12:00:00Z`);
    return `${WEEKDAYS[d.getUTCDay()] ?? ''} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()] ?? ''}`;
  },
  weekState: {
    present: 'In school',
    late: 'Late',
    late_after_close: 'Late, after the register closed',
    absent_authorised: 'Absent, with the school’s permission',
    absent_no_reason: 'Absent, no reason given yet',
    absent_unauthorised: 'Absent, without permission',
    not_expected: 'Not expected in school',
    closed: 'School closed',
    no_school: 'No school',
    not_marked: 'Not marked yet',
    to_come: 'To come',
  },
  leave: LEAVE_EN_GB,
};
