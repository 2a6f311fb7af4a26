/**
 * Calendar days are plain `yyyy-MM-dd` strings in the school's own calendar. A day is never a
 * JavaScript Date: a Date is an instant, and turning one into a day depends on a time zone, which
 * is exactly the mistake that makes a register differ between a tablet in London and one set to
 * another zone. Arithmetic here is done on the proleptic Gregorian calendar through UTC, which has
 * no daylight-saving gaps, so it is the same on every machine.
 */

declare const localDateBrand: unique symbol;
/** A calendar day, `yyyy-MM-dd`, already checked to be a real date. */
export type LocalDate = string & { readonly [localDateBrand]: true };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses `yyyy-MM-dd`; returns null for anything that is not a real calendar day. */
export function parseLocalDate(text: string): LocalDate | null {
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const [, y, m, d] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return null;
  const utc = new Date(Date.UTC(year, month - 1, day));
  if (
    utc.getUTCFullYear() !== year ||
    utc.getUTCMonth() !== month - 1 ||
    utc.getUTCDate() !== day
  ) {
    return null;
  }
  return text as LocalDate;
}

/** Like {@link parseLocalDate} but throws: for literals in code and tests that are known good. */
export function localDate(text: string): LocalDate {
  const parsed = parseLocalDate(text);
  if (parsed === null) throw new RangeError(`"${text}" is not a calendar date (yyyy-MM-dd)`);
  return parsed;
}

function toUtcMs(date: LocalDate): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

function fromUtcMs(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10) as LocalDate;
}

/** The day `days` after `date` (negative for before). */
export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMs(toUtcMs(date) + days * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((toUtcMs(to) - toUtcMs(from)) / DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const day = new Date(toUtcMs(date)).getUTCDay();
  return day === 0 ? 7 : day;
}

/** The Monday of the week `date` falls in: the key of a school week. */
export function mondayOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date));
}

/** Every day from `from` to `to`, both included; empty when `to` is before `from`. */
export function eachDay(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

/** `yyyy-MM-dd` strings compare correctly as strings; these keep call sites readable. */
export const isBefore = (a: LocalDate, b: LocalDate): boolean => a < b;
export const isOnOrBefore = (a: LocalDate, b: LocalDate): boolean => a <= b;
export const maxDate = (a: LocalDate, b: LocalDate): LocalDate => (a > b ? a : b);
export const minDate = (a: LocalDate, b: LocalDate): LocalDate => (a < b ? a : b);
