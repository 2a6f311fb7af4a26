import { describe, expect, it } from 'vitest';
import { closure, testSchool } from '../calendar/testSchool.fixture';
import { localDate } from '../time/localDate';
import { familyTimeMissed, weekSessionState, weekStrip } from './familyAttendance';

describe('familyTimeMissed: sessions as days and hours', () => {
  it.each([
    // sessions, hours in the school's day, whole days, half a day, hours, exact
    [0, 6.5, 0, false, 0, true],
    [1, 6, 0, true, 3, true],
    [1, 6.5, 0, true, 3, false], // 3.25 hours: "about 3"
    [2, 6.5, 1, false, 7, false], // 6.5 hours rounds up
    [3, 6.5, 1, true, 10, false], // 9.75 hours
    [4, 6.5, 2, false, 13, true],
    [7, 6, 3, true, 21, true],
    [19, 6.5, 9, true, 62, false], // 61.75 hours
    [380, 6.5, 190, false, 1235, true], // a whole year away
  ])(
    '%i sessions at %s hours a day → %i days, half %s, %i hours (exact %s)',
    (sessions, dayHours, wholeDays, halfDay, hours, hoursExact) => {
      expect(familyTimeMissed(sessions, dayHours)).toEqual({
        sessions,
        wholeDays,
        halfDay,
        hours,
        hoursExact,
      });
    },
  );
});

describe('weekSessionState', () => {
  const school = testSchool({
    closures: [closure('INSET', '2025-03-07', '2025-03-07', { parts: ['PM'] })],
  });
  const today = localDate('2025-03-05');
  const state = (date: string, code: string | null, part: 'AM' | 'PM' = 'AM') =>
    weekSessionState(school, { date: localDate(date), part }, code, today);

  it.each([
    ['2025-03-03', '/', 'present'],
    ['2025-03-03', 'V', 'present'], // an educational visit is attendance
    ['2025-03-03', 'L', 'late'],
    ['2025-03-03', 'U', 'late_after_close'],
    ['2025-03-03', 'I', 'absent_authorised'],
    ['2025-03-03', 'M', 'absent_authorised'],
    ['2025-03-03', 'N', 'absent_no_reason'],
    ['2025-03-03', 'O', 'absent_unauthorised'],
    ['2025-03-03', 'G', 'absent_unauthorised'],
    ['2025-03-03', 'Y1', 'not_expected'],
    ['2025-03-03', null, 'not_marked'],
    ['2025-03-05', null, 'not_marked'], // today, register not taken yet
    ['2025-03-06', null, 'to_come'],
    ['2025-03-06', 'C', 'absent_authorised'], // leave entered in advance
    ['2025-03-08', null, 'no_school'], // a Saturday
    ['2025-04-21', null, 'no_school'], // Easter Monday, in the holiday
  ])('%s with %s → %s', (date, code, expected) => {
    expect(state(date, code)).toBe(expected);
  });

  it('a planned closure with no mark, or with #, is closed', () => {
    expect(state('2025-03-07', null, 'PM')).toBe('closed');
    expect(state('2025-03-07', '#', 'PM')).toBe('closed');
    expect(state('2025-03-07', null, 'AM')).toBe('to_come');
  });
});

describe('weekStrip', () => {
  const school = testSchool();

  it('is Monday to Friday of the week holding today, morning then afternoon, with each mark', () => {
    const codes = new Map([
      ['2025-03-03:AM', '/'],
      ['2025-03-03:PM', '\\'],
      ['2025-03-04:AM', 'N'],
      ['2025-03-04:PM', 'I'],
    ]);
    const strip = weekStrip(school, localDate('2025-03-05'), codes);
    expect(strip).toHaveLength(10);
    expect(strip.map((s) => `${s.date} ${s.part} ${s.state}`)).toEqual([
      '2025-03-03 AM present',
      '2025-03-03 PM present',
      '2025-03-04 AM absent_no_reason',
      '2025-03-04 PM absent_authorised',
      '2025-03-05 AM not_marked',
      '2025-03-05 PM not_marked',
      '2025-03-06 AM to_come',
      '2025-03-06 PM to_come',
      '2025-03-07 AM to_come',
      '2025-03-07 PM to_come',
    ]);
  });

  it('on a Sunday shows the week just gone', () => {
    const strip = weekStrip(school, localDate('2025-03-09'), new Map());
    expect(strip[0]?.date).toBe('2025-03-03');
    expect(strip[9]?.date).toBe('2025-03-07');
  });
});
