/**
 * Time missed, told the way parents understand it (seed 002: "days and hours"): absence sessions
 * as school days (two sessions a day) and hours (the school's configured day length), plus a
 * rough phrase in school weeks of five days.
 */
import type { AttendanceCounts } from './attendanceStats';

export interface TimeMissed {
  /** Sessions of absence, authorised and unauthorised (not lateness, not `#`, not `D`…). */
  readonly sessions: number;
  readonly days: number;
  readonly hours: number;
  /** "9.5 days (about 62 hours)". */
  readonly text: string;
  /** "almost two school weeks", or null below about four days, where the days say enough. */
  readonly weeksText: string | null;
}

const NUMBER_WORDS = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
  'twenty',
];

const inWords = (n: number): string => NUMBER_WORDS[n] ?? String(n);

function daysText(sessions: number): string {
  if (sessions === 1) return 'half a day';
  const days = sessions / 2;
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

function hoursText(hours: number): string {
  const rounded = Math.round(hours);
  const unit = rounded === 1 ? 'hour' : 'hours';
  return Number.isInteger(hours) ? `${hours} ${unit}` : `about ${rounded} ${unit}`;
}

// A school week is ten sessions. Working in whole sessions keeps the phrase exact: 19 sessions
// is "almost two" on every machine, with no 1.9 that might print as 1.8999999999999999.
function weeksText(sessions: number): string | null {
  const whole = Math.floor(sessions / 10);
  const rest = sessions % 10;
  const weeks = (n: number, plural: boolean) => `${inWords(n)} school ${plural ? 'weeks' : 'week'}`;
  if (rest >= 8) return `almost ${weeks(whole + 1, whole + 1 !== 1)}`;
  if (whole === 0) return null;
  if (rest === 0) return weeks(whole, whole !== 1);
  if (rest <= 2) return `just over ${weeks(whole, whole !== 1)}`;
  if (rest <= 4) return `more than ${weeks(whole, whole !== 1)}`;
  const andAHalf = `${inWords(whole)} and a half school weeks`;
  return rest === 5 ? andAHalf : `more than ${andAHalf}`;
}

/** The absence in `stats` as days, hours and words, for a school day of `schoolDayHours` hours. */
export function timeMissed(
  stats: Pick<AttendanceCounts, 'overallAbsence'>,
  schoolDayHours: number,
): TimeMissed {
  const sessions = stats.overallAbsence;
  const days = sessions / 2;
  const hours = days * schoolDayHours;
  const text = sessions === 0 ? 'no time missed' : `${daysText(sessions)} (${hoursText(hours)})`;
  return { sessions, days, hours, text, weeksText: weeksText(sessions) };
}
