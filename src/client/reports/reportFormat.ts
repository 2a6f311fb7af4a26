/** How report figures read on screen and in CSV: en-GB numbers, "n/a" for a rate with no sessions. */

import { formatCount } from '../ui/format';

/** Counts and rates: the client's one formatter (ui/format.ts). */
export { formatCount, formatPercent } from '../ui/format';

/** A rate for a CSV cell: one decimal place without the sign or thousands separator, or "n/a". */
export function csvPercent(value: number | null): string {
  return value === null ? 'n/a' : value.toFixed(1);
}

/** 100 × part / whole, or null when whole is 0 (never divide by zero). */
export function percentOf(part: number, whole: number): number | null {
  return whole === 0 ? null : (100 * part) / whole;
}

/** Dates: the client's one formatter (ui/format.ts). */
export { formatDateRange, formatLongDate, formatShortDate } from '../ui/format';

/** "12 minutes" / "1 minute". */
export function formatMinutes(minutes: number): string {
  return `${formatCount(minutes)} ${minutes === 1 ? 'minute' : 'minutes'}`;
}
