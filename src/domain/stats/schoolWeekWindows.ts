/**
 * Rolling windows of school weeks, shared by the penalty-notice and lateness alerts. A window of
 * ten school weeks skips holiday weeks, so it can span a half-term, a term or a school year.
 */
import { calendarSpan } from '../calendar/schoolCalendar';
import { schoolWeeks } from '../calendar/schoolWeeks';
import type { SchoolConfig, YearGroup } from '../config/schoolConfig';
import type { LocalDate } from '../time/localDate';
import { mondayOf } from '../time/localDate';

/** A window from the Monday of its first school week to the Monday of its last. */
export interface WeekWindow {
  readonly fromWeek: LocalDate;
  readonly toWeek: LocalDate;
}

// Reports ask the same calendar question for every pupil of a school. Configurations are
// immutable values, so the answer can be kept per configuration object without going stale.
const calendarWeeksCache = new WeakMap<SchoolConfig, Map<string, readonly LocalDate[]>>();

function calendarSchoolWeeks(school: SchoolConfig, yearGroup?: YearGroup): readonly LocalDate[] {
  let byYear = calendarWeeksCache.get(school);
  if (byYear === undefined) {
    byYear = new Map();
    calendarWeeksCache.set(school, byYear);
  }
  const key = yearGroup ?? '*';
  let weeks = byYear.get(key);
  if (weeks === undefined) {
    const span = calendarSpan(school);
    weeks = span === null ? [] : schoolWeeks(school, span.from, span.to, yearGroup);
    byYear.set(key, weeks);
  }
  return weeks;
}

/**
 * The school weeks a pupil's windows run over: the calendar's, plus the week of every date given.
 * A week holding a possible session is a school week for that pupil even when the configured
 * terms do not reach it (history imported from before the terms were set up, or from another
 * school): docs/design.md §8.6 lets a window span schools.
 */
export function pupilSchoolWeeks(
  school: SchoolConfig,
  entryDates: Iterable<LocalDate>,
  yearGroup?: YearGroup,
): LocalDate[] {
  const weeks = new Set(calendarSchoolWeeks(school, yearGroup));
  for (const date of entryDates) weeks.add(mondayOf(date));
  return [...weeks].sort();
}

function checkSize(size: number): void {
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`a window must be a whole number ≥ 1 of weeks, not ${size}`);
}

/**
 * For each school week `weeks[i]`, how many of `dates` fall in the window of `size` school weeks
 * ending there (fewer weeks at the start of the list). Every date must be in one of `weeks`.
 */
export function weekWindowCounts(
  weeks: readonly LocalDate[],
  size: number,
  dates: Iterable<LocalDate>,
): number[] {
  checkSize(size);
  const indexOf = new Map(weeks.map((week, i) => [week, i]));
  const perWeek = new Array<number>(weeks.length).fill(0);
  for (const date of dates) {
    const i = indexOf.get(mondayOf(date));
    if (i === undefined) throw new Error(`${date} is not in a school week of this window list`);
    perWeek[i] = (perWeek[i] ?? 0) + 1;
  }
  const counts: number[] = [];
  let running = 0;
  perWeek.forEach((count, i) => {
    running += count - (i >= size ? (perWeek[i - size] ?? 0) : 0);
    counts.push(running);
  });
  return counts;
}

/** The window of `size` school weeks ending at `weeks[end]`. */
export function weekWindowEndingAt(
  weeks: readonly LocalDate[],
  size: number,
  end: number,
): WeekWindow {
  checkSize(size);
  const fromWeek = weeks[Math.max(0, end - size + 1)];
  const toWeek = weeks[end];
  if (fromWeek === undefined || toWeek === undefined)
    throw new RangeError(`no school week at index ${end}`);
  return { fromWeek, toWeek };
}

/** Whether `date` falls in one of the weeks of `window`. */
export function inWeekWindow(date: LocalDate, window: WeekWindow): boolean {
  const monday = mondayOf(date);
  return window.fromWeek <= monday && monday <= window.toWeek;
}
