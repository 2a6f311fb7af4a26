/**
 * Times as people in England type and read them: hh:mm on the 24-hour clock, whatever the
 * browser's locale.
 */

/**
 * "08:50", "8:50", "8.50", "0850" or "850" as "08:50"; "13:05" as itself. Null for anything
 * else: an hour past 23, minutes past 59, or "am"/"pm" (which the 24-hour clock does not need).
 */
export function parseTimeText(text: string): string | null {
  const match = /^(\d{1,2})\s*[:.h]?\s*(\d{2})$/u.exec(text.trim());
  if (match === null) return null;
  const [, hours = '', minutes = ''] = match;
  const h = Number(hours);
  const m = Number(minutes);
  if (h > 23 || m > 59) return null;
  return `${hours.padStart(2, '0')}:${minutes}`;
}

/** What the time field says when its text is not a time. */
export const TIME_FORMAT_PROBLEM =
  'Enter the time as hh:mm on the 24-hour clock, for example 08:50 or 13:05.';
