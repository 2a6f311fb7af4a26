import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSchoolConfig } from '../config/parseConfig';
import type { GroupRef, SchoolConfig, SessionPart, YearGroup } from '../config/schoolConfig';
import { ST_VINCENT, seedSchool } from '../config/seedSchools.fixture';
import { localDate } from '../time/localDate';
import { intlWallClock } from '../time/wallClockOracle.fixture';
import { formatWallTime, wallTime, type WallTime } from '../time/wallTime';
import { decideArrival } from './registerWindow';
import { sessionTimesFor } from './sessionTimes';

const group = (yearGroup: YearGroup, id = `class-${yearGroup}`): GroupRef => ({ id, yearGroup });
const present = (part: SessionPart) => (part === 'AM' ? '/' : '\\');

/** The instant a clock `offset` (e.g. `+01:00`) from UTC shows `minutes` and `seconds` on `date`. */
function wallInstant(date: string, offset: string, minutes: number, seconds = 0): number {
  const hhmm = formatWallTime(minutes as WallTime);
  return Date.parse(`${date}T${hhmm}:${String(seconds).padStart(2, '0')}${offset}`);
}

/** Each seed school's own times, copied from its policy (not read back from the config). */
const SEED_TIMES = [
  ['000 Dothill', 'dothill-primary', group('5'), 'AM', '08:55', '09:25'],
  ['000 Dothill', 'dothill-primary', group('5'), 'PM', '13:00', '13:15'],
  ['001 Mary Bassett Nursery', 'mary-bassett-lower', group('N2'), 'AM', '09:00', '09:15'],
  ['001 Mary Bassett Nursery', 'mary-bassett-lower', group('N2'), 'PM', '12:00', '12:15'],
  ['001 Mary Bassett Reception', 'mary-bassett-lower', group('R'), 'AM', '08:45', '09:15'],
  ['001 Mary Bassett Reception', 'mary-bassett-lower', group('R'), 'PM', '12:45', '13:00'],
  ['001 Mary Bassett Year 1 (KS1)', 'mary-bassett-lower', group('1'), 'PM', '12:45', '13:00'],
  ['001 Mary Bassett Year 3 (KS2)', 'mary-bassett-lower', group('3'), 'AM', '08:45', '09:15'],
  ['001 Mary Bassett Year 3 (KS2)', 'mary-bassett-lower', group('3'), 'PM', '13:30', '13:45'],
  ['003 Heelands', 'heelands', group('4'), 'AM', '08:50', '09:05'],
  ['003 Heelands', 'heelands', group('4'), 'PM', '13:00', '13:15'],
  ['003 Summerfield', 'summerfield', group('4'), 'AM', '09:00', '09:15'],
  ['003 Summerfield', 'summerfield', group('4'), 'PM', '13:30', '13:45'],
  ['004 St Vincent', 'st-vincent', group('6'), 'AM', '08:45', '09:15'],
  ['004 St Vincent', 'st-vincent', group('6'), 'PM', '13:00', '13:15'],
] as const;

/** Arrival relative to the start (s) and the close (c), in minutes and seconds. */
type Boundary = readonly [
  label: string,
  minute: (s: number, c: number) => number,
  seconds: number,
  kind: 'present' | 'L' | 'U',
];
const BOUNDARIES: readonly Boundary[] = [
  ['a minute before the start', (s) => s - 1, 0, 'present'],
  ['at the start', (s) => s, 0, 'present'],
  ['59 seconds into the start minute', (s) => s, 59, 'present'],
  ['a minute after the start', (s) => s + 1, 0, 'L'],
  ['in the last minute before the close', (_s, c) => c - 1, 59, 'L'],
  ['at the close', (_s, c) => c, 0, 'U'],
  ['a minute after the close', (_s, c) => c + 1, 0, 'U'],
];

/** One school day in British Summer Time and one in GMT. */
const DAYS = [
  ['BST', '2025-10-01', '+01:00'],
  ['GMT', '2026-01-14', '+00:00'],
] as const;

const schools = new Map<string, SchoolConfig>();
const school = (id: string): SchoolConfig => {
  const cached = schools.get(id) ?? seedSchool(id);
  schools.set(id, cached);
  return cached;
};

describe('decideArrival: each seed school’s own times, at every boundary', () => {
  const cases = SEED_TIMES.flatMap(([name, schoolId, who, part, start, closes]) =>
    DAYS.flatMap(([season, date, offset]) =>
      BOUNDARIES.map(([label, minuteOf, seconds, kind]) => {
        const s = wallTime(start);
        const c = wallTime(closes);
        const minute = minuteOf(s, c);
        return {
          title: `${name} ${part} (${start}–${closes}), ${season}: ${label}`,
          schoolId,
          who,
          session: { date: localDate(date), part },
          arrivedAt: wallInstant(date, offset, minute, seconds),
          expected: {
            code: kind === 'present' ? present(part) : kind,
            minutesLate: Math.max(0, minute - s),
            start: s,
            registerCloses: c,
          },
        };
      }),
    ),
  );

  it.each(cases)('$title', ({ schoolId, who, session, arrivedAt, expected }) => {
    expect(decideArrival(school(schoolId), who, session, arrivedAt)).toEqual({
      ok: true,
      value: expected,
    });
  });
});

describe('decideArrival: across the clock changes', () => {
  const stVincent = () => school('st-vincent');
  const am = (date: string) => ({ date: localDate(date), part: 'AM' as const });
  const pm = (date: string) => ({ date: localDate(date), part: 'PM' as const });

  it.each([
    ['Monday after the spring change (BST)', am('2026-03-30'), '2026-03-30T07:44:59Z', '/', 0],
    ['Monday after the spring change (BST)', am('2026-03-30'), '2026-03-30T07:45:59Z', '/', 0],
    ['Monday after the spring change (BST)', am('2026-03-30'), '2026-03-30T07:46:00Z', 'L', 1],
    ['Monday after the spring change (BST)', am('2026-03-30'), '2026-03-30T08:14:59Z', 'L', 29],
    ['Monday after the spring change (BST)', am('2026-03-30'), '2026-03-30T08:15:00Z', 'U', 30],
    ['Monday after the spring change (BST)', pm('2026-03-30'), '2026-03-30T12:00:30Z', '\\', 0],
    ['Monday after the spring change (BST)', pm('2026-03-30'), '2026-03-30T12:01:00Z', 'L', 1],
    ['Monday after the spring change (BST)', pm('2026-03-30'), '2026-03-30T12:15:00Z', 'U', 15],
    ['the spring change day itself', am('2026-03-29'), '2026-03-29T07:45:00Z', '/', 0],
    ['the spring change day itself', am('2026-03-29'), '2026-03-29T07:46:00Z', 'L', 1],
    ['the spring change day itself', am('2026-03-29'), '2026-03-29T08:15:00Z', 'U', 30],
    ['the Friday before the spring change (GMT)', am('2026-03-27'), '2026-03-27T07:46:00Z', '/', 0],
    ['the Friday before the spring change (GMT)', am('2026-03-27'), '2026-03-27T08:46:00Z', 'L', 1],
    ['the autumn change day itself', am('2025-10-26'), '2025-10-26T08:45:59Z', '/', 0],
    ['the autumn change day itself', am('2025-10-26'), '2025-10-26T08:46:00Z', 'L', 1],
    ['the autumn change day itself', am('2025-10-26'), '2025-10-26T09:15:00Z', 'U', 30],
    ['Monday after the autumn change (GMT)', am('2025-10-27'), '2025-10-27T07:46:00Z', '/', 0],
    ['Monday after the autumn change (GMT)', am('2025-10-27'), '2025-10-27T08:45:59Z', '/', 0],
    ['Monday after the autumn change (GMT)', am('2025-10-27'), '2025-10-27T08:46:00Z', 'L', 1],
    ['Monday after the autumn change (GMT)', am('2025-10-27'), '2025-10-27T09:15:00Z', 'U', 30],
    ['Monday after the autumn change (GMT)', pm('2025-10-27'), '2025-10-27T13:14:00Z', 'L', 14],
  ])('%s: %s %s arriving %s → %s', (_day, session, iso, code, minutesLate) => {
    const decision = decideArrival(stVincent(), group('6'), session, new Date(iso));
    expect(decision).toMatchObject({ ok: true, value: { code, minutesLate } });
  });
});

describe('decideArrival: the arrival must be on the session’s day, on the school’s calendar', () => {
  const session = { date: localDate('2025-10-01'), part: 'AM' as const };

  it('counts 00:30 BST as the session’s day although UTC says the day before', () => {
    const decision = decideArrival(
      school('st-vincent'),
      group('6'),
      session,
      Date.parse('2025-09-30T23:30:00Z'),
    );
    expect(decision).toMatchObject({ ok: true, value: { code: '/' } });
  });

  it.each([
    ['the evening before', '2025-09-30T22:59:00Z', '2025-09-30'],
    ['the next morning', '2025-10-02T07:40:00Z', '2025-10-02'],
  ])('refuses an arrival %s', (_case, iso, arrivalDate) => {
    expect(decideArrival(school('st-vincent'), group('6'), session, new Date(iso))).toEqual({
      ok: false,
      errors: [{ reason: 'arrival-not-on-session-day', sessionDate: '2025-10-01', arrivalDate }],
    });
  });
});

describe('decideArrival: a school in another time zone', () => {
  const raw = ST_VINCENT.schools[0];
  const parsed = parseSchoolConfig({
    ...raw,
    timeZone: 'Europe/Paris',
    sessions: {
      AM: { start: '08:30', registerCloses: '09:00' },
      PM: { start: '13:30', registerCloses: '14:00' },
    },
  });
  if (!parsed.ok) throw new Error('the Paris school should parse');
  const paris = parsed.value;

  it.each([
    ['winter, on time', '2026-01-14', 'AM', '2026-01-14T07:30:59Z', '/', 0],
    ['winter, late', '2026-01-14', 'AM', '2026-01-14T07:45:00Z', 'L', 15],
    ['winter, after the close', '2026-01-14', 'AM', '2026-01-14T08:00:00Z', 'U', 30],
    ['summer, late', '2026-06-17', 'AM', '2026-06-17T06:45:00Z', 'L', 15],
    ['summer afternoon, on time', '2026-06-17', 'PM', '2026-06-17T11:30:00Z', '\\', 0],
  ] as const)('%s', (_case, date, part, iso, code, minutesLate) => {
    const decision = decideArrival(
      paris,
      group('6'),
      { date: localDate(date), part },
      new Date(iso),
    );
    expect(decision).toMatchObject({ ok: true, value: { code, minutesLate } });
  });

  it('decides by the school’s own clock: the same instant is on time in London', () => {
    const session = { date: localDate('2026-01-14'), part: 'AM' as const };
    const instant = Date.parse('2026-01-14T07:45:00Z');
    const london = { ...school('st-vincent'), sessions: paris.sessions };
    expect(decideArrival(london, group('6'), session, instant)).toMatchObject({
      ok: true,
      value: { code: '/', minutesLate: 0 },
    });
  });
});

describe('decideArrival: agrees with a wall clock read through Intl', () => {
  const SCHOOL_GROUPS = [
    ['dothill-primary', group('5')],
    ['mary-bassett-lower', group('N1')],
    ['mary-bassett-lower', group('R')],
    ['mary-bassett-lower', group('2')],
    ['mary-bassett-lower', group('4')],
    ['heelands', group('3')],
    ['summerfield', group('3')],
    ['st-vincent', group('6')],
  ] as const;
  const FROM = Date.UTC(2024, 0, 1);
  const TO = Date.UTC(2028, 0, 1) - 1;
  // Mostly instants during the school day, where the decision is interesting.
  const instant = fc.oneof(
    fc.integer({ min: FROM, max: TO }),
    fc
      .tuple(fc.integer({ min: 0, max: 4 * 365 }), fc.integer({ min: 7 * 3600, max: 15 * 3600 }))
      .map(([day, second]) => FROM + day * 86_400_000 + second * 1000),
  );
  const zone = fc.constantFrom('Europe/London', 'Europe/Paris');

  it('for any instant in 2024–2027', () => {
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom(...SCHOOL_GROUPS),
        fc.constantFrom<SessionPart>('AM', 'PM'),
        zone,
        (ms, [schoolId, who], part, timeZone) => {
          const config = { ...school(schoolId), timeZone };
          const wall = intlWallClock(ms, timeZone);
          const { start, registerCloses } = sessionTimesFor(config, who, part);
          const expectedCode =
            wall.minutes <= start ? present(part) : wall.minutes < registerCloses ? 'L' : 'U';
          const session = { date: localDate(wall.date), part };
          expect(decideArrival(config, who, session, ms)).toEqual({
            ok: true,
            value: {
              code: expectedCode,
              minutesLate: Math.max(0, wall.minutes - start),
              start,
              registerCloses,
            },
          });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('refuses any instant on another day of the school’s calendar', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 1, max: 3 }), zone, (ms, daysOff, timeZone) => {
        const config = { ...school('st-vincent'), timeZone };
        const arrivalDate = intlWallClock(ms, timeZone).date;
        const sessionDate = intlWallClock(ms + daysOff * 86_400_000, timeZone).date;
        if (sessionDate === arrivalDate) return;
        const session = { date: localDate(sessionDate), part: 'AM' as const };
        expect(decideArrival(config, group('6'), session, new Date(ms))).toEqual({
          ok: false,
          errors: [{ reason: 'arrival-not-on-session-day', sessionDate, arrivalDate }],
        });
      }),
    );
  });
});
