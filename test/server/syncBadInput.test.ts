/**
 * Bad pushes: each gets a 4xx whose message names the problem, and none changes
 * anything stored: no mark_event row, the same register entries, the same device counter and the
 * same head of the log.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../src/shared/api/routes';
import type { PushEvent } from '../../src/shared/api/syncSchemas';
import type { AppEnv } from '../../src/server/http/appEnv';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp, HOUR, TestClient } from './fixtures';
import type { ManualClock } from './fixtures';
import {
  createSyncSchool,
  DATES,
  morningClock,
  signedInDevice,
  storedState,
  TODAY,
} from './syncFixtures';
import type { EventInput, SyncDevice, SyncSchool } from './syncFixtures';

// A shared 2-core machine runs both databases at once: give slow moments room.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
let school: SyncSchool;
let otherSchool: SyncSchool;
let app: Hono<AppEnv>;
let clock: ManualClock;
let teacher: SyncDevice;
let office: SyncDevice;
/** The teacher's first mark (stored in beforeAll), for amendments to build on. */
let firstMark: PushEvent;

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, { name: 'Riverside Primary' });
  otherSchool = await createSyncSchool(t.db, { name: 'Hillside Primary' });
  ({ app, clock } = createTestApp(t.db, { clock: morningClock() }));
  teacher = await signedInDevice(app, school.member('teacher'), { clock });
  office = await signedInDevice(app, school.member('office'), { clock });
  // Something stored already, so "nothing changed" compares real rows.
  const marks = teacher.register([school.pupil(0), school.pupil(1), school.pupil(2)], {
    code: 'N',
  });
  firstMark = marks[0] as PushEvent;
  await teacher.pushOk(marks);
}, 60_000);
afterAll(() => t.close());

/** Runs `act` and checks that nothing at either school changed. */
async function expectNothingStored(act: () => Promise<void>): Promise<void> {
  const before = [await storedState(t.db, school.id), await storedState(t.db, otherSchool.id)];
  await act();
  const after = [await storedState(t.db, school.id), await storedState(t.db, otherSchool.id)];
  expect(after).toEqual(before);
}

/** An event from `device` with its next number, without using the number up. */
function next(device: SyncDevice, input: EventInput): PushEvent {
  return device.event({ ...input, clientSeq: device.upcomingSeq });
}

async function postRaw(
  device: SyncDevice,
  rawBody: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
) {
  const res = await device.client.post(ROUTES.syncPush, undefined, { rawBody, headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('bodies that are not a push (400, 413, 415)', () => {
  it.each([
    [
      'a truncated object',
      '{"protocolVersion": 1, "events": [',
      /^The request body is not valid JSON \(.+\)\.$/,
    ],
    ['plain text', 'events=1', /^The request body is not valid JSON/],
    ['an empty body', '', /^The request body is empty; it must be a JSON object\.$/],
  ])('answers 400 malformed_json for %s', async (_name, raw, message) => {
    await expectNothingStored(async () => {
      const { status, body } = await postRaw(teacher, raw);
      expect(status).toBe(400);
      expect(body.reason).toBe('malformed_json');
      expect(body.message).toMatch(message);
    });
  });

  it('answers 415 for a body not sent as JSON', async () => {
    await expectNothingStored(async () => {
      const body = JSON.stringify(teacher.body([next(teacher, { pupilId: school.pupil(5) })]));
      const res = await postRaw(teacher, body, { 'content-type': 'text/plain' });
      expect(res.status).toBe(415);
      expect(res.body.reason).toBe('unsupported_media_type');
    });
  });

  const valid = () => next(teacher, { pupilId: school.pupil(5) });
  it.each<[string, () => unknown, string]>([
    [
      'an unknown field in the batch',
      () => ({ ...teacher.body([valid()]), sentAt: 'now' }),
      'sentAt is not a field this request accepts',
    ],
    [
      'an event id that is not a uuid',
      () => teacher.body([{ ...valid(), eventId: 'event-1' }]),
      'events.0.eventId',
    ],
    ['a clientSeq of 0', () => teacher.body([{ ...valid(), clientSeq: 0 }]), 'events.0.clientSeq'],
    [
      'another protocol version',
      () => ({ ...teacher.body([valid()]), protocolVersion: 2 }),
      'protocolVersion',
    ],
    ['no events', () => teacher.body([]), 'events'],
    [
      'two events with one clientSeq',
      () => teacher.body([valid(), valid()]),
      'The batch has two events with clientSeq 4; each event needs its own.',
    ],
    [
      'more than 500 events',
      () =>
        teacher.body(
          Array.from({ length: 501 }, (_, i) => ({
            ...valid(),
            eventId: randomUUID(),
            clientSeq: 4 + i,
          })),
        ),
      'events Too big: expected array to have <=500 items',
    ],
    [
      'an event without a readable clientSeq (the device could not be told which mark)',
      () => teacher.body([{ ...valid(), clientSeq: 'four' } as unknown as PushEvent]),
      'events.0.clientSeq',
    ],
  ])('answers 400 for %s, naming it', async (_name, body, message) => {
    await expectNothingStored(async () => {
      const res = await teacher.client.post(ROUTES.syncPush, body());
      const answer = (await res.json()) as { reason: string; message: string };
      expect(res.status, JSON.stringify(answer)).toBe(400);
      expect(answer.reason).toBe('invalid_request');
      expect(answer.message).toContain(message);
    });
  });

  // An event the device can be told about is refused on its own (422), never with the batch
  // (400): a 400 would come back for the same batch for ever and hold every later mark behind it.
  it.each<[string, () => PushEvent, string]>([
    [
      'an unknown field in an event',
      () => ({ ...valid(), role: 'admin' }) as PushEvent,
      'role is not a field this request accepts',
    ],
    ['a pupil id that is not a uuid', () => ({ ...valid(), pupilId: '42' }), 'pupilId'],
    [
      'a date that is not a calendar date',
      () => ({ ...valid(), session: { date: '2025-02-30', part: 'AM' } }),
      'session.date is not a calendar date (yyyy-MM-dd)',
    ],
    [
      'a session part that is not AM or PM',
      () => ({ ...valid(), session: { date: TODAY, part: 'EVE' } }) as unknown as PushEvent,
      'session.part',
    ],
    ['a code longer than any code', () => ({ ...valid(), code: 'PRESENT!!' }), 'code'],
    ['a reason over 500 characters', () => ({ ...valid(), reason: 'x'.repeat(501) }), 'reason'],
    [
      'a reason with a NUL character (PostgreSQL text cannot hold one)',
      () => ({ ...valid(), reason: 'Dentist\u0000' }),
      'reason must not contain the NUL character (U+0000)',
    ],
    [
      'a reason with a control character',
      () => ({ ...valid(), reason: 'Dentist\u0007' }),
      'reason must not contain a control character (U+0007, at character 8)',
    ],
    [
      'a missing field',
      () => {
        const { recordedAt: _omitted, ...rest } = valid();
        return rest as PushEvent;
      },
      'recordedAt is required',
    ],
    [
      'a recordedAt in the year 0000 (the database cannot hold it)',
      () => ({ ...valid(), recordedAt: '0000-01-01T00:00:00Z' }),
      "recordedAt is outside the times Tickmark accepts (the years 1970 to 2100); check the device's date and time",
    ],
    [
      'a recordedAt past the year 9999 once its offset is applied',
      () => ({ ...valid(), recordedAt: '9999-12-31T23:00:00-05:00' }),
      "recordedAt is outside the times Tickmark accepts (the years 1970 to 2100); check the device's date and time",
    ],
    [
      'a recordedAt before 1970 (before any reset clock shows)',
      () => ({ ...valid(), recordedAt: '1969-12-31T23:59:59Z' }),
      "recordedAt is outside the times Tickmark accepts (the years 1970 to 2100); check the device's date and time",
    ],
    [
      'an arrivedAt in 2101',
      () => ({ ...valid(), code: 'L', minutesLate: 5, arrivedAt: '2101-01-01T00:00:00Z' }),
      "arrivedAt is outside the times Tickmark accepts (the years 1970 to 2100); check the device's date and time",
    ],
    [
      'a session date before 2000',
      () => ({ ...valid(), session: { date: '1999-12-31', part: 'AM' } }),
      'session.date is outside the dates Tickmark accepts (2000-01-01 to 2100-12-31)',
    ],
    [
      'a session date after 2100',
      () => ({ ...valid(), session: { date: '2101-01-01', part: 'PM' } }),
      'session.date is outside the dates Tickmark accepts (2000-01-01 to 2100-12-31)',
    ],
  ])(
    'refuses a mark with %s on its own (422 events_rejected), naming the field',
    async (_name, build, message) => {
      const event = build();
      await expectNothingStored(async () => {
        const error = await teacher.pushError([event], 422);
        expect(error.reason).toBe('events_rejected');
        expect(error.message).toContain(`A mark was refused: ${message}`);
        expect(error.details).toMatchObject({
          expected: event.clientSeq,
          rejected: [{ eventId: event.eventId, clientSeq: event.clientSeq }],
        });
        const [rejected] = (error.details as { rejected: { message: string }[] }).rejected;
        expect(rejected?.message).toContain(message);
      });
    },
  );

  it('refuses only the unreadable mark of a mixed batch; the rest go through renumbered', async () => {
    const pupils = school.groups[0]?.pupilIds.slice(25, 28) ?? [];
    const start = teacher.upcomingSeq;
    const batch = teacher.register(pupils);
    const bad = { ...batch[1], recordedAt: '0000-01-01T00:00:00Z' } as PushEvent;
    const mixed = [batch[0], bad, batch[2]] as PushEvent[];
    await expectNothingStored(async () => {
      const error = await teacher.pushError(mixed, 422);
      expect(error.details).toEqual({
        expected: start,
        rejected: [
          {
            eventId: bad.eventId,
            clientSeq: start + 1,
            message:
              "recordedAt is outside the times Tickmark accepts (the years 1970 to 2100); check the device's date and time.",
          },
        ],
      });
    });
    const good = teacher.renumbered([mixed[0], mixed[2]] as PushEvent[], start);
    const answer = await teacher.pushOk(good);
    expect(answer.acks.map((a) => a.status)).toEqual(['applied', 'applied']);
  });

  it('answers a resend by its stored acknowledgement even when its fields would now be refused', async () => {
    // A mark stored before the ranges were checked comes back after a lost answer: it is in the
    // register under its number, so it is acknowledged as stored, never refused.
    const [stored] = teacher.register([school.pupil(29)]) as [PushEvent];
    const first = await teacher.pushOk([stored]);
    const resent = { ...stored, recordedAt: '1969-01-01T00:00:00Z' };
    const res = await teacher.client.post(ROUTES.syncPush, teacher.body([resent]));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { acks: unknown[] }).acks).toEqual(first.acks);
  });

  it('answers 413 for a body over 1 MB', async () => {
    await expectNothingStored(async () => {
      const events = Array.from({ length: 500 }, (_, i) =>
        next(teacher, { pupilId: school.pupil(5), clientSeq: 4 + i, reason: 'r'.repeat(500) }),
      );
      const raw = JSON.stringify(teacher.body(events)) + ' '.repeat(1024 * 1024);
      const { status, body } = await postRaw(teacher, raw);
      expect(status).toBe(413);
      expect(body.reason).toBe('payload_too_large');
      expect(body.message).toMatch(/at most 1024 KB|larger than 1024 KB/);
    });
  });
});

describe('marks that break the register’s rules (422, nothing stored)', () => {
  const refusals: [string, () => PushEvent, string][] = [
    [
      'an unknown code',
      () => next(teacher, { pupilId: school.pupil(5), code: 'QQ' }),
      "'QQ' is not an attendance code.",
    ],
    [
      'a code a teacher may not enter',
      () => next(teacher, { pupilId: school.pupil(5), code: 'C' }),
      "A teacher may not enter 'C' at Riverside Primary.",
    ],
    [
      'a code withdrawn in 2024',
      () => next(office, { pupilId: school.pupil(5), code: 'H' }),
      "'H' was withdrawn on 19 August 2024; use C for leave in exceptional circumstances.",
    ],
    [
      'a pupil of another school',
      () => next(teacher, { pupilId: otherSchool.pupil(0) }),
      "No pupil with this id is on this school's roll.",
    ],
    [
      'a pupil who does not exist',
      () => next(teacher, { pupilId: randomUUID() }),
      "No pupil with this id is on this school's roll.",
    ],
    [
      'a day before the pupil joined',
      () => next(office, { pupilId: school.pupil(5), date: '2024-07-15' }),
      "The pupil was not on this school's roll on 15 July 2024.",
    ],
    [
      'a weekend',
      () => next(teacher, { pupilId: school.pupil(5), date: '2025-03-01' }),
      '1 March 2025 is not a school day at Riverside Primary.',
    ],
    [
      'a day of the half-term holiday',
      () => next(teacher, { pupilId: school.pupil(5), date: DATES.halfTerm }),
      '19 February 2025 is not a school day at Riverside Primary.',
    ],
    [
      'a bank holiday',
      () => next(office, { pupilId: school.pupil(5), date: DATES.bankHoliday, code: 'M' }),
      '5 May 2025 is not a school day at Riverside Primary.',
    ],
    [
      'an INSET day (a planned closure)',
      () => next(office, { pupilId: school.pupil(5), date: DATES.inset, code: 'M' }),
      'Riverside Primary is closed for the session 7 March 2025 AM (a planned closure).',
    ],
    [
      'a teacher marking a day that has not come',
      () => next(teacher, { pupilId: school.pupil(5), date: DATES.tomorrow }),
      "The session 5 March 2025 AM has not happened yet, so its register cannot be taken. Check the tablet's date.",
    ],
    [
      'a session more than a year ahead',
      () => next(office, { pupilId: school.pupil(5), date: DATES.overAYearAhead, code: 'M' }),
      'The session 10 March 2026 AM is more than a year ahead.',
    ],
    [
      'an office amendment without a reason',
      () => next(office, { pupilId: school.pupil(0), code: 'M', baseEventId: firstMark.eventId }),
      "Give a reason for changing 'N' to 'M': every amendment is kept with its reason.",
    ],
    [
      'an office amendment whose reason is only spaces',
      () =>
        next(office, {
          pupilId: school.pupil(0),
          code: 'M',
          baseEventId: firstMark.eventId,
          reason: '   ',
        }),
      "Give a reason for changing 'N' to 'M': every amendment is kept with its reason.",
    ],
    [
      'minutes late with a code other than L or U',
      () => next(teacher, { pupilId: school.pupil(5), code: '/', minutesLate: 5 }),
      "Minutes late can only be recorded with L or U, not with '/'.",
    ],
    [
      'U that the arrival time makes L',
      () =>
        next(teacher, {
          pupilId: school.pupil(5),
          code: 'U',
          minutesLate: 3,
          arrivedAt: '2025-03-04T08:48:00.000Z',
        }),
      'An arrival at 08:48 is before the register closed at 09:15, so the mark is L, not U.',
    ],
    [
      'a mark by someone who never signed in on the tablet',
      () => next(teacher, { pupilId: school.pupil(5), actorStaffId: school.member('admin').id }),
      'This mark was made by someone who has not signed in on this device with a role at this school, so it cannot be accepted. Sign in online on this device, then mark again.',
    ],
    [
      'a mark by a member of staff of another school',
      () =>
        next(teacher, { pupilId: school.pupil(5), actorStaffId: otherSchool.member('teacher').id }),
      'This mark was made by someone who has not signed in on this device with a role at this school, so it cannot be accepted. Sign in online on this device, then mark again.',
    ],
  ];

  it.each(refusals)('refuses %s', async (_name, build, message) => {
    const event = build();
    const device = event.actorStaffId === school.member('office').id ? office : teacher;
    await expectNothingStored(async () => {
      const error = await device.pushError([event], 422);
      expect(error.reason).toBe('events_rejected');
      expect(error.message).toBe(
        `A mark was refused: ${message} Nothing from this batch was saved; send the other marks again.`,
      );
      expect(error.details).toEqual({
        expected: event.clientSeq,
        rejected: [{ eventId: event.eventId, clientSeq: event.clientSeq, message }],
      });
    });
  });

  it('refuses a mixed batch whole, then takes the good marks renumbered from `expected`', async () => {
    const pupils = school.groups[0]?.pupilIds.slice(10, 15) ?? [];
    const start = teacher.upcomingSeq;
    const batch = teacher.register(pupils);
    const bad = { ...batch[2], code: 'C' } as PushEvent;
    const alsoBad = { ...batch[4], session: { date: '2025-03-01', part: 'AM' } } as PushEvent;
    const mixed = [batch[0], batch[1], bad, batch[3], alsoBad] as PushEvent[];

    await expectNothingStored(async () => {
      const error = await teacher.pushError(mixed, 422);
      expect(error.message).toBe(
        '2 of 5 marks were refused; see details for each. Nothing from this batch was saved; send the other marks again.',
      );
      expect(error.details).toEqual({
        expected: start,
        rejected: [
          {
            eventId: bad.eventId,
            clientSeq: start + 2,
            message: "A teacher may not enter 'C' at Riverside Primary.",
          },
          {
            eventId: alsoBad.eventId,
            clientSeq: start + 4,
            message: '1 March 2025 is not a school day at Riverside Primary.',
          },
        ],
      });
    });

    const good = teacher.renumbered([mixed[0], mixed[1], mixed[3]] as PushEvent[], start);
    const answer = await teacher.pushOk(good);
    expect(answer.acks.map((a) => [a.eventId, a.clientSeq, a.status])).toEqual(
      good.map((e) => [e.eventId, e.clientSeq, 'applied']),
    );
    expect(answer.lastClientSeq).toBe(start + 2);
  });

  it('refuses a whole batch whose refused mark comes after marks that would apply', async () => {
    // The earlier events were inserted inside the transaction before the refusal: all rolled back.
    const events = [
      next(teacher, { pupilId: school.pupil(20) }),
      {
        ...next(teacher, { pupilId: school.pupil(21), code: 'C' }),
        clientSeq: teacher.upcomingSeq + 1,
      },
    ];
    await expectNothingStored(async () => {
      await teacher.pushError(events, 422);
    });
  });
});

describe('requests without the right to push', () => {
  const push = (client: TestClient, device: SyncDevice, options = {}) =>
    client.post(
      ROUTES.syncPush,
      device.body([next(device, { pupilId: school.pupil(6) })]),
      options,
    );

  it('answers 401 without a session cookie', async () => {
    await expectNothingStored(async () => {
      const res = await push(new TestClient(app), teacher);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        reason: 'not_signed_in',
        message: 'You are not signed in. Please sign in.',
      });
    });
  });

  it('answers 401 with a made-up session cookie', async () => {
    await expectNothingStored(async () => {
      const client = new TestClient(app);
      client.cookies.set('tickmark_session', 'not-a-real-token');
      expect((await push(client, teacher)).status).toBe(401);
    });
  });

  it('answers 401 once the session has expired', async () => {
    const own = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(own.app, school.member('teacher2'), { clock: own.clock });
    own.clock.advance(12 * HOUR + 1000);
    await expectNothingStored(async () => {
      const res = await push(tablet.client, tablet);
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        reason: 'not_signed_in',
        message: 'Your session has ended. Please sign in again.',
      });
    });
  });

  it.each([
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['no Origin', { origin: null }],
    ['an Origin of null', { origin: 'null' }],
  ])('answers 403 bad_origin for %s', async (_name, options) => {
    await expectNothingStored(async () => {
      const res = await push(teacher.client, teacher, options);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { reason: string }).reason).toBe('bad_origin');
    });
  });

  it('answers 403 device_mismatch for marks sent for another device', async () => {
    await expectNothingStored(async () => {
      const error = await teacher.pushError([next(teacher, { pupilId: school.pupil(6) })], 403, {
        deviceId: office.deviceId,
      });
      expect(error.reason).toBe('device_mismatch');
      expect(error.message).toContain('different device');
    });
  });

  // A revoked device whose session is otherwise live may still deliver its queued marks, flagged
  // (syncWithdrawnDevice.test.ts); once its person has signed out it may not.
  it('answers 401 once an admin has revoked the device and its person signed out', async () => {
    const own = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(own.app, school.member('teacher2'), { clock: own.clock });
    const admin = await signedInDevice(own.app, school.member('admin'), { clock: own.clock });
    const revoke = await admin.client.post(`/api/admin/devices/${tablet.deviceId}/revoke`);
    expect(revoke.status).toBe(200);
    const token = tablet.client.cookies.get('tickmark_session') ?? '';
    expect((await tablet.client.post(ROUTES.signOut)).status).toBe(200);
    tablet.client.cookies.set('tickmark_session', token);
    await expectNothingStored(async () => {
      const res = await push(tablet.client, tablet);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { reason: string }).reason).toBe('not_signed_in');
    });
  });
});

describe('a device that is not in a state to push', () => {
  it('answers 409 sequence_gap and stores nothing', async () => {
    await expectNothingStored(async () => {
      const error = await teacher.pushError(
        [teacher.event({ pupilId: school.pupil(7), clientSeq: teacher.upcomingSeq + 3 })],
        409,
      );
      expect(error).toMatchObject({
        reason: 'sequence_gap',
        details: { expected: teacher.upcomingSeq },
      });
    });
  });

  it('refuses pull and entries without a session (401)', async () => {
    const client = new TestClient(app);
    for (const path of [
      '/api/sync/pull?after=0',
      '/api/sync/snapshot',
      `/api/pupils/${school.pupil(0)}/entries?from=${TODAY}&to=${TODAY}`,
    ]) {
      expect((await client.get(path)).status).toBe(401);
    }
  });
});

describe('invisible formatting in a queued reason', () => {
  it('is stripped, not refused: the mark is stored and reads in the order it was typed', async () => {
    // A device of its own, so the numbers the tests above expect are not used up.
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const [mark] = tablet.register([school.pupil(7)], {
      code: 'N',
      reason: 'Dentist \u202Eetoner\u202C\u200B',
    });
    if (mark === undefined) throw new Error('no mark');
    await tablet.pushOk([mark]);
    const { rows } = await t.db.query<{ reason: string }>(
      'SELECT reason FROM mark_event WHERE event_id = $1',
      [mark.eventId],
    );
    expect(rows).toEqual([{ reason: 'Dentist etoner' }]);
  });
});
