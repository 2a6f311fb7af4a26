import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, isoWeekday, localDate } from '../time/localDate';
import {
  academicYearOf,
  ageOn,
  birthdayOfAge,
  compulsorySchoolAgeFrom,
  compulsorySchoolAgeLastDay,
  isOfCompulsorySchoolAge,
  statisticsAgeDate,
  statisticsCohortBirthDates,
  statisticsCohortOf,
} from './schoolAge';

const d = localDate;

describe('compulsorySchoolAgeFrom: 31 Dec, 31 Mar or 31 Aug on or after the fifth birthday', () => {
  it.each([
    ['2020-12-31', '2025-12-31', 'fifth birthday on 31 December: that day'],
    ['2020-12-30', '2025-12-31', 'the day before 31 December: the next day'],
    ['2021-01-01', '2026-03-31', 'the day after 31 December: 31 March'],
    ['2021-03-31', '2026-03-31', 'fifth birthday on 31 March: that day'],
    ['2021-03-30', '2026-03-31', 'the day before 31 March'],
    ['2021-04-01', '2026-08-31', 'the day after 31 March: 31 August'],
    ['2021-08-31', '2026-08-31', 'fifth birthday on 31 August: that day'],
    ['2021-08-30', '2026-08-31', 'the day before 31 August'],
    ['2021-09-01', '2026-12-31', 'the day after 31 August: 31 December'],
    ['2019-02-28', '2024-03-31', 'an ordinary February birthday'],
    ['2020-02-29', '2025-03-31', 'born on 29 February: fifth birthday 1 March 2025'],
    ['2016-02-29', '2021-03-31', 'born on 29 February: fifth birthday 1 March 2021'],
  ])('born %s → compulsory school age from %s (%s)', (born, from) => {
    expect(compulsorySchoolAgeFrom(d(born))).toBe(from);
    expect(isOfCompulsorySchoolAge(d(born), d(from))).toBe(true);
    expect(isOfCompulsorySchoolAge(d(born), addDays(d(from), -1))).toBe(false);
  });
});

describe('compulsorySchoolAgeLastDay: the last Friday in June of the school year they turn 16', () => {
  it.each([
    ['2008-08-31', '2024-06-28', '16 on 31 August 2024, school year 2023/24: before the birthday'],
    ['2008-09-01', '2025-06-27', '16 on 1 September 2024, school year 2024/25'],
    [
      '2008-07-01',
      '2024-06-28',
      '16 in the summer holiday, after the leaving date: may still leave',
    ],
    ['2008-06-28', '2024-06-28', '16 on the leaving date itself'],
    ['2006-10-15', '2023-06-30', '30 June 2023 is a Friday: that day'],
    ['2007-06-30', '2023-06-30', '16 on 30 June 2023, a Friday'],
    ['2007-07-01', '2023-06-30', '16 on the Saturday after it: the same school year'],
    ['2004-02-29', '2020-06-26', 'born on 29 February, 16 on 29 February 2020'],
    ['2005-02-28', '2021-06-25', 'an ordinary February birthday'],
  ])('born %s → compulsory school age ends after %s (%s)', (born, last) => {
    expect(compulsorySchoolAgeLastDay(d(born))).toBe(last);
    expect(isOfCompulsorySchoolAge(d(born), d(last))).toBe(true);
    expect(isOfCompulsorySchoolAge(d(born), addDays(d(last), 1))).toBe(false);
  });

  it('is always a Friday in June, in the school year of the sixteenth birthday', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15_000 }), (offset) => {
        const born = addDays(d('1990-01-01'), offset);
        const last = compulsorySchoolAgeLastDay(born);
        expect(isoWeekday(last)).toBe(5);
        expect(last.slice(5, 7)).toBe('06');
        expect(addDays(last, 7).slice(5, 7)).toBe('07');
        expect(academicYearOf(last)).toBe(academicYearOf(birthdayOfAge(born, 16)));
      }),
    );
  });

  it('starts after compulsory school age begins', () => {
    expect(isOfCompulsorySchoolAge(d('2019-09-01'), d('2024-12-30'))).toBe(false);
    expect(isOfCompulsorySchoolAge(d('2019-09-01'), d('2024-12-31'))).toBe(true);
  });
});

describe('statisticsCohortOf: aged 5 to 15 on the 31 August before the academic year', () => {
  // Sessions of the academic year 2025/26: ages are taken on 31 August 2025.
  const autumn = d('2025-09-01');
  const summer = d('2026-07-20');
  it.each([
    ['2021-09-01', 'under-5', 'nursery: aged 3'],
    ['2020-09-01', 'under-5', 'the oldest of Reception: 4, five the next day'],
    ['2020-08-31', 'aged-5-to-15', 'fifth birthday on 31 August itself'],
    ['2020-02-29', 'aged-5-to-15', 'born on 29 February'],
    ['2009-09-01', 'aged-5-to-15', 'aged 15, sixteen the next day'],
    ['2009-08-31', 'over-15', 'sixteenth birthday on 31 August'],
    ['2008-01-15', 'over-15', 'aged 17'],
  ])('born %s → %s (%s)', (born, cohort) => {
    expect(statisticsCohortOf(d(born), autumn)).toBe(cohort);
    // The whole academic year uses the same day, however old the pupil is by then.
    expect(statisticsCohortOf(d(born), summer)).toBe(cohort);
  });

  it('takes the age on 31 August before the academic year of the session', () => {
    expect(academicYearOf(d('2025-08-31'))).toBe(2024);
    expect(academicYearOf(d('2025-09-01'))).toBe(2025);
    expect(statisticsAgeDate(d('2025-08-31'))).toBe('2024-08-31');
    expect(statisticsAgeDate(d('2025-09-01'))).toBe('2025-08-31');
    // Born 1 September 2019: 4 on 31 August 2024, 5 on 31 August 2025.
    expect(statisticsCohortOf(d('2019-09-01'), d('2025-08-31'))).toBe('under-5');
    expect(statisticsCohortOf(d('2019-09-01'), d('2025-09-01'))).toBe('aged-5-to-15');
  });
});

describe('ageOn', () => {
  it.each([
    ['2020-08-31', '2025-08-30', 4],
    ['2020-08-31', '2025-08-31', 5],
    ['2020-02-29', '2025-02-28', 4],
    ['2020-02-29', '2025-03-01', 5],
    ['2020-02-29', '2024-02-29', 4],
  ])('born %s, on %s → %i', (born, on, age) => {
    expect(ageOn(d(born), d(on))).toBe(age);
  });
});

describe('statisticsCohortBirthDates: the cohort as a range of dates of birth, for SQL', () => {
  it('gives the boundaries of the table above', () => {
    expect(statisticsCohortBirthDates(d('2026-07-20'))).toEqual({
      bornFrom: '2009-09-01',
      bornTo: '2020-08-31',
    });
  });

  it('selects exactly the pupils statisticsCohortOf places aged 5 to 15', () => {
    const day = (n: number) => addDays(d('1990-01-01'), n);
    fc.assert(
      fc.property(fc.nat(16_000), fc.nat(14_000), (born, offset) => {
        const dateOfBirth = day(born);
        const date = addDays(dateOfBirth, offset);
        const { bornFrom, bornTo } = statisticsCohortBirthDates(date);
        const inRange = bornFrom <= dateOfBirth && dateOfBirth <= bornTo;
        expect(inRange).toBe(statisticsCohortOf(dateOfBirth, date) === 'aged-5-to-15');
      }),
      { numRuns: 2000 },
    );
  });
});
