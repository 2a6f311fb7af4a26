import { describe, expect, it } from 'vitest';
import { testThresholds } from '../calendar/testSchool.fixture';
import { absenceStatus } from './thresholds';

const thresholds = testThresholds({
  atRiskBands: [
    { name: 'Serious concern', minAbsencePercent: 20 },
    { name: 'Watch', minAbsencePercent: 5 },
    { name: 'Persistent', minAbsencePercent: 10 },
  ],
});

describe('absenceStatus', () => {
  it.each([
    [36, 360, true, false, 'Persistent', 'exactly 90.0% attendance: 10% absence is persistent'],
    [19, 200, false, false, 'Watch', '90.5% attendance is not persistent'],
    [35, 360, false, false, 'Watch', 'just under 10%'],
    [3, 30, true, false, 'Persistent', '3 of 30 is exactly 10%'],
    [7, 70, true, false, 'Persistent', '7 of 70 is exactly 10%'],
    [100, 200, true, true, 'Serious concern', 'severe at exactly 50%'],
    [99, 200, true, false, 'Serious concern', 'just under 50% is not severe'],
    [1, 1, true, true, 'Serious concern', 'one session missed of one'],
    [0, 380, false, false, null, 'no absence'],
    [1, 20, false, false, 'Watch', 'a band boundary is inclusive (5%)'],
  ])(
    '%i absent of %i → persistent %s, severe %s, band %s (%s)',
    (absent, possible, persistent, severe, band, _why) => {
      const status = absenceStatus({ overallAbsence: absent, possible }, thresholds);
      expect(status).toEqual({
        persistent,
        severe,
        band: band === null ? null : expect.objectContaining({ name: band }),
      });
    },
  );

  it('flags nothing without a possible session', () => {
    expect(absenceStatus({ overallAbsence: 0, possible: 0 }, thresholds)).toEqual({
      persistent: false,
      severe: false,
      band: null,
    });
  });

  it('uses the configured thresholds, including fractional ones', () => {
    const strict = testThresholds({ persistentAbsencePercent: 7.5, severeAbsencePercent: 30 });
    expect(absenceStatus({ overallAbsence: 3, possible: 40 }, strict)).toMatchObject({
      persistent: true,
      severe: false,
    });
    expect(absenceStatus({ overallAbsence: 29, possible: 400 }, strict)).toMatchObject({
      persistent: false,
    });
    expect(absenceStatus({ overallAbsence: 12, possible: 40 }, strict)).toMatchObject({
      severe: true,
    });
  });
});
