/**
 * How dates, sessions and times read on screen: the one place the client formats them, en-GB
 * whatever the browser's locale (a US-English PC shows 12/04/2026 as 12 April, never 4 December),
 * in plain words. Calendar days (`LocalDate`, `yyyy-MM-dd`) are read at noon UTC and formatted
 * in UTC, so they name the same day in every time zone; instants are shown on this device's
 * clock. Typed dates are read by dateText.ts.
 */
import {
  formatWallTime,
  localDate,
  longDate,
  lookupCode,
  toSchoolWallClock,
  type LocalDate,
  type SessionRef,
} from '../../domain/index';

// Made on first use, not at load: building an Intl formatter is slow on a cold start.
let longDayFormat: Intl.DateTimeFormat | null = null;
let shortDayFormat: Intl.DateTimeFormat | null = null;
let dayMonthFormat: Intl.DateTimeFormat | null = null;
let dayWithYearFormat: Intl.DateTimeFormat | null = null;
let instantFormat: Intl.DateTimeFormat | null = null;
let clockFormat: Intl.DateTimeFormat | null = null;
let dayClockFormat: Intl.DateTimeFormat | null = null;
const longDay = () =>
  (longDayFormat ??= new Intl.DateTimeFormat('en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  }));
const shortDay = () =>
  (shortDayFormat ??= new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }));

// A LocalDate is a calendar day, not an instant: read at noon UTC and formatted in UTC, it
// names the same day whatever the tablet's own time zone.
const noonUtc = (date: LocalDate): Date => new Date(`${date}T12:00:00Z`);

/** "12/04/2026" for 12 April 2026: how dates are shown in fields and tables to be typed or copied. */
export function formatDateNumeric(date: LocalDate): string {
  const [year, month, day] = date.split('-');
  return `${day}/${month}/${year}`;
}

/** "19 December 2025", from a wire date the contract's schema already checked. */
export function formatLongDate(date: string): string {
  return longDate(localDate(date));
}

/** "1 September 2025 to 19 December 2025". */
export function formatDateRange(from: string, to: string): string {
  return from === to ? formatLongDate(from) : `${formatLongDate(from)} to ${formatLongDate(to)}`;
}

/** "8 Sep": week labels on charts and strips. */
export function formatShortDate(date: string): string {
  dayMonthFormat ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  });
  return dayMonthFormat.format(new Date(`${date}T12:00:00Z`));
}

/** "Tue, 4 Mar 2025". */
export function formatDayWithYear(date: LocalDate | string): string {
  dayWithYearFormat ??= new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  });
  return dayWithYearFormat.format(new Date(`${date}T12:00:00Z`));
}

/** "4 Mar 2025, 08:30" on this device's clock. */
export function formatInstant(at: string | number | Date): string {
  instantFormat ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
  return instantFormat.format(new Date(at));
}

/** "08:30" on this device's clock. */
export function formatClockTime(at: Date): string {
  clockFormat ??= new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });
  return clockFormat.format(at);
}

/** "4 Mar, 08:30" on this device's clock. */
export function formatDayClockTime(at: Date): string {
  dayClockFormat ??= new Intl.DateTimeFormat('en-GB', {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
  });
  return dayClockFormat.format(at);
}

/** "Monday 8 September" */
export function formatDay(date: LocalDate): string {
  return longDay().format(noonUtc(date));
}

/** "Monday 8 September, morning" */
export function formatSession(session: SessionRef): string {
  return `${formatDay(session.date)}, ${session.part === 'AM' ? 'morning' : 'afternoon'}`;
}

/** "Mon 8 Sep AM" */
export function formatSessionShort(session: SessionRef): string {
  return `${shortDay().format(noonUtc(session.date))} ${session.part}`;
}

/** "08:52" on the school's clock. */
export function formatSchoolTime(instant: number, timeZone: string): string {
  return formatWallTime(toSchoolWallClock(instant, timeZone).minutes);
}

/** "Late: arrived after the register began but before it closed", or the code itself. */
export function codeMeaning(code: string, date: LocalDate): string {
  return lookupCode(code, date)?.meaning ?? code;
}

export function minutesText(minutes: number): string {
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

const wholeNumber = new Intl.NumberFormat('en-GB');
const oneDecimal = new Intl.NumberFormat('en-GB', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});

/** 1234 → "1,234". */
export function formatCount(value: number): string {
  return wholeNumber.format(value);
}

/** 93.456 → "93.5%"; null (no possible sessions, docs/design.md §8.5) → "n/a". */
export function formatPercent(value: number | null): string {
  return value === null ? 'n/a' : `${oneDecimal.format(value)}%`;
}

/** 1.25 → "1.3": a figure to one decimal place (days per pupil). */
export function formatOneDecimal(value: number): string {
  return oneDecimal.format(value);
}
