/** How the admin screens write numbers (en-GB); dates and instants come from ui/format.ts. */

/** Dates and instants: the client's one formatter (ui/format.ts). */
export { formatInstant, formatDayWithYear as formatLocalDate } from '../ui/format';

/** "1,234" */
export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

/** "1 row", "12 rows" */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
