/**
 * The values a Common Transfer File constrains (docs/statutory.md "CTF"), checked before a file is
 * written and when one is read. Each check returns null when the value is acceptable, or a plain
 * sentence saying what is wrong and how to put it right.
 */
import { parseLocalDate, type LocalDate } from '../time/localDate';

/** The CTF version Tickmark writes, and the versions it reads (the current and its neighbours). */
export const CTF_VERSION = '25.0';
export const CTF_VERSIONS_READ: readonly string[] = ['24.0', '25.0', '26.0'];
export const CTF_DOCUMENT_NAME = 'Common Transfer File';
/** Tickmark's supplier ID in the header. */
export const CTF_SUPPLIER_ID = 'Tickmark';

export const CTF_LIMITS = Object.freeze({
  nameMax: 35,
  schoolNameMax: 100,
  supplierIdMax: 64,
  sessionCountMax: 999,
  fileSequenceMax: 999,
});

/**
 * Destinations that are not a school: `MMM`/`MMMM` when the next school is not known (the file
 * goes to the Lost Pupils Database), `XXX`/`XXXX` when the pupil leaves for a school abroad.
 */
export const CTF_UNKNOWN_DESTINATIONS = Object.freeze({
  unknown: { lea: 'MMM', estab: 'MMMM' },
  abroad: { lea: 'XXX', estab: 'XXXX' },
});

// The 23 letters a UPN check letter can be (no I, O or S), in the order of their values 0–22.
const CHECK_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ';

/**
 * The check letter of a UPN from its characters 2–13: each character times its position (2–13),
 * summed, modulo 23. A letter in position 13 (a temporary UPN) counts as its value in the
 * check-letter alphabet. Null when characters 2–13 are not of that form.
 */
export function upnCheckLetter(upn: string): string | null {
  if (!/^.[0-9]{11}[0-9A-HJ-NPQR-Z]$/.test(upn)) return null;
  let sum = 0;
  for (let position = 2; position <= 13; position += 1) {
    const ch = upn.charAt(position - 1);
    const value = /[0-9]/.test(ch) ? Number(ch) : CHECK_LETTERS.indexOf(ch);
    sum += value * position;
  }
  return CHECK_LETTERS.charAt(sum % 23);
}

export function checkUpn(upn: string): string | null {
  if (upn === '')
    return "The pupil has no UPN, and a CTF needs one: enter it in the pupil's record.";
  if (upn.length !== 13)
    return `A UPN has 13 characters; "${upn}" has ${upn.length}. Copy it again from the pupil's record.`;
  if (!/^[A-Z][0-9]{11}[0-9A-HJ-NPQR-Z]$/.test(upn))
    return `"${upn}" is not a UPN: it must be a capital letter, 11 digits, then a digit or a capital letter (not I, O or S).`;
  const expected = upnCheckLetter(upn);
  if (expected !== upn.charAt(0))
    return `"${upn}" fails the UPN check: its first letter should be ${expected ?? '?'}. One of its characters was probably mistyped.`;
  return null;
}

export function checkLea(lea: string, field = 'LEA'): string | null {
  return /^[0-9]{3}$/.test(lea)
    ? null
    : `${field} must be the 3-digit local authority number, not "${lea}".`;
}

export function checkEstab(estab: string, field = 'Estab'): string | null {
  return /^[0-9]{4}$/.test(estab)
    ? null
    : `${field} must be the 4-digit establishment number, not "${estab}".`;
}

/** A destination: a school's LEA and Estab, or one of the unknown destinations. */
export function checkDestination(lea: string, estab: string): string | null {
  for (const d of Object.values(CTF_UNKNOWN_DESTINATIONS)) {
    if (lea === d.lea && estab === d.estab) return null;
  }
  return checkLea(lea, 'The destination LEA') ?? checkEstab(estab, 'The destination Estab');
}

const NAME_PATTERN = /^\p{L}[\p{L}\p{M} '’.-]*$/u;

/** Surname or forename: 1–35 characters, starting with a letter; letters, spaces, hyphens, apostrophes, full stops. */
export function checkPersonName(value: string, field: string): string | null {
  if (value.length === 0) return `${field} is empty.`;
  if (value.length > CTF_LIMITS.nameMax)
    return `${field} "${value}" has ${value.length} characters; a CTF allows at most ${CTF_LIMITS.nameMax}. Shorten it in the pupil's record (the legal name as the MIS holds it).`;
  if (!NAME_PATTERN.test(value))
    return `${field} "${value}" may hold only letters, spaces, hyphens, apostrophes and full stops, starting with a letter.`;
  return null;
}

export function checkSchoolName(value: string, field = 'SchoolName'): string | null {
  if (value.trim().length === 0) return `${field} is empty.`;
  if (value.length > CTF_LIMITS.schoolNameMax)
    return `${field} has ${value.length} characters; a CTF allows at most ${CTF_LIMITS.schoolNameMax}.`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) return `${field} holds a control character.`;
  return null;
}

/** A calendar date written `yyyy-mm-dd`. */
export function checkCtfDate(value: string, field: string): string | null {
  return parseLocalDate(value) === null
    ? `${field} must be a real date written yyyy-mm-dd, not "${value}".`
    : null;
}

/** The date of birth: a real date, before the day of the file. */
export function checkDateOfBirth(value: string, fileDate: LocalDate): string | null {
  const bad = checkCtfDate(value, 'DOB');
  if (bad !== null) return bad;
  return value < fileDate ? null : `DOB ${value} is not before the file's date ${fileDate}.`;
}

/** `yyyy-mm-ddThh:mm:ss`, a real instant of the school's wall clock. */
export function checkCtfDateTime(value: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.exec(value);
  return m !== null && parseLocalDate(m[1] ?? '') !== null
    ? null
    : `DateTime must be written yyyy-mm-ddThh:mm:ss, not "${value}".`;
}

export function checkSessionCount(value: number, field: string): string | null {
  return Number.isInteger(value) && value >= 0 && value <= CTF_LIMITS.sessionCountMax
    ? null
    : `${field} must be a whole number of sessions from 0 to ${CTF_LIMITS.sessionCountMax}, not ${value}.`;
}

/** The file's sequence number: 1–999, three digits in the name. */
export function checkFileSequence(sequence: number): string | null {
  return Number.isInteger(sequence) && sequence >= 1 && sequence <= CTF_LIMITS.fileSequenceMax
    ? null
    : `The file number must be a whole number from 1 to ${CTF_LIMITS.fileSequenceMax}, not ${sequence}.`;
}

export interface CtfFileNameParts {
  readonly sourceLea: string;
  readonly sourceEstab: string;
  readonly destLea: string;
  readonly destEstab: string;
  readonly sequence: number;
}

/** `LLLEEEE_CTF_DDDDEEE_NNN.xml`: source school, destination, file number. */
export function ctfFileName(p: CtfFileNameParts): string {
  const problem =
    checkLea(p.sourceLea) ??
    checkEstab(p.sourceEstab) ??
    checkDestination(p.destLea, p.destEstab) ??
    checkFileSequence(p.sequence);
  if (problem !== null) throw new RangeError(problem);
  return `${p.sourceLea}${p.sourceEstab}_CTF_${p.destLea}${p.destEstab}_${String(p.sequence).padStart(3, '0')}.xml`;
}
