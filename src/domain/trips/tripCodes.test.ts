import { describe, expect, it } from 'vitest';
import { seedSchool } from '../config/seedSchools.fixture';
import { lookupCode2024 } from '../codes/attendanceCodes';
import { schoolForTripMark, TRIP_CODE_MEANINGS, TRIP_CODES, tripLeaderCodes } from './tripCodes';

describe('trip codes', () => {
  it('are the approved educational activities, each with its meaning', () => {
    for (const code of TRIP_CODES) {
      expect(lookupCode2024(code)?.category).toBe('AEA');
      expect(TRIP_CODE_MEANINGS[code]).not.toBe('');
    }
  });

  it('a leader may enter the trip’s own code, N and I', () => {
    expect(tripLeaderCodes('W')).toEqual(['W', 'N', 'I']);
  });
});

describe('schoolForTripMark', () => {
  const school = seedSchool('mary-bassett-lower');

  it('adds the trip’s codes to the author’s role only, once each', () => {
    const trip = schoolForTripMark(school, 'teacher', 'P');
    expect(trip.roleCodes.teacher).toEqual([
      ...new Set([...school.roleCodes.teacher, 'P', 'N', 'I']),
    ]);
    expect(trip.roleCodes.office).toEqual(school.roleCodes.office);
    expect(new Set(trip.roleCodes.teacher).size).toBe(trip.roleCodes.teacher.length);
  });

  it('keeps everything else the school’s', () => {
    const { roleCodes: _trip, ...rest } = schoolForTripMark(school, 'teacher', 'V');
    const { roleCodes: _school, ...schoolRest } = school;
    expect(rest).toEqual(schoolRest);
  });
});
