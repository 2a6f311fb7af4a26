import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, localDate } from './localDate';
import { schoolInstant, toSchoolWallClock } from './schoolTime';
import { intlWallClock } from './wallClockOracle.fixture';
import { wallTime } from './wallTime';

const LONDON = 'Europe/London';
const ZONES = [LONDON, 'Europe/Paris', 'Pacific/Auckland', 'America/New_York', 'UTC'];
const FROM_2024 = Date.UTC(2024, 0, 1);
const TO_2027 = Date.UTC(2028, 0, 1) - 1;
const MINUTE = 60_000;
// Clock changes in 2025 (UTC) for the zones above, and instants drawn around them.
const CHANGES = [
  '2025-03-30T01:00:00Z',
  '2025-10-26T01:00:00Z',
  '2025-03-09T07:00:00Z',
  '2025-11-02T06:00:00Z',
  '2025-04-05T14:00:00Z',
  '2025-09-27T14:00:00Z',
].map((iso) => Date.parse(iso));
const instant = fc.oneof(
  fc.integer({ min: FROM_2024, max: TO_2027 }),
  fc
    .tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -3 * 60 * MINUTE, max: 3 * 60 * MINUTE }))
    .map(([change, offset]) => change + offset),
);

describe('toSchoolWallClock', () => {
  it.each([
    ['a summer morning (BST)', '2025-10-01T07:45:59Z', LONDON, '2025-10-01', '08:45'],
    ['a winter morning (GMT)', '2026-01-14T08:45:00Z', LONDON, '2026-01-14', '08:45'],
    ['the last minute of GMT in spring', '2026-03-29T00:59:59Z', LONDON, '2026-03-29', '00:59'],
    ['the first minute of BST', '2026-03-29T01:00:00Z', LONDON, '2026-03-29', '02:00'],
    ['01:30 the first time, in autumn', '2025-10-26T00:30:00Z', LONDON, '2025-10-26', '01:30'],
    ['01:30 the second time, in autumn', '2025-10-26T01:30:00Z', LONDON, '2025-10-26', '01:30'],
    [
      'just after midnight BST, still the day before in UTC',
      '2025-09-30T23:30:00Z',
      LONDON,
      '2025-10-01',
      '00:30',
    ],
    ['late evening GMT', '2026-01-14T23:59:59Z', LONDON, '2026-01-14', '23:59'],
    ['Paris in winter', '2026-01-14T07:45:00Z', 'Europe/Paris', '2026-01-14', '08:45'],
    ['Paris in summer', '2026-07-01T06:45:00Z', 'Europe/Paris', '2026-07-01', '08:45'],
    ['Auckland, a day ahead', '2026-01-14T20:00:00Z', 'Pacific/Auckland', '2026-01-15', '09:00'],
    ['New York, behind', '2026-01-14T13:45:00Z', 'America/New_York', '2026-01-14', '08:45'],
  ])('%s', (_case, iso, timeZone, date, time) => {
    expect(toSchoolWallClock(new Date(iso), timeZone)).toEqual({ date, minutes: wallTime(time) });
  });

  it('reads epoch milliseconds like a Date', () => {
    const ms = Date.parse('2026-03-30T07:45:30Z');
    expect(toSchoolWallClock(ms, LONDON)).toEqual(toSchoolWallClock(new Date(ms), LONDON));
  });

  it('throws on an invalid instant, which is a bug in the caller', () => {
    expect(() => toSchoolWallClock(new Date(Number.NaN), LONDON)).toThrow(RangeError);
    expect(() => toSchoolWallClock(0, 'Europe/Londn')).toThrow(RangeError);
  });

  it('agrees with Intl’s own formatting for any instant in 2024–2027', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, timeZone) => {
        expect(toSchoolWallClock(ms, timeZone)).toEqual(intlWallClock(ms, timeZone));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('schoolInstant', () => {
  it.each([
    ['a summer morning (BST)', '2025-10-01', '08:45', LONDON, '2025-10-01T07:45:00.000Z'],
    ['a winter morning (GMT)', '2026-01-14', '08:45', LONDON, '2026-01-14T08:45:00.000Z'],
    ['the morning of the spring change', '2026-03-29', '08:45', LONDON, '2026-03-29T07:45:00.000Z'],
    ['the morning of the autumn change', '2025-10-26', '08:45', LONDON, '2025-10-26T08:45:00.000Z'],
    ['midnight', '2026-03-29', '00:00', LONDON, '2026-03-29T00:00:00.000Z'],
    [
      'a time in the spring gap moves forward by the gap',
      '2026-03-29',
      '01:30',
      LONDON,
      '2026-03-29T01:30:00.000Z',
    ],
    ['the first minute of the gap', '2026-03-29', '01:00', LONDON, '2026-03-29T01:00:00.000Z'],
    [
      'a time in the autumn overlap is its first occurrence',
      '2025-10-26',
      '01:30',
      LONDON,
      '2025-10-26T00:30:00.000Z',
    ],
    ['Paris in the spring gap', '2026-03-29', '02:30', 'Europe/Paris', '2026-03-29T01:30:00.000Z'],
    [
      'Auckland in its autumn overlap (April)',
      '2026-04-05',
      '02:30',
      'Pacific/Auckland',
      '2026-04-04T13:30:00.000Z',
    ],
    ['New York in winter', '2026-01-14', '08:45', 'America/New_York', '2026-01-14T13:45:00.000Z'],
  ])('%s', (_case, date, time, timeZone, iso) => {
    expect(schoolInstant(localDate(date), wallTime(time), timeZone).toISOString()).toBe(iso);
  });

  // Random days seldom land on a clock change, so the change days are drawn often too.
  const CHANGE_DAYS = [
    '2025-03-30',
    '2025-10-26',
    '2025-03-09',
    '2025-11-02',
    '2025-04-06',
    '2025-09-28',
  ];
  const date = fc.oneof(
    fc.integer({ min: 0, max: 4 * 365 }).map((d) => addDays(localDate('2024-01-01'), d)),
    fc.constantFrom(...CHANGE_DAYS).map(localDate),
  );
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = fc
    .tuple(
      fc.oneof(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 3 })),
      fc.integer({ min: 0, max: 59 }),
    )
    .map(([h, m]) => wallTime(`${pad(h)}:${pad(m)}`));

  it('is read back as the same wall clock, except inside a spring gap, which moves forward an hour', () => {
    fc.assert(
      fc.property(date, time, fc.constantFrom(...ZONES), (day, minutes, timeZone) => {
        const back = toSchoolWallClock(schoolInstant(day, minutes, timeZone), timeZone);
        if (back.minutes === minutes) expect(back.date).toBe(day);
        else expect(back).toEqual({ date: day, minutes: minutes + 60 });
      }),
      { numRuns: 2000 },
    );
  });

  it('turns a wall clock read from an instant back into that minute, or the hour before in an overlap', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (ms, timeZone) => {
        const wall = toSchoolWallClock(ms, timeZone);
        const minute = Math.floor(ms / MINUTE) * MINUTE;
        const back = schoolInstant(wall.date, wall.minutes, timeZone).getTime();
        expect([0, 60 * MINUTE]).toContain(minute - back);
      }),
      { numRuns: 2000 },
    );
  });
});
