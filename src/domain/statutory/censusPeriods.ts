/**
 * Which days each school census collects attendance for (docs/statutory.md, "Census"). The census
 * collects attendance one term in arrears, by fixed calendar boundaries rather than the school's
 * own term dates:
 *
 * - the spring census collects the autumn term: 1 August to 31 December;
 * - the summer census collects the spring term: 1 January to Easter Sunday;
 * - the autumn census collects the previous summer term in two parts, returned separately: the
 *   first half (Easter Monday to the Sunday before the spring bank holiday) and the second half
 *   (the spring bank holiday, the last Monday in May, to 31 July).
 *
 * A census is named by its term and the academic year it is taken in (the 2025/26 spring census
 * is taken in January 2026 and collects autumn 2025). The pupils are those aged 5 to 15 on the
 * 31 August before the academic year the collected days belong to.
 */
import { addDays, isoWeekday, type LocalDate } from '../time/localDate';

export const CENSUS_TERMS = ['autumn', 'spring', 'summer'] as const;
export type CensusTerm = (typeof CENSUS_TERMS)[number];

/** The census's three-letter term, as its header carries it. */
export const CENSUS_TERM_CODES: Readonly<Record<CensusTerm, 'AUT' | 'SPR' | 'SUM'>> = {
  autumn: 'AUT',
  spring: 'SPR',
  summer: 'SUM',
};

/** One block of days the census returns figures for, both ends included. */
export interface CensusPeriod {
  /** `termly` for the term's figures; `summerHalfTerm2` is the autumn census's second part. */
  readonly part: 'termly' | 'summerHalfTerm2';
  readonly from: LocalDate;
  readonly to: LocalDate;
}

export interface CensusCollection {
  readonly term: CensusTerm;
  /** The academic year the census is taken in, as the calendar year it starts in (2025: 2025/26). */
  readonly academicYear: number;
  /** The periods collected, in order; the autumn census has two. */
  readonly periods: readonly CensusPeriod[];
  /** The day ages are taken on: 31 August before the academic year of the collected days. */
  readonly ageDate: LocalDate;
  /**
   * The census day: the first Thursday in October (autumn), the third Thursday in January
   * (spring) or in May (summer). Pupils on roll that day are on roll; earlier leavers are leavers.
   */
  readonly censusDay: LocalDate;
}

/** The `n`th Thursday of a month (1-based). */
function nthThursday(year: number, month: number, n: number): LocalDate {
  const first = ymd(year, month, 1);
  // ISO weekday 4 is Thursday.
  return addDays(first, ((4 - isoWeekday(first) + 7) % 7) + 7 * (n - 1));
}

const ymd = (y: number, m: number, d: number): LocalDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as LocalDate;

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher"). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return ymd(year, month, day);
}

/** The spring bank holiday's usual day: the last Monday in May. */
export function springBankHoliday(year: number): LocalDate {
  const may31 = ymd(year, 5, 31);
  return addDays(may31, -((isoWeekday(may31) - 1 + 7) % 7));
}

/** The days a census collects, and the day its pupils' ages are taken on. */
export function censusCollection(term: CensusTerm, academicYear: number): CensusCollection {
  if (!Number.isInteger(academicYear) || academicYear < 2000 || academicYear > 2100)
    throw new RangeError(`academic year must be a year from 2000 to 2100, not ${academicYear}`);
  switch (term) {
    case 'spring':
      return {
        term,
        academicYear,
        periods: [{ part: 'termly', from: ymd(academicYear, 8, 1), to: ymd(academicYear, 12, 31) }],
        ageDate: ymd(academicYear, 8, 31),
        censusDay: nthThursday(academicYear + 1, 1, 3),
      };
    case 'summer': {
      const year = academicYear + 1;
      return {
        term,
        academicYear,
        periods: [{ part: 'termly', from: ymd(year, 1, 1), to: easterSunday(year) }],
        ageDate: ymd(academicYear, 8, 31),
        censusDay: nthThursday(year, 5, 3),
      };
    }
    case 'autumn': {
      // Taken in the autumn of `academicYear`: it collects the summer just gone, which belongs to
      // the academic year before.
      const year = academicYear;
      const bankHoliday = springBankHoliday(year);
      return {
        term,
        academicYear,
        periods: [
          { part: 'termly', from: addDays(easterSunday(year), 1), to: addDays(bankHoliday, -1) },
          { part: 'summerHalfTerm2', from: bankHoliday, to: ymd(year, 7, 31) },
        ],
        ageDate: ymd(academicYear - 1, 8, 31),
        censusDay: nthThursday(year, 10, 1),
      };
    }
  }
}

/** The whole span a census collects: from its first period's first day to its last's last. */
export function censusSpan(collection: CensusCollection): { from: LocalDate; to: LocalDate } {
  const first = collection.periods[0];
  const last = collection.periods[collection.periods.length - 1];
  if (first === undefined || last === undefined)
    throw new Error('a census collects at least one period');
  return { from: first.from, to: last.to };
}

/** "2025/26 spring census (autumn term 2025)": the census in plain words. */
export function censusTitle(collection: CensusCollection): string {
  const y = collection.academicYear;
  const year = `${y}/${String((y + 1) % 100).padStart(2, '0')}`;
  const what =
    collection.term === 'spring'
      ? `autumn term ${y}`
      : collection.term === 'summer'
        ? `spring term ${y + 1}`
        : `summer term ${y}`;
  return `${year} ${collection.term} census (${what})`;
}
