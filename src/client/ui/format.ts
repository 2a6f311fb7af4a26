/** How dates, sessions and times read on screen (en-GB, plain words). */
import {
  formatWallTime,
  lookupCode,
  toSchoolWallClock,
  type LocalDate,
  type SessionRef,
} from '../../domain/index';

// Made on first use, not at load: building an Intl formatter is slow on a cold start.
let longDayFormat: Intl.DateTimeFormat | null = null;
let shortDayFormat: Intl.DateTimeFormat | null = null;
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
