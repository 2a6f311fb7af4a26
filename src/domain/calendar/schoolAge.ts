/**
 * Which pupils the statutory figures are about (docs/design.md §8.5):
 *
 * - The DfE's published attendance statistics cover pupils aged 5 to 15 at the start of the
 *   academic year, i.e. on the 31 August before it; four-year-olds (nursery and most of
 *   Reception) and pupils aged 16 or over are reported separately.
 * - Compulsory school age begins on the first of 31 December, 31 March and 31 August on or after
 *   the fifth birthday (on the birthday itself when it is one of those days), and ends on the
 *   school leaving date: the last Friday in June of the school year in which the pupil turns 16.
 *   Penalty notices are for pupils of compulsory school age only.
 *
 * Ages are in whole years on the school's calendar days, so no clock or time zone enters. A
 * pupil born on 29 February has their birthday on 1 March in other years (English law's reading
 * of "attaining an age" on the anniversary of birth).
 */
import { addDays, isoWeekday } from '../time/localDate';
import type { LocalDate } from '../time/localDate';

const partsOf = (date: LocalDate): [number, number, number] =>
  date.split('-').map(Number) as [number, number, number];

const ymd = (y: number, m: number, d: number): LocalDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as LocalDate;

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** The day a person born on `dateOfBirth` attains `age` (29 February → 1 March in other years). */
export function birthdayOfAge(dateOfBirth: LocalDate, age: number): LocalDate {
  const [y, m, d] = partsOf(dateOfBirth);
  const year = y + age;
  if (m === 2 && d === 29 && !isLeapYear(year)) return ymd(year, 3, 1);
  return ymd(year, m, d);
}

/** Age in whole years on `date` (the birthday itself counts: aged 5 on the fifth birthday). */
export function ageOn(dateOfBirth: LocalDate, date: LocalDate): number {
  const [by] = partsOf(dateOfBirth);
  const [y] = partsOf(date);
  let age = y - by;
  if (birthdayOfAge(dateOfBirth, age) > date) age -= 1;
  return age;
}

/**
 * The academic year a day belongs to, as the calendar year it starts in: 1 September to
 * 31 August (2025 for 1 September 2025 to 31 August 2026).
 */
export function academicYearOf(date: LocalDate): number {
  const [y, m] = partsOf(date);
  return m >= 9 ? y : y - 1;
}

/** The day the statistics take a pupil's age on: 31 August before the academic year of `date`. */
export function statisticsAgeDate(date: LocalDate): LocalDate {
  return ymd(academicYearOf(date), 8, 31);
}

/** Where a pupil stands against the statistics' cohort for a session's academic year. */
export type StatisticsCohort = 'under-5' | 'aged-5-to-15' | 'over-15';

/**
 * The pupil's place in the DfE statistics' cohort for the academic year of `date`: aged 5 to 15
 * on the 31 August before it is in (`aged-5-to-15`); younger or older pupils are reported
 * separately, never mixed in or dropped.
 */
export function statisticsCohortOf(dateOfBirth: LocalDate, date: LocalDate): StatisticsCohort {
  const age = ageOn(dateOfBirth, statisticsAgeDate(date));
  if (age < 5) return 'under-5';
  if (age > 15) return 'over-15';
  return 'aged-5-to-15';
}

/**
 * The dates of birth `statisticsCohortOf` places `aged-5-to-15` for the academic year of `date`,
 * as an inclusive range, so SQL can select the cohort with a comparison on the date of birth:
 * born 1 September sixteen years before that year's 31 August to 31 August five years before.
 * (A 29 February birthday falls before 31 August in every year, so it moves no boundary.)
 */
export function statisticsCohortBirthDates(date: LocalDate): {
  bornFrom: LocalDate;
  bornTo: LocalDate;
} {
  const year = academicYearOf(date);
  return { bornFrom: ymd(year - 16, 9, 1), bornTo: ymd(year - 5, 8, 31) };
}

/**
 * The first day of compulsory school age: the fifth birthday if it falls on 31 December,
 * 31 March or 31 August, otherwise the first of those days after it.
 */
export function compulsorySchoolAgeFrom(dateOfBirth: LocalDate): LocalDate {
  const fifth = birthdayOfAge(dateOfBirth, 5);
  const [y] = partsOf(fifth);
  const prescribed = [ymd(y, 3, 31), ymd(y, 8, 31), ymd(y, 12, 31)];
  // 31 December is on or after any day of its year, so the search always finds one.
  return prescribed.find((day) => day >= fifth) ?? ymd(y, 12, 31);
}

/** The last Friday in June of `year` (30 June itself when it is a Friday). */
function lastFridayOfJune(year: number): LocalDate {
  const june30 = ymd(year, 6, 30);
  // ISO weekday 5 is Friday: step back the days since the last Friday (0 when 30 June is one).
  return addDays(june30, -((isoWeekday(june30) - 5 + 7) % 7));
}

/**
 * The last day of compulsory school age, the school leaving date: the last Friday in June of the
 * school year (1 September to 31 August) in which the sixteenth birthday falls. A pupil who turns
 * 16 in July or August, after that Friday, may still leave on it: the June is that of the school
 * year the birthday belongs to, even though it comes before the birthday.
 */
export function compulsorySchoolAgeLastDay(dateOfBirth: LocalDate): LocalDate {
  return lastFridayOfJune(academicYearOf(birthdayOfAge(dateOfBirth, 16)) + 1);
}

/**
 * Whether the pupil is of compulsory school age on `date`: from `compulsorySchoolAgeFrom` to
 * `compulsorySchoolAgeLastDay`, both inclusive.
 */
export function isOfCompulsorySchoolAge(dateOfBirth: LocalDate, date: LocalDate): boolean {
  return (
    date >= compulsorySchoolAgeFrom(dateOfBirth) && date <= compulsorySchoolAgeLastDay(dateOfBirth)
  );
}
