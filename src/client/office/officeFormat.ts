/** How the office screens write instants, people and codes (en-GB, the school's clock). */
import {
  formatWallTime,
  localDate,
  lookupCode,
  toSchoolWallClock,
  type LocalDate,
  type Role,
  type SessionRef,
} from '../../domain/index';
import { formatDay } from '../ui/format';

const ROLE_TITLES: Readonly<Record<Role, string>> = {
  teacher: 'Teacher',
  office: 'Office',
  attendance_lead: 'Attendance lead',
  admin: 'Admin',
  governor: 'Governor',
};

/** "Teacher", "Office", … for a role. */
export function roleTitle(role: Role): string {
  return ROLE_TITLES[role];
}

/** "09:12" today, or "Monday 8 September 09:12" on another day, on the school's clock. */
export function formatInstant(iso: string, timeZone: string, today?: LocalDate): string {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) return iso;
  const wall = toSchoolWallClock(ms, timeZone);
  const time = formatWallTime(wall.minutes);
  return today !== undefined && wall.date === today ? time : `${formatDay(wall.date)} ${time}`;
}

/** "I (Illness)" */
export function codeLabel(code: string, date: LocalDate): string {
  const found = lookupCode(code, date);
  return found === null ? code : `${code} (${found.meaning})`;
}

/** Today's date on the school's clock. */
export function schoolToday(now: number, timeZone: string): LocalDate {
  return toSchoolWallClock(now, timeZone).date;
}

/**
 * A session from the wire (its date already checked by the shared schema) as the domain's
 * `SessionRef`.
 */
export function wireSession(ref: {
  readonly date: string;
  readonly part: 'AM' | 'PM';
}): SessionRef {
  return { date: localDate(ref.date), part: ref.part };
}

/** A date from the wire (already checked by the shared schema) as a `LocalDate`. */
export const wireDate = (text: string): LocalDate => localDate(text);
