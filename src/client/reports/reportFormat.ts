/** How report figures read on screen and in CSV: en-GB numbers, "n/a" for a rate with no sessions. */
import { localDate, longDate } from '../../domain/index';

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

/** A rate for a CSV cell: one decimal place without the sign or thousands separator, or "n/a". */
export function csvPercent(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(1);
}

/** 100 × part / whole, or null when whole is 0 (never divide by zero). */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : (100 * part) / whole;
}

/** "19 December 2025", from a wire date the contract's schema already checked. */
export function formatLongDate(date: string): string {
  return longDate(localDate(date));
}

/** "1 September 2025 to 19 December 2025". */
export function formatDateRange(from: string, to: string): string {
  return from === to ? formatLongDate(from) : `${formatLongDate(from)} to ${formatLongDate(to)}`;
}

const shortDay = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});

/** "8 Sep": week labels on charts and strips. Read at noon UTC so the day never shifts. */
export function formatShortDate(date: string): string {
  return shortDay.format(new Date(`${date}T12:00:00Z`));
}

/** "12 minutes" / "1 minute". */
export function formatMinutes(minutes: number): string {
  return `${formatCount(minutes)} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
