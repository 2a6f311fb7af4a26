/**
 * A CTF's attendance: one `YearData` per academic year with the session counts and
 * `AttendSessions` (a start date and the session-by-session marks string). The marks string
 * (docs/statutory.md "The marks string") has one slot per session, morning then afternoon, for
 * every calendar day from the start date to the last day with a mark. Years before the 2024 code
 * set use one character per slot, the form MIS software writes; from the 2024 set, whose codes
 * can have two characters (`C1`, `J1`, `Y1`…), each slot is two characters, a one-character code
 * followed by a space. A slot with no mark is `-` (or `- `).
 */
import { academicYearOf } from '../calendar/schoolAge';
import { CODES_2024_FROM, lookupCode } from '../codes/attendanceCodes';
import type { SessionPart } from '../config/schoolConfig';
import { computeStats } from '../stats/attendanceStats';
import type { StatEntry } from '../stats/statEntry';
import { fail, ok, type Result } from '../result';
import { addDays, daysBetween, parseLocalDate, type LocalDate } from '../time/localDate';

export interface CtfMark {
  readonly date: LocalDate;
  readonly part: SessionPart;
  readonly code: string;
}

export interface CtfYearData {
  /** The academic year by its first calendar year (2025 for 2025/26). */
  readonly year: number;
  readonly lea: string;
  readonly estab: string;
  readonly schoolName: string;
  readonly sessionsPossible: number;
  readonly sessionsAuthorised: number;
  readonly sessionsAttended: number;
  readonly sessionsUnauthorised: number;
  readonly attendanceStartDate: LocalDate;
  readonly attendanceMarks: string;
}

export const NO_MARK = '-';

/** Characters per session slot in the marks string of an academic year. */
export function ctfSlotWidth(year: number): 1 | 2 {
  return year >= academicYearOf(CODES_2024_FROM) + 1 ? 2 : 1;
}

/** The marks string of one academic year's marks, or why they cannot be written. */
export function encodeCtfMarks(
  year: number,
  marks: readonly CtfMark[],
): Result<{ startDate: LocalDate; marks: string }, string> {
  if (marks.length === 0) return fail(`There are no marks for ${year}.`);
  const width = ctfSlotWidth(year);
  const sorted = [...marks].sort((a, b) =>
    a.date === b.date ? a.part.localeCompare(b.part) : a.date < b.date ? -1 : 1,
  );
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return fail(`There are no marks for ${year}.`);
  const slots = (daysBetween(first.date, last.date) + 1) * 2;
  const out = new Array<string>(slots).fill(NO_MARK.padEnd(width, ' '));
  for (const m of sorted) {
    if (academicYearOf(m.date) !== year)
      return fail(`The mark for ${m.date} ${m.part} is not in the academic year ${year}.`);
    if (m.code.length > width || m.code === NO_MARK || m.code.includes(' '))
      return fail(
        `The code "${m.code}" on ${m.date} ${m.part} cannot go in a CTF marks string for ${year}, whose sessions take ${width} character${width === 1 ? '' : 's'}.`,
      );
    const slot = daysBetween(first.date, m.date) * 2 + (m.part === 'AM' ? 0 : 1);
    out[slot] = m.code.padEnd(width, ' ');
  }
  return ok({ startDate: first.date, marks: out.join('') });
}

/**
 * The marks a marks string holds, each checked against the code set of its date. Errors name the
 * session and the character position (counted from 1).
 */
export function decodeCtfMarks(
  year: number,
  startDate: string,
  marks: string,
): Result<CtfMark[], string> {
  const start = parseLocalDate(startDate);
  if (start === null) return fail(`AttendanceStartDate "${startDate}" is not a date (yyyy-mm-dd).`);
  if (academicYearOf(start) !== year)
    return fail(`AttendanceStartDate ${start} is not in the academic year ${year}.`);
  const width = ctfSlotWidth(year);
  // A file whose writer trimmed the text loses the space after a last one-character code.
  const padded = width === 2 && marks.length % 2 === 1 ? `${marks} ` : marks;
  const out: CtfMark[] = [];
  const errors: string[] = [];
  for (let i = 0; i * width < padded.length; i += 1) {
    const code = padded.slice(i * width, (i + 1) * width).trimEnd();
    if (code === NO_MARK) continue;
    const date = addDays(start, Math.floor(i / 2));
    const part: SessionPart = i % 2 === 0 ? 'AM' : 'PM';
    if (academicYearOf(date) !== year) {
      errors.push(`AttendanceMarks runs past the end of the academic year ${year} at ${date}.`);
      break;
    }
    if (code === '' || lookupCode(code, date) === null) {
      errors.push(
        `AttendanceMarks character ${i * width + 1}: "${code}" for ${date} ${part} is not a register code for that date.`,
      );
      continue;
    }
    out.push({ date, part, code });
  }
  return errors.length > 0 ? fail(...errors) : ok(out);
}

export interface CtfSchoolRef {
  readonly lea: string;
  readonly estab: string;
  readonly name: string;
}

/** One `YearData` per academic year of `marks`, oldest first, with counts from computeStats. */
export function ctfYearData(
  school: CtfSchoolRef,
  pupilId: string,
  marks: readonly CtfMark[],
): Result<CtfYearData[], string> {
  const byYear = new Map<number, CtfMark[]>();
  for (const m of marks) {
    const year = academicYearOf(m.date);
    const list = byYear.get(year);
    if (list === undefined) byYear.set(year, [m]);
    else list.push(m);
  }
  const years: CtfYearData[] = [];
  const errors: string[] = [];
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    const list = byYear.get(year) ?? [];
    const encoded = encodeCtfMarks(year, list);
    if (!encoded.ok) {
      errors.push(...encoded.errors);
      continue;
    }
    const stats = computeStats(
      list.map((m): StatEntry => ({ pupilId, date: m.date, part: m.part, code: m.code })),
    );
    years.push({
      year,
      lea: school.lea,
      estab: school.estab,
      schoolName: school.name,
      sessionsPossible: stats.possible,
      sessionsAuthorised: stats.authorised,
      sessionsAttended: stats.attended,
      sessionsUnauthorised: stats.unauthorised,
      attendanceStartDate: encoded.value.startDate,
      attendanceMarks: encoded.value.marks,
    });
  }
  return errors.length > 0 ? fail(...errors) : ok(years);
}
