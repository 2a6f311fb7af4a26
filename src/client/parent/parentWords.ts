/**
 * The parent page's words, by language, so a translation is one more entry here. en-GB is the
 * only one so far (docs/parents.md, "Not done yet").
 */
export interface ParentWords {
  readonly title: string;
  readonly checking: string;
  readonly intro: string;
  readonly emailLabel: string;
  readonly sendLink: string;
  readonly checkEmail: string;
  readonly linkSent: (email: string) => string;
  readonly noChildren: string;
  readonly reportTitle: string;
  readonly reportIntro: string;
  readonly child: string;
  readonly firstDay: string;
  readonly lastDay: string;
  readonly reason: string;
  readonly reasonHint: string;
  readonly expectedReturn: string;
  readonly send: string;
  readonly reported: (firstName: string) => string;
  readonly yourReports: string;
  readonly status: Readonly<Record<'new' | 'accepted' | 'declined', string>>;
}

export const PARENT_WORDS: Readonly<Record<'en-GB', ParentWords>> = {
  'en-GB': {
    title: 'Tell the school about an absence',
    checking: 'Signing you in…',
    intro:
      'Type the email address the school has for you. We will email you a link to sign in; it works once, for 30 minutes.',
    emailLabel: 'Your email address',
    sendLink: 'Email me a sign-in link',
    checkEmail: 'Check your email',
    linkSent: (email) =>
      `If ${email} is the address the school has for you, a sign-in link is on its way. Open it on this phone or computer. If nothing arrives, please call the school.`,
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
  },
};
