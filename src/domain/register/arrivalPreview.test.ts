import { describe, expect, it } from 'vitest';
import { testSchool } from '../calendar/testSchool.fixture';
import { localDate } from '../time/localDate';
import { wallTime } from '../time/wallTime';
import { previewArrival } from './arrivalPreview';

const school = testSchool({
  sessions: {
    AM: { start: wallTime('08:45'), registerCloses: wallTime('09:15') },
    PM: { start: wallTime('13:00'), registerCloses: wallTime('13:15') },
  },
  sessionOverrides: [
    {
      scope: { kind: 'yearGroup', yearGroup: '3' },
      AM: { start: wallTime('08:45'), registerCloses: wallTime('09:05') },
    },
  ],
});
const date = localDate('2025-10-06');

describe('previewArrival', () => {
  it('says what an arrival becomes by the register rules, with the override for the year', () => {
    expect(
      previewArrival(school, { id: 'g', yearGroup: '3' }, date, 'AM', wallTime('09:06')),
    ).toMatchObject({
      code: 'U',
      minutesLate: 21,
      sentence: 'A Year 3 pupil arriving at 09:06 is U, 21 minutes late (register 08:45 to 09:05).',
    });
    expect(
      previewArrival(school, { id: 'g', yearGroup: '4' }, date, 'AM', wallTime('09:06')).sentence,
    ).toBe('A Year 4 pupil arriving at 09:06 is L, 21 minutes late (register 08:45 to 09:15).');
  });

  it('is on time at the start minute, and names Reception and nursery pupils', () => {
    expect(
      previewArrival(school, { id: 'g', yearGroup: 'R' }, date, 'PM', wallTime('13:00')).sentence,
    ).toBe('A Reception pupil arriving at 13:00 is on time (\\) (register 13:00 to 13:15).');
    expect(
      previewArrival(school, { id: 'g', yearGroup: 'N2' }, date, 'AM', wallTime('08:46')).sentence,
    ).toBe('A nursery (N2) pupil arriving at 08:46 is L, 1 minute late (register 08:45 to 09:15).');
  });
});
