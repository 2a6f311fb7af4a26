import { describe, expect, it } from 'vitest';
import { seedSchool } from '../config/seedSchools.fixture';
import type { GroupRef } from '../config/schoolConfig';
import { localDate } from '../time/localDate';
import { checkArrival, CLOCK_TOLERANCE_MS, type ArrivalClaim } from './arrivalCheck';

// Heelands keeps its morning register open 15 minutes: 08:50 to 09:05 (seed 003).
const heelands = seedSchool('heelands');
const year4: GroupRef = { id: 'class-4', yearGroup: '4' };
const session = { date: localDate('2026-01-14'), part: 'AM' as const };
// 14 January 2026 is in GMT, so the school's clock is UTC.
const at = (hhmm: string) => `2026-01-14T${hhmm}:00.000Z`;
const LATE_MORNING = Date.parse(at('11:00'));

const claim = (
  code: string,
  minutesLate: number | null,
  arrivedAt: string | null = null,
): ArrivalClaim => ({ code, minutesLate, arrivedAt });

function check(c: ArrivalClaim, now = LATE_MORNING) {
  return checkArrival({ school: heelands, group: year4, session, claim: c, now });
}

describe('checkArrival accepts a mark whose code, minutes and window agree', () => {
  it.each([
    ['no arrival and no minutes (nothing to re-derive)', claim('N', null)],
    ['L with its arrival and minutes', claim('L', 10, at('09:00'))],
    ['L in the last minute before the close', claim('L', 14, at('09:04'))],
    ['U at the close', claim('U', 15, at('09:05'))],
    ['on time with an arrival in the start minute', claim('/', null, at('08:50'))],
    ['L with minutes only, inside the window', claim('L', 14)],
    ['U with minutes only, from the close', claim('U', 25)],
  ])('%s', (_name, c) => {
    expect(check(c).ok).toBe(true);
  });
});

describe('checkArrival refuses each tampered shape with the reason', () => {
  it.each([
    [
      'L without an arrival but 25 minutes late on a 15-minute register',
      claim('L', 25),
      'code-does-not-match-arrival',
      'An arrival at 09:15 is after the register closed at 09:05, so the mark is U, not L.',
    ],
    [
      'a present mark with an arrival after the close',
      claim('/', null, at('09:20')),
      'code-does-not-match-arrival',
      'An arrival at 09:20 is after the register closed at 09:05, so the mark is U, not /.',
    ],
    [
      'U inside the window',
      claim('U', 5, at('08:55')),
      'code-does-not-match-arrival',
      'An arrival at 08:55 is before the register closed at 09:05, so the mark is L, not U.',
    ],
    [
      'U with minutes only, inside the window',
      claim('U', 5),
      'code-does-not-match-arrival',
      'An arrival at 08:55 is before the register closed at 09:05, so the mark is L, not U.',
    ],
    [
      'minutes that do not match the arrival',
      claim('L', 3, at('09:00')),
      'minutes-do-not-match-arrival',
      'An arrival at 09:00 is 10 minutes after the start at 08:50, not 3.',
    ],
    [
      'L with an arrival but no minutes',
      claim('L', null, at('09:00')),
      'minutes-do-not-match-arrival',
      'An arrival at 09:00 is 10 minutes after the start at 08:50; record the minutes late with it.',
    ],
    [
      'L with 0 minutes late (that is on time)',
      claim('L', 0),
      'code-does-not-match-arrival',
      'An arrival at 08:50 is by the start at 08:50, so the pupil is on time, not L.',
    ],
    [
      'an arrival on another day',
      claim('L', 10, '2026-01-13T09:00:00.000Z'),
      'arrival-not-on-session-day',
      "The arrival time is on 13 January 2026, not on the session's day (14 January 2026).",
    ],
    [
      'minutes that run past midnight',
      claim('U', 24 * 60),
      'minutes-do-not-match-arrival',
      "1440 minutes after the start at 08:50 is not on the session's day.",
    ],
  ])('%s', (_name, c, reason, message) => {
    expect(check(c)).toEqual({ ok: false, errors: [{ reason, message }] });
  });
});

describe('checkArrival refuses an arrival in the future, beyond the clock tolerance', () => {
  // Typed 09:25 at 08:46: it would have been recorded as U, 35 minutes late.
  const now = Date.parse(at('08:46'));

  it('refuses an arrival time after now', () => {
    expect(check(claim('U', 35, at('09:25')), now)).toEqual({
      ok: false,
      errors: [
        {
          reason: 'arrival-in-future',
          message:
            'An arrival at 09:25 has not happened yet (it is 08:46 on 14 January 2026). Enter the time the pupil arrived.',
        },
      ],
    });
  });

  it('refuses minutes late that put the arrival after now', () => {
    const result = check(claim('U', 35), now);
    expect(result.ok ? null : result.errors[0]?.reason).toBe('arrival-in-future');
  });

  it('accepts an arrival within the tolerance of now, and refuses one a second beyond it', () => {
    const arrival = Date.parse(at('09:00'));
    expect(check(claim('L', 10, at('09:00')), arrival - CLOCK_TOLERANCE_MS).ok).toBe(true);
    expect(check(claim('L', 10, at('09:00')), arrival - CLOCK_TOLERANCE_MS - 1000).ok).toBe(false);
  });
});
