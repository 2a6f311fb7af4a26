/**
 * Attendance as a family reads it on the parent page (seed 002: "days and hours, not
 * percentages"): time missed as whole days, a half day and hours, and this week's sessions as a
 * strip of plain states. Numbers and states only: each language says them in its own words
 * (the parent page's words modules).
 */
import { lookupCode } from '../codes/attendanceCodes';
import { sessionOf } from '../calendar/schoolCalendar';
import type { SchoolConfig, SessionPart } from '../config/schoolConfig';
import { addDays, mondayOf, type LocalDate } from '../time/localDate';

export interface FamilyTimeMissed {
  /** Sessions of absence, authorised or not. */
  readonly sessions: number;
  /** Whole days (two sessions a day). */
  readonly wholeDays: number;
  /** Whether half a day is left over (an odd number of sessions). */
  readonly halfDay: boolean;
  /** Hours, to the nearest whole hour: days × the school's hours in a school day. */
  readonly hours: number;
  /** False when `hours` was rounded ("about 10 hours"). */
  readonly hoursExact: boolean;
}

/**
 * Sessions missed as days and hours. A session is half a school day; a day is the school's own
 * `schoolDayHours` (its configured day length, the one letters and certificates use too).
 */
export function familyTimeMissed(sessions: number, schoolDayHours: number): FamilyTimeMissed {
  // Work in tenths of an hour, so 3 × 6.5 / 2 is 9.75 on every machine, never 9.7499….
  const tenths = Math.round(sessions * schoolDayHours * 10) / 2;
  const hours = Math.round(tenths / 10);
  return {
    sessions,
    wholeDays: Math.floor(sessions / 2),
    halfDay: sessions % 2 === 1,
    hours,
    hoursExact: tenths === hours * 10,
  };
}

/**
 * How one session of the week reads, whatever the language:
 * - `present`: in school, or an approved educational activity off site (`B`, `K`, `P`, `V`, `W`…);
 * - `late`: late before the register closed (`L`), counted as present;
 * - `late_after_close`: arrived after the register closed (`U`), counted as an unauthorised absence;
 * - `absent_authorised`: absent with the school's permission (illness, appointment, leave agreed…);
 * - `absent_no_reason`: absent and no reason given yet (`N`);
 * - `absent_unauthorised`: absent without the school's permission (`O`, `G`);
 * - `not_expected`: not expected in school, and not counted as an absence (`Y`, `D`, `X`, `Z`…);
 * - `closed`: a planned closure (INSET day, polling day);
 * - `no_school`: a weekend day, holiday or bank holiday;
 * - `not_marked`: today or earlier, and the register has no mark for the child yet;
 * - `to_come`: a session still to come, with nothing entered in advance.
 */
export const WEEK_SESSION_STATES = [
  'present',
  'late',
  'late_after_close',
  'absent_authorised',
  'absent_no_reason',
  'absent_unauthorised',
  'not_expected',
  'closed',
  'no_school',
  'not_marked',
  'to_come',
] as const;
export type WeekSessionState = (typeof WEEK_SESSION_STATES)[number];

export interface WeekSession {
  readonly date: LocalDate;
  readonly part: SessionPart;
  readonly state: WeekSessionState;
}

/** The state of one session from its code (or none) and the calendar. */
export function weekSessionState(
  school: SchoolConfig,
  session: { date: LocalDate; part: SessionPart },
  code: string | null,
  today: LocalDate,
): WeekSessionState {
  const calendar = sessionOf(school, session);
  if (calendar === 'not-a-school-day') return 'no_school';
  if (code === null) {
    if (calendar === 'closed') return 'closed';
    return session.date > today ? 'to_come' : 'not_marked';
  }
  if (code === 'L') return 'late';
  if (code === 'U') return 'late_after_close';
  if (code === 'N') return 'absent_no_reason';
  if (code === '#') return 'closed';
  switch (lookupCode(code, session.date)?.category) {
    case 'PRESENT':
    case 'AEA':
      return 'present';
    case 'AUTH':
      return 'absent_authorised';
    case 'UNAUTH':
      return 'absent_unauthorised';
    case undefined:
      return 'not_marked';
    default:
      return 'not_expected';
  }
}

/**
 * The school week (Monday to Friday) holding `today`, morning and afternoon of each day, with
 * each session's state. `codes` maps `yyyy-MM-dd:AM` to the register's code for the child.
 */
export function weekStrip(
  school: SchoolConfig,
  today: LocalDate,
  codes: ReadonlyMap<string, string>,
): WeekSession[] {
  const monday = mondayOf(today);
  const strip: WeekSession[] = [];
  for (let day = 0; day < 5; day += 1) {
    const date = addDays(monday, day);
    for (const part of ['AM', 'PM'] as const) {
      const code = codes.get(`${date}:${part}`) ?? null;
      strip.push({ date, part, state: weekSessionState(school, { date, part }, code, today) });
    }
  }
  return strip;
}
