/**
 * The demo school's calendar for the academic year that contains `today`, so that `npm start`
 * shows a live-looking school whatever the date. Dates follow the usual pattern of English local
 * authority term dates; bank holidays are computed (England and Wales) rather than downloaded,
 * because the demo must start offline.
 */
import { addDays, easterSunday, isoWeekday, localDate, type LocalDate } from '../../domain/index';

export interface DemoCalendar {
  readonly academicYear: number;
  readonly terms: { name: string; start: LocalDate; end: LocalDate }[];
  readonly closures: { name: string; from: LocalDate; to: LocalDate }[];
  readonly bankHolidays: LocalDate[];
}

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => localDate(`${y}-${pad(m)}-${pad(d)}`);

/** The first `weekday` (1 = Monday) on or after `date`. */
function onOrAfter(date: LocalDate, weekday: number): LocalDate {
  return addDays(date, (weekday - isoWeekday(date) + 7) % 7);
}

/** The last `weekday` on or before `date`. */
function onOrBefore(date: LocalDate, weekday: number): LocalDate {
  return addDays(date, -((isoWeekday(date) - weekday + 7) % 7));
}

/** England and Wales bank holidays in a calendar year, with weekend substitute days. */
export function bankHolidaysOf(year: number): LocalDate[] {
  const substitute = (date: LocalDate) => {
    const weekday = isoWeekday(date);
    return weekday === 6 ? addDays(date, 2) : weekday === 7 ? addDays(date, 1) : date;
  };
  const newYear = substitute(ymd(year, 1, 1));
  const easter = easterSunday(year);
  const christmas = ymd(year, 12, 25);
  const boxing = ymd(year, 12, 26);
  const christmasDay = isoWeekday(christmas);
  // Christmas on a Saturday moves to Monday and Boxing Day to Tuesday; on a Sunday, Christmas
  // moves to Tuesday because Boxing Day keeps the Monday.
  const christmasObserved =
    christmasDay === 6
      ? addDays(christmas, 2)
      : christmasDay === 7
        ? addDays(christmas, 2)
        : christmas;
  const boxingObserved =
    christmasDay === 6 ? addDays(boxing, 2) : christmasDay === 5 ? addDays(boxing, 2) : boxing;
  return [
    newYear,
    addDays(easter, -2),
    addDays(easter, 1),
    onOrAfter(ymd(year, 5, 1), 1),
    onOrBefore(ymd(year, 5, 31), 1),
    onOrBefore(ymd(year, 8, 31), 1),
    christmasObserved,
    boxingObserved,
  ].sort();
}

/** The academic year (its starting calendar year) that `today` belongs to: 1 August onwards. */
export function academicYearOf(today: LocalDate): number {
  const [year, month] = today.split('-').map(Number) as [number, number];
  return month >= 8 ? year : year - 1;
}

/** Six terms, two INSET days and a polling-day closure for the academic year starting in `year`. */
export function demoCalendar(year: number): DemoCalendar {
  const autumnStart = onOrAfter(ymd(year, 9, 2), 3);
  const octHalfTerm = onOrBefore(ymd(year, 10, 31), 1);
  const christmasBreak = onOrBefore(ymd(year, 12, 24), 5);
  const springStart = onOrAfter(ymd(year + 1, 1, 4), 1);
  const febHalfTerm = onOrAfter(ymd(year + 1, 2, 13), 1);
  const easter = easterSunday(year + 1);
  const summerStart = addDays(onOrBefore(easter, 1), 15);
  const mayHalfTerm = onOrBefore(ymd(year + 1, 5, 31), 1);
  const summerEnd = onOrAfter(ymd(year + 1, 7, 18), 3);
  const terms = [
    { name: 'Autumn 1', start: autumnStart, end: addDays(octHalfTerm, -3) },
    { name: 'Autumn 2', start: addDays(octHalfTerm, 7), end: christmasBreak },
    { name: 'Spring 1', start: springStart, end: addDays(febHalfTerm, -3) },
    { name: 'Spring 2', start: addDays(febHalfTerm, 7), end: addDays(easter, -3) },
    { name: 'Summer 1', start: summerStart, end: addDays(mayHalfTerm, -3) },
    { name: 'Summer 2', start: addDays(mayHalfTerm, 7), end: summerEnd },
  ];
  const closures = [
    { name: 'INSET day', from: autumnStart, to: autumnStart },
    { name: 'INSET day', from: springStart, to: springStart },
    { name: 'INSET day', from: addDays(octHalfTerm, 7), to: addDays(octHalfTerm, 7) },
  ];
  const bankHolidays = [...bankHolidaysOf(year), ...bankHolidaysOf(year + 1)].filter(
    (date) => date >= ymd(year, 8, 1) && date <= ymd(year + 1, 7, 31),
  );
  return { academicYear: year, terms, closures, bankHolidays };
}
