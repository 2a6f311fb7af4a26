import { describe, expect, it } from 'vitest';
import { testThresholds } from '../calendar/testSchool.fixture';
import { absenceLevel, fellThroughBand, laDuties } from './dutyAlerts';

const thresholds = testThresholds({
  atRiskBands: [
    { name: 'Watch', minAbsencePercent: 5 },
    { name: 'At risk', minAbsencePercent: 8 },
  ],
});

describe('laDuties', () => {
  it.each([
    [19, 0, false, false, '19 unauthorised sessions is under 10 school days'],
    [20, 0, true, false, '20 unauthorised sessions is 10 school days: inform the LA'],
    [0, 29, false, false, '14.5 days of illness is under the sickness return'],
    [0, 30, false, true, '15 days of illness, consecutive or not: sickness return'],
    [25, 31, true, true, 'both'],
  ])('%i unauthorised, %i illness → %s, %s (%s)', (unauthorised, illness, inform, sick) => {
    expect(laDuties({ unauthorised, illness }, thresholds.localAuthority)).toEqual({
      informOfUnauthorised: inform,
      sicknessReturn: sick,
    });
  });

  it("follows the local authority's own thresholds when the school configures them", () => {
    const limits = { unauthorisedSessions: 10, illnessSessions: 40 };
    expect(laDuties({ unauthorised: 10, illness: 39 }, limits)).toEqual({
      informOfUnauthorised: true,
      sicknessReturn: false,
    });
  });
});

describe('absenceLevel', () => {
  it.each([
    [0, 200, 0, null, 'no absence'],
    [9, 200, 0, null, '4.5% is under the first band'],
    [10, 200, 1, 'Watch', '5% is inclusive'],
    [16, 200, 2, 'At risk', '8% is the second band'],
    [20, 200, 3, 'Persistent absence', 'exactly 10%'],
    [19, 200, 2, 'At risk', '9.5% is not persistent'],
    [100, 200, 4, 'Severe absence', 'exactly 50%'],
  ])('%i of %i → rank %i %s (%s)', (overallAbsence, possible, rank, name, _why) => {
    expect(absenceLevel({ overallAbsence, possible }, thresholds)).toEqual({ rank, name });
  });

  it('lets a band configured at the persistent rate name that step', () => {
    const same = testThresholds({ atRiskBands: [{ name: 'Persistent', minAbsencePercent: 10 }] });
    expect(absenceLevel({ overallAbsence: 10, possible: 100 }, same)).toEqual({
      rank: 1,
      name: 'Persistent',
    });
  });
});

describe('fellThroughBand', () => {
  it('is true when the step now is worse than at the review', () => {
    expect(
      fellThroughBand(
        { overallAbsence: 4, possible: 100 },
        { overallAbsence: 22, possible: 200 },
        thresholds,
      ),
    ).toBe(true);
  });

  it('is false when the rate rose but stayed on the same step', () => {
    expect(
      fellThroughBand(
        { overallAbsence: 5, possible: 100 },
        { overallAbsence: 14, possible: 200 },
        thresholds,
      ),
    ).toBe(false);
  });

  it('is false when nothing could be judged at the review', () => {
    expect(
      fellThroughBand(
        { overallAbsence: 0, possible: 0 },
        { overallAbsence: 50, possible: 100 },
        thresholds,
      ),
    ).toBe(false);
  });
});
