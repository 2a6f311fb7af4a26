/**
 * The wording of first-day messages to families: templates with merge fields, per language. The
 * rules here are the ones the office's wording screen previews and the server enforces on save
 * and on send: which merge fields exist (an unknown one is refused, never sent as written), how
 * a template is filled, how long a text is (in SMS segments), and the built-in wording for each
 * language the page ships (en-GB first; Polish). A language without a translation falls back to
 * en-GB.
 */
import type { SessionPart } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { longDate } from '../time/longDate';

/** The languages the parent page and first-day messages are written in. en-GB is the fallback. */
export const FAMILY_LANGUAGES = ['en-GB', 'pl'] as const;
export type FamilyLanguage = (typeof FAMILY_LANGUAGES)[number];

/** Each language's name in English (for the office) and in itself (for the family). */
export const FAMILY_LANGUAGE_NAMES: Readonly<
  Record<FamilyLanguage, { readonly english: string; readonly own: string }>
> = {
  'en-GB': { english: 'English', own: 'English' },
  pl: { english: 'Polish', own: 'Polski' },
};

/**
 * The shipped language for a contact's preferred language as the MIS or the office wrote it
 * ("pl", "pl-PL", "Polish", "polski"); anything else, or a language not shipped, is en-GB.
 */
export function familyLanguageOf(preferred: string): FamilyLanguage {
  const tag = preferred.trim().toLowerCase();
  if (tag === 'pl' || tag.startsWith('pl-') || tag === 'polish' || tag === 'polski') return 'pl';
  return 'en-GB';
}

/** The merge fields a template may use, each written in braces: `{first_name}`. */
export const MERGE_FIELD_NAMES = ['first_name', 'session', 'school_phone'] as const;
export type MergeFieldName = (typeof MERGE_FIELD_NAMES)[number];
export type MergeValues = Readonly<Record<MergeFieldName, string>>;

export interface FirstDayWording {
  readonly smsBody: string;
  readonly emailSubject: string;
  readonly emailBody: string;
}

/** The longest text stored: four SMS segments of plain characters. */
export const SMS_MAX_CHARACTERS = 612;

export const DEFAULT_FIRST_DAY_WORDING: Readonly<Record<FamilyLanguage, FirstDayWording>> = {
  'en-GB': {
    smsBody:
      '{first_name} is not in school this {session} and we have not heard why. Please contact {school_phone} today.',
    emailSubject: 'Absence: {first_name} is not in school',
    emailBody:
      'Dear parent or carer,\n\n{first_name} is not in school this {session} and we have not been told why.\n\nPlease contact {school_phone} today to tell us the reason, or report it on the parent page. You can also reply to this email.\n\nThank you.',
  },
  pl: {
    smsBody:
      '{first_name} nie ma w szkole ({session}), a nie znamy powodu. Prosimy o kontakt: {school_phone}.',
    emailSubject: 'Nieobecność: {first_name} nie ma w szkole',
    emailBody:
      'Szanowni Państwo,\n\n{first_name} nie ma w szkole ({session}), a szkoła nie zna powodu nieobecności.\n\nProsimy o kontakt jeszcze dziś: {school_phone}, albo o zgłoszenie nieobecności na stronie dla rodziców. Można też odpowiedzieć na tę wiadomość.\n\nDziękujemy.',
  },
};

const FIELD_PATTERN = /\{([^{}]*)\}/g;

/** Where a wording is wrong, in plain words that say how to put it right. Empty when it is fine. */
export function wordingProblems(wording: FirstDayWording): string[] {
  const problems: string[] = [];
  const parts: readonly [string, string][] = [
    ['The text message', wording.smsBody],
    ['The email subject', wording.emailSubject],
    ['The email', wording.emailBody],
  ];
  const known = MERGE_FIELD_NAMES.map((n) => `{${n}}`).join(', ');
  for (const [name, text] of parts) {
    if (text.trim() === '') {
      problems.push(`${name} is empty. Write what the family should read.`);
      continue;
    }
    for (const match of text.matchAll(FIELD_PATTERN)) {
      const field = match[1] ?? '';
      if (!(MERGE_FIELD_NAMES as readonly string[]).includes(field)) {
        problems.push(
          `${name} uses {${field}}, which is not a merge field. Use ${known}, or take the braces away.`,
        );
      }
    }
    const rest = text.replace(FIELD_PATTERN, '');
    if (rest.includes('{') || rest.includes('}')) {
      problems.push(
        `${name} has a brace with no partner. Merge fields are written like {first_name}.`,
      );
    }
  }
  if (wording.smsBody.length > SMS_MAX_CHARACTERS) {
    problems.push(
      `The text message is ${wording.smsBody.length} characters; the most is ${SMS_MAX_CHARACTERS}. Shorten it.`,
    );
  }
  if (/[\r\n]/.test(wording.emailSubject)) {
    problems.push('The email subject must be one line.');
  }
  return problems;
}

/** Fills the merge fields. A wording that passed `wordingProblems` has no other braces. */
export function fillWording(template: string, values: MergeValues): string {
  return template.replace(FIELD_PATTERN, (whole, field: string) =>
    (MERGE_FIELD_NAMES as readonly string[]).includes(field)
      ? values[field as MergeFieldName]
      : whole,
  );
}

// The GSM 03.38 default alphabet; the extension table's characters count twice.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export interface SmsLength {
  /** Characters as the network counts them (an extension character such as € counts two). */
  readonly characters: number;
  /** True when a character is outside the GSM alphabet (ą, ł, ’…): the text goes as Unicode. */
  readonly unicode: boolean;
  /** How many SMS the text is sent as (each charged by the gateway). */
  readonly segments: number;
}

/** The length of a text as an SMS gateway counts it: GSM 7-bit (160/153) or Unicode (70/67). */
export function smsLength(text: string): SmsLength {
  const chars = [...text];
  const unicode = chars.some((ch) => !GSM_BASIC.includes(ch) && !GSM_EXTENDED.includes(ch));
  if (unicode) {
    // UTF-16 units: a character beyond the basic plane (an emoji) takes two.
    const characters = text.length;
    return { characters, unicode, segments: characters <= 70 ? 1 : Math.ceil(characters / 67) };
  }
  const characters = chars.reduce((n, ch) => n + (GSM_EXTENDED.includes(ch) ? 2 : 1), 0);
  return {
    characters,
    unicode,
    segments: characters <= 160 ? 1 : Math.ceil(characters / 153),
  };
}

const POLISH_MONTHS = [
  'stycznia',
  'lutego',
  'marca',
  'kwietnia',
  'maja',
  'czerwca',
  'lipca',
  'sierpnia',
  'września',
  'października',
  'listopada',
  'grudnia',
] as const;

/** The session a message is about, in the family's language: "morning (4 March 2025)". */
export function sessionWordsIn(
  language: FamilyLanguage,
  date: LocalDate,
  part: SessionPart,
): string {
  if (language === 'pl') {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    const when = part === 'AM' ? 'rano' : 'po południu';
    return `${when}, ${day} ${POLISH_MONTHS[month - 1] ?? ''} ${year}`;
  }
  return `${part === 'AM' ? 'morning' : 'afternoon'} (${longDate(date)})`;
}

/** Sample values for the wording screen's preview. */
export function sampleMergeValues(
  language: FamilyLanguage,
  schoolPhone: string,
  date: LocalDate,
): MergeValues {
  return {
    first_name: language === 'pl' ? 'Zofia' : 'Amelia',
    session: sessionWordsIn(language, date, 'AM'),
    school_phone: schoolPhone,
  };
}
