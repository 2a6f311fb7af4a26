/** Every word the parent page says, as one language writes it (en-GB first: enGB.ts). */
import type { FamilyTimeMissed, SessionPart, WeekSessionState } from '../../../domain/index';
import type { LeaveWords } from '../leaveWords';

export interface ParentWords {
  /** The language's own name, for the language switch ("Polski"). */
  readonly languageName: string;
  /** The BCP 47 tag for the page's `lang` attribute. */
  readonly lang: string;
  readonly languageLabel: string;
  readonly title: string;
  readonly checking: string;
  readonly intro: string;
  readonly emailLabel: string;
  readonly sendLink: string;
  readonly checkEmail: string;
  readonly linkSent: (email: string) => string;
  readonly byTextHeading: string;
  readonly byTextIntro: string;
  readonly phoneLabel: string;
  readonly sendCode: string;
  readonly codeSent: (phone: string) => string;
  readonly codeLabel: string;
  readonly signIn: string;
  readonly startAgain: string;
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
  /** Time missed this term or this school year, in days and hours. */
  readonly missed: (firstName: string, period: 'term' | 'year', time: FamilyTimeMissed) => string;
  readonly weekCaption: (firstName: string) => string;
  readonly dayColumn: string;
  readonly part: Readonly<Record<SessionPart, string>>;
  /** A school day in the strip: "Monday 3 March". */
  readonly day: (date: string) => string;
  readonly weekState: Readonly<Record<WeekSessionState, string>>;
  /** The leave-request section (a translation gives all of it, or none). */
  readonly leave: LeaveWords;
}

/** A translation: a word it leaves out is said in en-GB. */
export type ParentTranslation = Partial<ParentWords>;
