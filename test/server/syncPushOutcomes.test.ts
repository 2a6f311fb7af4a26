/**
 * No value that passes validation can stick a tablet's queue: a push whose dates and times are
 * anything a JSON string can hold (the year 0000, a year past 9999 once its offset is applied, an
 * offset no clock shows, the edges of the accepted ranges) is either acknowledged, refused
 * with a 4xx that names the bad field, or answered 503; never 500. A 500 is retried for ever by
 * the tablet and holds every later mark behind it.
 *
 * Each batch carries events built valid by a tablet and then given one date or time from the
 * generators below. Runs in the `server` project, on PostgreSQL.
 */
import fc from 'fast-check';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PushEvent } from '../../src/shared/api/syncSchemas';
import { EARLIEST_WIRE_DATE, LATEST_WIRE_DATE } from '../../src/shared/api/wireTime';
import type { AppEnv } from '../../src/server/http/appEnv';
import { createTestApp } from './fixtures';
import type { ManualClock } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createSyncSchool, DATES, morningClock, signedInDevice, TODAY } from './syncFixtures';
import type { SyncDevice, SyncSchool } from './syncFixtures';

// A shared 2-core machine runs both databases at once: give slow moments room.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 60_000 });

let t: TestDatabase;
let app: Hono<AppEnv>;
let clock: ManualClock;
let school: SyncSchool;
let office: SyncDevice;
let teacher: SyncDevice;
beforeAll(async () => {
  t = await openTestDatabase();
  ({ app, clock } = createTestApp(t.db, { clock: morningClock() }));
  school = await createSyncSchool(t.db);
  teacher = await signedInDevice(app, school.member('teacher'), { clock });
  office = await signedInDevice(app, school.member('office'), { clock });
}, 60_000);
afterAll(() => t.close());

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** `yyyy-MM-dd` for any four-digit year, calendar-valid or not (months 1–12, days 1–31). */
const anyDate = fc
  .record({
    year: fc.oneof(
      fc.integer({ min: 0, max: 9999 }),
      fc.constantFrom(0, 1, 99, 100, 1899, 1970, 1999, 2000, 2100, 2101, 9999),
    ),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
  })
  .map(({ year, month, day }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);

/** An ISO instant with any four-digit year and any offset a datetime string may carry. */
const anyInstant = fc
  .record({
    date: anyDate,
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.integer({ min: 0, max: 59 }),
    offset: fc.oneof(
      fc.constant('Z'),
      fc
        .record({ sign: fc.constantFrom('+', '-'), h: fc.integer({ min: 0, max: 23 }) })
        .map(({ sign, h }) => `${sign}${pad(h, 2)}:00`),
    ),
  })
  .map(({ date, hour, minute, offset }) => `${date}T${pad(hour, 2)}:${pad(minute, 2)}:00${offset}`);

/** Dates a school really uses, the edges of the accepted range, and anything else. */
const sessionDate = fc.oneof(
  fc.constantFrom(TODAY, DATES.yesterday, EARLIEST_WIRE_DATE, LATEST_WIRE_DATE, '1999-12-31'),
  fc.constantFrom('2101-01-01', '0000-01-01', '0001-01-01', '9999-12-31'),
  anyDate,
);
const instant = fc.oneof(
  fc.constantFrom(
    '2025-03-04T08:50:00.000Z',
    '0000-01-01T00:00:00Z',
    '0001-01-01T00:00:00+05:00',
    '9999-12-31T23:00:00-05:00',
    '1970-01-01T00:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '1999-12-31T23:59:59.999Z',
    '2000-01-01T00:00:00Z',
    '2100-12-31T23:59:59Z',
    '2101-01-01T00:00:00Z',
    '2100-12-31T23:30:00-01:00',
  ),
  anyInstant,
);

/** Which date or time of the event the generated value replaces. */
const timeField = fc.oneof(
  sessionDate.map((value) => ({ field: 'session.date', value })),
  instant.map((value) => ({ field: 'recordedAt', value })),
  instant.map((value) => ({ field: 'arrivedAt', value })),
);

function withTime(event: PushEvent, change: { field: string; value: string }): PushEvent {
  if (change.field === 'session.date') {
    return { ...event, session: { ...event.session, date: change.value } };
  }
  if (change.field === 'arrivedAt') {
    return { ...event, code: 'L', minutesLate: 5, arrivedAt: change.value };
  }
  return { ...event, recordedAt: change.value };
}

describe('a push with any date or time', () => {
  it('is acknowledged, refused with a 4xx naming the bad field, or answered 503; never 500', async () => {
    const outcomes = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.array(fc.record({ pupil: fc.nat(34), change: fc.option(timeField) }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (asOffice, specs) => {
          const device = asOffice ? office : teacher;
          const start = device.upcomingSeq;
          const events = specs.map((spec, i) => {
            const base = device.event({
              pupilId: school.pupilIds[spec.pupil] ?? school.pupil(0),
              clientSeq: start + i,
              ...(asOffice ? { code: 'M', reason: 'Office entry' } : {}),
            });
            return spec.change === null ? base : withTime(base, spec.change);
          });
          const res = await device.push(events);
          const text = await res.text();
          const sent = JSON.stringify(events);
          outcomes.set(String(res.status), (outcomes.get(String(res.status)) ?? 0) + 1);
          expect([200, 400, 409, 422, 503], `${res.status} ${text} for ${sent}`).toContain(
            res.status,
          );
          const body = JSON.parse(text) as {
            acks?: unknown[];
            reason?: string;
            message?: string;
            details?: { expected?: number; rejected?: { clientSeq: number; message: string }[] };
          };
          if (res.status === 200) {
            expect(body.acks).toHaveLength(events.length);
            device.renumberFrom(start + events.length);
            return;
          }
          if (res.status === 422) {
            expect(body.reason).toBe('events_rejected');
            const rejected = body.details?.rejected ?? [];
            expect(rejected.length).toBeGreaterThan(0);
            for (const r of rejected) {
              const spec = specs[r.clientSeq - start];
              expect(spec, `a refusal names an event that was sent: ${text}`).toBeDefined();
              // A value outside the accepted range is refused naming its field.
              if (spec?.change != null && isOutOfRange(spec.change)) {
                expect(r.message, `${text} for ${sent}`).toContain(spec.change.field);
              }
            }
            device.renumberFrom(body.details?.expected ?? start);
            return;
          }
          // 400 (the batch could not be read), 409 or 503: nothing stored, same numbers again.
          expect(typeof body.message).toBe('string');
          device.renumberFrom(start);
        },
      ),
      { numRuns: 120 },
    );
    // The property reached both sides: marks were stored and marks were refused.
    expect(outcomes.get('200') ?? 0).toBeGreaterThan(0);
    expect(outcomes.get('422') ?? 0).toBeGreaterThan(0);
  });
});

/**
 * Whether the generated value is one the wire schema refuses: a bad format, out of range, or (for
 * an instant) an offset no clock shows (west of −12:00, east of +14:00).
 */
function isOutOfRange(change: { field: string; value: string }): boolean {
  if (change.field === 'session.date') {
    const ms = Date.parse(`${change.value}T00:00:00Z`);
    return (
      Number.isNaN(ms) ||
      new Date(ms).toISOString().slice(0, 10) !== change.value ||
      change.value < EARLIEST_WIRE_DATE ||
      change.value > LATEST_WIRE_DATE
    );
  }
  const ms = Date.parse(change.value);
  const offset = /([+-])(\d{2}):00$/.exec(change.value);
  const offsetHours = Number(offset?.[2] ?? 0);
  return (
    Number.isNaN(ms) ||
    offsetHours > (offset?.[1] === '+' ? 14 : 12) ||
    ms < Date.parse('1970-01-01T00:00:00Z') ||
    ms >= Date.parse('2101-01-01T00:00:00Z')
  );
}
