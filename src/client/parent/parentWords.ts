/**
 * The parent page's words, by language, so a translation is one more entry here: en-GB, and
 * Polish (pl) to prove the page takes another language. A family whose preferred language has
 * no entry reads en-GB. Attendance is said in days missed, not percentages.
 */

/** Sessions missed as days: two sessions a day. */
export function daysOf(sessions: number): { whole: number; half: boolean } {
  return { whole: Math.floor(sessions / 2), half: sessions % 2 === 1 };
}

function englishDays(sessions: number): string {
  const { whole, half } = daysOf(sessions);
  if (whole === 0) return half ? 'half a day' : 'no days';
  return `${whole}${half ? '½' : ''} ${whole === 1 && !half ? 'day' : 'days'}`;
}

function polishDays(sessions: number): string {
  const { whole, half } = daysOf(sessions);
  if (half) return `${whole},5 dnia`;
  if (whole === 1) return '1 dzień';
  return `${whole} dni`;
}
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
  readonly attendanceHeading: string;
  readonly missedThisTerm: (firstName: string, sessions: number) => string;
  readonly missedThisYear: (firstName: string, sessions: number) => string;
}

export const PARENT_WORDS: Readonly<Record<'en-GB' | 'pl', ParentWords>> = {
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
    attendanceHeading: 'Time missed',
    missedThisTerm: (firstName, sessions) =>
      `This term ${firstName} has missed ${englishDays(sessions)} of school.`,
    missedThisYear: (firstName, sessions) =>
      `This school year ${firstName} has missed ${englishDays(sessions)} of school.`,
  },
  pl: {
    title: 'Zgłoś nieobecność dziecka w szkole',
    checking: 'Logowanie…',
    intro:
      'Wpisz adres e-mail, który ma szkoła. Wyślemy link do logowania; działa jeden raz, przez 30 minut.',
    emailLabel: 'Twój adres e-mail',
    sendLink: 'Wyślij mi link do logowania',
    checkEmail: 'Sprawdź pocztę',
    linkSent: (email) =>
      `Jeśli szkoła ma adres ${email}, link do logowania jest już w drodze. Jeśli nic nie przyjdzie, zadzwoń do szkoły.`,
    noChildren:
      'Szkoła nie ma przypisanych do Ciebie dzieci. Jeśli to błąd, zadzwoń do sekretariatu.',
    reportTitle: 'Zgłoś nieobecność',
    reportIntro:
      'Powiadom szkołę, zanim zamknie dziennik. Sekretariat sprawdzi zgłoszenie i je zapisze.',
    child: 'Dziecko',
    firstDay: 'Pierwszy dzień nieobecności',
    lastDay: 'Ostatni dzień nieobecności',
    reason: 'Powód',
    reasonHint: 'Na przykład: gorączka i wymioty albo wizyta w szpitalu.',
    expectedReturn: 'Przewidywany powrót (opcjonalnie)',
    send: 'Wyślij do szkoły',
    reported: (firstName) => `Dziękujemy. Szkoła otrzymała zgłoszenie dotyczące: ${firstName}.`,
    yourReports: 'Twoje zgłoszenia',
    status: {
      new: 'czeka na sekretariat',
      accepted: 'zapisane przez szkołę',
      declined: 'nieprzyjęte: prosimy zadzwonić do szkoły',
    },
    attendanceHeading: 'Opuszczone dni',
    missedThisTerm: (firstName, sessions) =>
      `W tym semestrze ${firstName}: opuszczone ${polishDays(sessions)} szkoły.`,
    missedThisYear: (firstName, sessions) =>
      `W tym roku szkolnym ${firstName}: opuszczone ${polishDays(sessions)} szkoły.`,
  },
};

/** The words for a family's preferred language ("pl", "pl-PL", "Polish"), else en-GB. */
export function wordsFor(language: string): ParentWords {
  const tag = language.trim().toLowerCase();
  if (tag === 'pl' || tag.startsWith('pl-') || tag === 'polish' || tag === 'polski')
    return PARENT_WORDS.pl;
  return PARENT_WORDS['en-GB'];
}
