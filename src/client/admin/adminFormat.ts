/** How the admin screens write numbers, instants and dates (en-GB). */
import type { LocalDate } from '../../domain/index';

const instantFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "4 Mar 2025, 08:30" on this device's clock. */
export function formatInstant(iso: string): string {
  return instantFormat.format(new Date(iso));
}

/** "Tue 4 Mar 2025": a calendar day, read at noon UTC so every time zone names the same day. */
export function formatLocalDate(date: LocalDate | string): string {
  return dayFormat.format(new Date(`${date}T12:00:00Z`));
}

/** "1,234" */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

/** "1 row", "12 rows" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
