import { describe, expect, it } from 'vitest';
import { compulsorySchoolAgeFrom, localDate, statisticsCohortOf } from '../../domain/index';
import { demoCalendar } from './demoCalendar';
import { demoSchool } from './demoSchool';

describe('the demo school’s dates of birth', () => {
  // The academic year 2025/26: ages for the statistics are taken on 31 August 2025.
  const demo = demoSchool(demoCalendar(2025));
  const firstDay = localDate('2025-09-03');
  const yearOf = new Map(demo.groups.map((g) => [g.id, g.yearGroup]));

  it('gives every pupil a birthday in the school year of their year group', () => {
    for (const pupil of demo.pupils) {
      const yearGroup = yearOf.get(pupil.groupId);
      const born = localDate(pupil.dateOfBirth);
      // Nursery and Reception are four or younger on 31 August; Years 1 to 6 are 5 to 15.
      const expected = yearGroup === 'N2' || yearGroup === 'R' ? 'under-5' : 'aged-5-to-15';
      expect([pupil.dateOfBirth, yearGroup, statisticsCohortOf(born, firstDay)]).toEqual([
        pupil.dateOfBirth,
        yearGroup,
        expected,
      ]);
    }
  });

  it('has Reception reach compulsory school age during the year, and Year 1 before it', () => {
    for (const pupil of demo.pupils) {
      const from = compulsorySchoolAgeFrom(localDate(pupil.dateOfBirth));
      const yearGroup = yearOf.get(pupil.groupId);
      if (yearGroup === 'R') expect(from > '2025-08-31' && from <= '2026-08-31').toBe(true);
      if (yearGroup === '1') expect(from <= '2025-08-31').toBe(true);
    }
  });
});
