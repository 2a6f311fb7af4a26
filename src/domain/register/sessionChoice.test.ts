import { describe, expect, it } from 'vitest';
import { parsedSchool as school } from '../config/parsedSchool.fixture';
import { localDate } from '../time/localDate';
import { currentSession, recentSessions, registerClosesAt } from './sessionChoice';

const KS2 = { id: '00000000-0000-4000-8000-00000000b001', yearGroup: '3' as const };
const NURSERY = { id: '00000000-0000-4000-8000-00000000b009', yearGroup: 'N2' as const };

// London is on BST (UTC+1) in September and October 2025, on GMT from 26 October.
describe('currentSession', () => {
  it.each([
    ['before school: the morning is next', '2025-09-08T06:30:00Z', '2025-09-08', 'AM'],
    ['during the morning register', '2025-09-08T07:50:00Z', '2025-09-08', 'AM'],
    [
      'after it closed, late arrivals still go in the morning',
      '2025-09-08T09:14:00Z',
      '2025-09-08',
      'AM',
    ],
    ['an hour after the close: the afternoon', '2025-09-08T09:15:00Z', '2025-09-08', 'PM'],
    ['during the afternoon register', '2025-09-08T12:05:00Z', '2025-09-08', 'PM'],
    ['in the evening: the last, the afternoon', '2025-09-08T19:00:00Z', '2025-09-08', 'PM'],
    ['just after midnight: today’s morning', '2025-09-08T23:30:00Z', '2025-09-09', 'AM'],
    ['Saturday: Friday afternoon', '2025-09-13T09:00:00Z', '2025-09-12', 'PM'],
    ['Sunday: Friday afternoon', '2025-09-14T09:00:00Z', '2025-09-12', 'PM'],
    ['an INSET Friday: Thursday afternoon', '2025-10-17T08:00:00Z', '2025-10-16', 'PM'],
    ['half term: the last day before it', '2025-10-29T09:00:00Z', '2025-10-24', 'PM'],
    ['summer before the first term: its first morning', '2025-08-20T09:00:00Z', '2025-09-01', 'AM'],
    ['Christmas holidays: the last afternoon of term', '2025-12-24T09:00:00Z', '2025-12-19', 'PM'],
  ])('%s', (_why, instant, date, part) => {
    expect(currentSession(school(), KS2, Date.parse(instant))).toEqual({ date, part });
  });

  it('switches to the afternoon at its start when that is under an hour after the close', () => {
    const early = school({
      sessions: {
        AM: { start: '08:45', registerCloses: '09:15' },
        PM: { start: '09:45', registerCloses: '10:00' },
      },
    });
    expect(currentSession(early, KS2, Date.parse('2025-09-08T08:44:00Z'))?.part).toBe('AM');
    expect(currentSession(early, KS2, Date.parse('2025-09-08T08:45:00Z'))?.part).toBe('PM');
  });

  it('uses the group’s own times (a nursery with an earlier afternoon)', () => {
    const withNursery = school({
      sessionOverrides: [{ yearGroup: 'N2', PM: { start: '10:00', registerCloses: '10:15' } }],
    });
    const at = Date.parse('2025-09-08T09:00:00Z'); // 10:00 BST
    expect(currentSession(withNursery, NURSERY, at)?.part).toBe('PM');
    expect(currentSession(withNursery, KS2, at)?.part).toBe('AM');
  });

  it('skips a morning closed for the group’s year only', () => {
    const y3Out = school({
      closures: [
        {
          name: 'Y3 trip day',
          from: '2025-09-08',
          to: '2025-09-08',
          parts: ['AM'],
          yearGroups: ['3'],
        },
      ],
    });
    expect(currentSession(y3Out, KS2, Date.parse('2025-09-08T07:50:00Z'))?.part).toBe('PM');
    expect(currentSession(y3Out, NURSERY, Date.parse('2025-09-08T07:50:00Z'))?.part).toBe('AM');
  });

  it('answers the same in winter time (GMT)', () => {
    expect(currentSession(school(), KS2, Date.parse('2025-11-03T08:50:00Z'))).toEqual({
      date: '2025-11-03',
      part: 'AM',
    });
  });
});

describe('recentSessions', () => {
  it('lists the latest open sessions, newest first, not past the one given', () => {
    const s = school();
    expect(recentSessions(s, KS2, { date: localDate('2025-09-09'), part: 'AM' }, 4)).toEqual([
      { date: '2025-09-09', part: 'AM' },
      { date: '2025-09-08', part: 'PM' },
      { date: '2025-09-08', part: 'AM' },
      { date: '2025-09-05', part: 'PM' },
    ]);
    expect(recentSessions(s, KS2, { date: localDate('2025-09-09'), part: 'PM' }, 1)).toEqual([
      { date: '2025-09-09', part: 'PM' },
    ]);
  });
});

describe('registerClosesAt', () => {
  it('is the close time on the school’s clock, in summer and winter', () => {
    const s = school();
    expect(registerClosesAt(s, KS2, { date: localDate('2025-09-08'), part: 'AM' })).toBe(
      Date.parse('2025-09-08T08:15:00Z'),
    );
    expect(registerClosesAt(s, KS2, { date: localDate('2025-11-03'), part: 'PM' })).toBe(
      Date.parse('2025-11-03T13:15:00Z'),
    );
  });
});
