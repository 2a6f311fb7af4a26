import { describe, expect, it } from 'vitest';
import { closure, testSchool } from '../calendar/testSchool.fixture';
import type { GroupRef } from '../config/schoolConfig';
import { localDate } from '../time/localDate';
import { schoolInstant } from '../time/schoolTime';
import { formatWallTime, wallTime } from '../time/wallTime';
import { nextRegister } from './nextRegister';

const school = testSchool();
const london = (date: string, time: string) =>
  schoolInstant(localDate(date), wallTime(time), 'Europe/London').getTime();
const next = (date: string, time: string, group: GroupRef | null = null) => {
  const found = nextRegister(school, group, london(date, time));
  return found === null
    ? null
    : `${found.session.date} ${found.session.part} ${formatWallTime(found.start)}`;
};

describe('nextRegister (the register screen out of school hours)', () => {
  it.each([
    ['Sunday', '2024-09-08', '10:00', '2024-09-09 AM 08:45'],
    ['Saturday night', '2024-09-07', '23:30', '2024-09-09 AM 08:45'],
    ['Friday after school', '2024-09-13', '16:00', '2024-09-16 AM 08:45'],
    ['Monday before school', '2024-09-09', '07:00', '2024-09-09 AM 08:45'],
    // The morning register is still open (late marks): it is still the next one.
    ['Monday, morning register open', '2024-09-09', '09:10', '2024-09-09 AM 08:45'],
    ['Monday, after the morning closed', '2024-09-09', '09:15', '2024-09-09 PM 13:15'],
    ['Monday after school', '2024-09-09', '15:30', '2024-09-10 AM 08:45'],
    // Half-term (28 Oct – 1 Nov 2024): the first day back.
    ['last day before half-term, evening', '2024-10-25', '18:00', '2024-11-04 AM 08:45'],
    ['in half-term', '2024-10-30', '12:00', '2024-11-04 AM 08:45'],
    // Christmas: term ends Friday 20 December, starts Monday 6 January.
    ['Christmas Eve', '2024-12-24', '09:00', '2025-01-06 AM 08:45'],
    // Easter Monday 21 April 2025 is a bank holiday inside the holiday; term starts the 22nd.
    ['Easter Monday', '2025-04-21', '09:00', '2025-04-22 AM 08:45'],
    // Early May bank holiday, Monday 5 May 2025, in term.
    ['Friday before the May bank holiday', '2025-05-02', '17:00', '2025-05-06 AM 08:45'],
  ])('%s → %s', (_when, date, time, expected) => {
    expect(next(date, time)).toBe(expected);
  });

  it('skips a closure the school configured (a whole day, then a morning only)', () => {
    const closed = testSchool({
      closures: [
        closure('Training day', '2024-09-16'),
        closure('Polling station', '2024-09-17', '2024-09-17', { parts: ['AM'] }),
      ],
    });
    const found = nextRegister(closed, null, london('2024-09-13', '16:00'));
    expect(found?.session).toEqual({ date: localDate('2024-09-17'), part: 'PM' });
    expect(found?.startsAt).toBe(london('2024-09-17', '13:15'));
  });

  it('uses the group’s own register times when it has them', () => {
    const withOverride = testSchool({
      sessionOverrides: [
        {
          scope: { kind: 'yearGroup', yearGroup: 'N2' },
          AM: { start: wallTime('09:00'), registerCloses: wallTime('09:20') },
        },
      ],
    });
    const nursery: GroupRef = { id: 'n2', yearGroup: 'N2' };
    const found = nextRegister(withOverride, nursery, london('2024-09-08', '10:00'));
    expect(found?.start).toBe(wallTime('09:00'));
    expect(found?.startsAt).toBe(london('2024-09-09', '09:00'));
  });

  it('is null when the calendar has no term ahead (the term dates are not entered yet)', () => {
    expect(next('2025-08-01', '10:00')).toBeNull();
  });
});
