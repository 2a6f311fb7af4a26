/**
 * For tests: the school's wall clock read a second, independent way, by formatting the instant
 * with Intl in the school's time zone, to check schoolTime.ts against.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** `{ date: 'yyyy-MM-dd', minutes }` as a wall clock in `timeZone` shows `instant`. */
export function intlWallClock(
  instant: number,
  timeZone: string,
): { date: string; minutes: number } {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const field = (type: string): string => {
    const value = parts[type];
    if (value === undefined) throw new Error(`Intl gave no ${type}`);
    return value;
  };
  // Some engines write midnight as 24 even in a 23-hour cycle.
  const hour = Number(field('hour')) % 24;
  return {
    date: `${field('year')}-${field('month')}-${field('day')}`,
    minutes: hour * 60 + Number(field('minute')),
  };
}
