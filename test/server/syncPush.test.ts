/**
 * POST /api/sync/push (docs/design.md §7.3): a batch applied once, in one transaction,
 * idempotent by (device, clientSeq) and by event id, with the rules re-checked on the server.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp, MINUTE } from './fixtures';
import {
  createSyncSchool,
  teachGroup,
  DATES,
  morningClock,
  signedInDevice,
  storedCount,
  storedEntry,
  storedState,
  TODAY,
} from './syncFixtures';
import type { SyncSchool } from './syncFixtures';

// A shared 2-core machine runs both databases at once: give slow moments room.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

/** A fresh school and app for each test, so numbers start at 1 and tests stay independent. */
async function setUp(at?: string) {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock(at) });
  const tablet = await signedInDevice(app, school.member('teacher'), { clock });
  return { school, app, clock, tablet };
}

const year3 = (school: SyncSchool) => school.groups[0]?.pupilIds ?? [];

describe('a full register', () => {
  it('applies 30 marks once each, numbered in device order, with one entry per pupil', async () => {
    const { school, tablet } = await setUp();
    const events = tablet.register(year3(school));
    expect(events).toHaveLength(30);

    const answer = await tablet.pushOk(events);

    expect(answer.acks.map((a) => a.status)).toEqual(events.map(() => 'applied'));
    expect(answer.acks.map((a) => a.eventId)).toEqual(events.map((e) => e.eventId));
    expect(answer.acks.map((a) => a.clientSeq)).toEqual(events.map((_, i) => i + 1));
    expect(answer.acks.map((a) => a.serverSeq)).toEqual(events.map((_, i) => i + 1));
    expect(answer.acks.every((a) => a.reason === null)).toBe(true);
    expect(answer.acks[0]?.entry).toEqual({
      code: '/',
      minutesLate: null,
      headEventId: events[0]?.eventId,
      headSeq: 1,
      headRole: 'teacher',
      needsReview: false,
    });
    expect(answer).toMatchObject({ lastClientSeq: 30, headSeq: 30 });
    expect(answer.serverTime).toBe('2025-03-04T08:50:00.000Z');

    const stored = await storedState(t.db, school.id);
    expect(stored.markEvents).toBe(30);
    expect(stored.headSeq).toBe(30);
    expect(stored.lastClientSeq[tablet.deviceId]).toBe(30);
    expect(stored.entries).toHaveLength(30);
    for (const [i, event] of events.entries()) {
      expect(await storedEntry(t.db, school.id, event.pupilId)).toEqual({
        code: '/',
        minutes_late: null,
        head_event_id: event.eventId,
        head_seq: i + 1,
        head_role: 'teacher',
        needs_review: false,
      });
    }
  });

  it('stores who marked it with the role from the server, not from the device', async () => {
    const { school, tablet } = await setUp();
    const [event] = tablet.register([school.pupil(0)]);
    if (event === undefined) throw new Error('no event');
    await tablet.pushOk([event]);
    const { rows } = await t.db.query(
      `SELECT actor_staff_id, actor_name, actor_role, device_id, client_seq, status, kind, payload_version
         FROM mark_event WHERE event_id = $1`,
      [event.eventId],
    );
    expect(rows).toEqual([
      {
        actor_staff_id: school.member('teacher').id,
        actor_name: school.member('teacher').name,
        actor_role: 'teacher',
        device_id: tablet.deviceId,
        client_seq: 1,
        status: 'applied',
        kind: 'mark',
        payload_version: 1,
      },
    ]);
  });
});

describe('resending', () => {
  it('answers a resent batch with the stored acks and stores nothing twice', async () => {
    const { school, tablet } = await setUp();
    const events = tablet.register(year3(school));
    const first = await tablet.pushOk(events);
    const before = await storedState(t.db, school.id);

    const second = await tablet.pushOk(events);
    const third = await tablet.pushOk(events);

    expect(second.acks).toEqual(first.acks);
    expect(third.acks).toEqual(first.acks);
    expect(second).toMatchObject({ lastClientSeq: 30, headSeq: 30 });
    expect(await storedState(t.db, school.id)).toEqual(before);
  });

  it('answers the same batch sent concurrently with identical acks, each event stored once', async () => {
    const { school, tablet } = await setUp();
    const events = tablet.register(year3(school));

    const answers = await Promise.all([1, 2, 3, 4].map(() => tablet.push(events)));

    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as {
      acks: { serverSeq: number; status: string }[];
    }[];
    for (const body of bodies) expect(body.acks).toEqual(bodies[0]?.acks);
    expect(bodies[0]?.acks.map((a) => a.serverSeq)).toEqual(events.map((_, i) => i + 1));
    expect(bodies[0]?.acks.every((a) => a.status === 'applied')).toBe(true);
    for (const event of events) expect(await storedCount(t.db, school.id, event.eventId)).toBe(1);
    const stored = await storedState(t.db, school.id);
    expect(stored).toMatchObject({ markEvents: 30, headSeq: 30 });
    expect(stored.lastClientSeq[tablet.deviceId]).toBe(30);
  });

  it('acknowledges a resend mixed with new events: old ones as stored, new ones applied', async () => {
    const { school, tablet } = await setUp();
    const pupils = year3(school);
    const firstFive = tablet.register(pupils.slice(0, 5));
    const first = await tablet.pushOk(firstFive);
    const next = tablet.register(pupils.slice(5, 8));

    const answer = await tablet.pushOk([...firstFive.slice(3), ...next]);

    expect(answer.acks.map((a) => [a.clientSeq, a.serverSeq, a.status])).toEqual([
      [4, 4, 'applied'],
      [5, 5, 'applied'],
      [6, 6, 'applied'],
      [7, 7, 'applied'],
      [8, 8, 'applied'],
    ]);
    expect(answer.acks.slice(0, 2)).toEqual(first.acks.slice(3));
    expect((await storedState(t.db, school.id)).markEvents).toBe(8);
  });

  it('acknowledges the same event queued again under a new clientSeq as it was first stored', async () => {
    const { school, tablet } = await setUp();
    const [event] = tablet.register([school.pupil(0)]);
    if (event === undefined) throw new Error('no event');
    const first = await tablet.pushOk([event]);

    const again = { ...event, clientSeq: tablet.upcomingSeq };
    tablet.renumberFrom(again.clientSeq + 1);
    const answer = await tablet.pushOk([again]);

    expect(answer.acks).toEqual([{ ...first.acks[0], clientSeq: 2 }]);
    expect(answer.lastClientSeq).toBe(2);
    expect(await storedCount(t.db, school.id, event.eventId)).toBe(1);
    // Its new number is now used up: resending that one is a duplicate too, not a new event.
    const resend = await tablet.pushOk([again]);
    expect(resend.acks).toEqual(answer.acks);
    expect((await storedState(t.db, school.id)).markEvents).toBe(1);
  });

  it('refuses a different event under a number already used (409 client_seq_reused)', async () => {
    const { school, tablet } = await setUp();
    const [event] = tablet.register([school.pupil(0)]);
    if (event === undefined) throw new Error('no event');
    await tablet.pushOk([event]);
    const before = await storedState(t.db, school.id);

    const impostor = tablet.event({ pupilId: school.pupil(1), clientSeq: 1 });
    const error = await tablet.pushError([impostor], 409);

    expect(error.reason).toBe('client_seq_reused');
    expect(error.message).toContain('clientSeq 1');
    expect(await storedState(t.db, school.id)).toEqual(before);
  });
});

describe('a gap in the numbering', () => {
  it('answers 409 sequence_gap with the number expected, and commits nothing from the batch', async () => {
    const { school, tablet } = await setUp();
    const pupils = year3(school);
    await tablet.pushOk(tablet.register(pupils.slice(0, 2)));
    const before = await storedState(t.db, school.id);

    // 3 and 4 are fine, 6 skips 5: the whole batch is refused, 3 and 4 included.
    const three = tablet.event({ pupilId: pupils[2] ?? '' });
    const four = tablet.event({ pupilId: pupils[3] ?? '' });
    const six = tablet.event({ pupilId: pupils[4] ?? '', clientSeq: 6 });
    const error = await tablet.pushError([three, four, six], 409);

    expect(error).toMatchObject({ reason: 'sequence_gap', details: { expected: 5 } });
    expect(error.message).toBe('Events must arrive in order: expected clientSeq 5, got 6.');
    expect(await storedState(t.db, school.id)).toEqual(before);
    expect(await storedCount(t.db, school.id, three.eventId)).toBe(0);
  });

  it('answers 409 for a first push that does not start at 1', async () => {
    const { school, tablet } = await setUp();
    const error = await tablet.pushError(
      [tablet.event({ pupilId: school.pupil(0), clientSeq: 2 })],
      409,
    );
    expect(error.details).toEqual({ expected: 1 });
    expect((await storedState(t.db, school.id)).markEvents).toBe(0);
  });

  it('accepts a batch whose events arrive out of order, applying them in clientSeq order', async () => {
    const { school, tablet } = await setUp();
    const events = tablet.register(year3(school).slice(0, 4));
    const answer = await tablet.pushOk([...events].reverse());
    expect(answer.acks.map((a) => [a.clientSeq, a.serverSeq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
  });
});

describe('a mark and an amendment in one batch', () => {
  it('applies a teacher mark and their own correction built on it (no reason while open)', async () => {
    const { school, tablet } = await setUp();
    const mark = tablet.event({ pupilId: school.pupil(0), code: 'N' });
    const correction = tablet.event({
      pupilId: school.pupil(0),
      code: 'L',
      minutesLate: 3,
      arrivedAt: '2025-03-04T08:48:10.000Z',
      baseEventId: mark.eventId,
    });

    const answer = await tablet.pushOk([mark, correction]);

    expect(answer.acks.map((a) => [a.status, a.serverSeq])).toEqual([
      ['applied', 1],
      ['applied', 2],
    ]);
    expect(answer.acks[1]?.entry).toMatchObject({ code: 'L', minutesLate: 3, headSeq: 2 });
    expect(await storedEntry(t.db, school.id, school.pupil(0))).toMatchObject({
      code: 'L',
      minutes_late: 3,
      head_event_id: correction.eventId,
      needs_review: false,
    });
    await teachGroup(t.db, school.member('teacher'), school.groups[0]);
    const history = await tablet.entries(school.pupil(0), TODAY, TODAY);
    expect(history.entries[0]?.original).toMatchObject({ code: 'N', minutesLate: null });
    expect(history.entries[0]?.amendments).toEqual([
      expect.objectContaining({
        from: { code: 'N', minutesLate: null },
        to: { code: 'L', minutesLate: 3 },
        reason: null,
        by: expect.objectContaining({ role: 'teacher' }),
      }),
    ]);
  });

  it('applies an office mark and its amendment with a reason', async () => {
    const { school, app, clock } = await setUp();
    const office = await signedInDevice(app, school.member('office'), { clock });
    const mark = office.event({ pupilId: school.pupil(0), code: 'N' });
    const amend = office.event({
      pupilId: school.pupil(0),
      code: 'I',
      reason: 'Mum phoned: ear infection',
      baseEventId: mark.eventId,
    });
    const answer = await office.pushOk([mark, amend]);
    expect(answer.acks.map((a) => a.status)).toEqual(['applied', 'applied']);
    expect(answer.acks[1]?.entry).toMatchObject({ code: 'I', headRole: 'office' });
  });
});

describe('pull after push', () => {
  it('returns the pushed events in server order with who made them', async () => {
    const { school, tablet } = await setUp();
    const events = tablet.register(year3(school).slice(0, 10));
    const answer = await tablet.pushOk(events);

    const pulled = await tablet.pull({ after: 0 });
    if (pulled.kind !== 'events') throw new Error('expected events');
    expect(pulled.events.map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
    expect(pulled.events.map((e) => e.serverSeq)).toEqual(answer.acks.map((a) => a.serverSeq));
    expect(pulled).toMatchObject({ nextCursor: 10, headSeq: 10, hasMore: false });
    expect(pulled.events[0]).toMatchObject({
      pupilId: events[0]?.pupilId,
      session: { date: TODAY, part: 'AM' },
      code: '/',
      actor: { staffId: school.member('teacher').id, role: 'teacher' },
      deviceId: tablet.deviceId,
      status: 'applied',
      receivedAt: '2025-03-04T08:50:00.000Z',
    });

    // A pull from the middle returns only what came after.
    const rest = await tablet.pull({ after: 7 });
    if (rest.kind !== 'events') throw new Error('expected events');
    expect(rest.events.map((e) => e.serverSeq)).toEqual([8, 9, 10]);
  });
});

describe('L and U re-checked against the arrival the device saw (one arrival rule)', () => {
  it.each([
    ['L, 10 minutes after the start', '2025-03-04T08:55:00.000Z', 'L', 10],
    ['L, one minute before the close', '2025-03-04T09:14:59.000Z', 'L', 29],
    ['U, at the close', '2025-03-04T09:15:00.000Z', 'U', 30],
    ['U, long after the close', '2025-03-04T10:40:00.000Z', 'U', 115],
  ])('accepts %s', async (_name, arrivedAt, code, minutesLate) => {
    const { school, tablet, clock } = await setUp();
    clock.set('2025-03-04T11:00:00Z');
    const answer = await tablet.pushOk([
      tablet.event({
        pupilId: school.pupil(0),
        code,
        minutesLate,
        arrivedAt,
        recordedAt: arrivedAt,
      }),
    ]);
    expect(answer.acks[0]).toMatchObject({ status: 'applied', entry: { code, minutesLate } });
  });

  it.each([
    [
      'L for an arrival at the close',
      '2025-03-04T09:15:00.000Z',
      'L',
      30,
      'An arrival at 09:15 is after the register closed at 09:15, so the mark is U, not L.',
    ],
    [
      'U for an arrival before the close',
      '2025-03-04T09:00:00.000Z',
      'U',
      15,
      'An arrival at 09:00 is before the register closed at 09:15, so the mark is L, not U.',
    ],
    [
      'L for an arrival in the start minute',
      '2025-03-04T08:45:30.000Z',
      'L',
      0,
      'An arrival at 08:45 is by the start at 08:45, so the pupil is on time, not L.',
    ],
    [
      'the wrong minutes late',
      '2025-03-04T08:55:00.000Z',
      'L',
      5,
      'An arrival at 08:55 is 10 minutes after the start at 08:45, not 5.',
    ],
    [
      'an arrival on another day',
      '2025-03-03T08:55:00.000Z',
      'L',
      10,
      "The arrival time is on 3 March 2025, not on the session's day (4 March 2025).",
    ],
  ])('refuses %s (422, nothing stored)', async (_name, arrivedAt, code, minutesLate, message) => {
    const { school, tablet, clock } = await setUp();
    clock.set('2025-03-04T11:00:00Z');
    const before = await storedState(t.db, school.id);
    const event = tablet.event({ pupilId: school.pupil(0), code, minutesLate, arrivedAt });

    const error = await tablet.pushError([event], 422);

    expect(error.reason).toBe('events_rejected');
    expect(error.message).toBe(
      `A mark was refused: ${message} Nothing from this batch was saved; send the other marks again.`,
    );
    expect(error.details).toEqual({
      expected: 1,
      rejected: [{ eventId: event.eventId, clientSeq: 1, message }],
    });
    expect(await storedState(t.db, school.id)).toEqual(before);
  });

  // Each way a client could walk round the arrival rule (docs/api.md, "The arrival rule").
  // The afternoon register is open 15 minutes (13:00 to 13:15), the morning 30.
  it.each([
    [
      'L with no arrival time but 25 minutes late on a 15-minute register',
      { part: 'PM', code: 'L', minutesLate: 25, arrivedAt: null },
      'An arrival at 13:25 is after the register closed at 13:15, so the mark is U, not L.',
    ],
    [
      'a present mark with an arrival time after the close',
      { part: 'AM', code: '/', minutesLate: null, arrivedAt: '2025-03-04T09:20:00.000Z' },
      'An arrival at 09:20 is after the register closed at 09:15, so the mark is U, not /.',
    ],
    [
      'U inside the window, with no arrival time',
      { part: 'AM', code: 'U', minutesLate: 10, arrivedAt: null },
      'An arrival at 08:55 is before the register closed at 09:15, so the mark is L, not U.',
    ],
    [
      'minutes late that do not match the arrival',
      { part: 'AM', code: 'L', minutesLate: 2, arrivedAt: '2025-03-04T08:55:00.000Z' },
      'An arrival at 08:55 is 10 minutes after the start at 08:45, not 2.',
    ],
    [
      'an arrival time in the future',
      { part: 'PM', code: 'U', minutesLate: 90, arrivedAt: '2025-03-04T14:30:00.000Z' },
      'An arrival at 14:30 has not happened yet (it is 14:00 on 4 March 2025). Enter the time the pupil arrived.',
    ],
    [
      'minutes late that put the arrival in the future',
      { part: 'PM', code: 'U', minutesLate: 75, arrivedAt: null },
      'An arrival at 14:15 has not happened yet (it is 14:00 on 4 March 2025). Enter the time the pupil arrived.',
    ],
  ] as const)('refuses %s (422, nothing stored)', async (_name, mark, message) => {
    const { school, tablet, clock } = await setUp();
    clock.set('2025-03-04T14:00:00Z');
    const before = await storedState(t.db, school.id);
    const event = tablet.event({ pupilId: school.pupil(0), ...mark });

    const error = await tablet.pushError([event], 422);

    expect(error.reason).toBe('events_rejected');
    expect(error.details).toEqual({
      expected: 1,
      rejected: [{ eventId: event.eventId, clientSeq: 1, message }],
    });
    expect(await storedState(t.db, school.id)).toEqual(before);
  });

  it('accepts L and U from their minutes late alone, as the window gives them', async () => {
    const { school, tablet, clock } = await setUp();
    clock.set('2025-03-04T11:00:00Z');
    const answer = await tablet.pushOk([
      tablet.event({ pupilId: school.pupil(0), code: 'L', minutesLate: 29 }),
      tablet.event({ pupilId: school.pupil(1), code: 'U', minutesLate: 30 }),
    ]);
    expect(answer.acks.map((a) => a.entry)).toMatchObject([
      { code: 'L', minutesLate: 29 },
      { code: 'U', minutesLate: 30 },
    ]);
  });

  it('judges the arrival by the school clock in British Summer Time', async () => {
    const { school, tablet } = await setUp(`${DATES.bstDay}T12:00:00Z`);
    // 07:55 UTC is 08:55 in London in May: 10 minutes late, not U.
    const late = tablet.event({
      pupilId: school.pupil(0),
      date: DATES.bstDay,
      code: 'L',
      minutesLate: 10,
      arrivedAt: `${DATES.bstDay}T07:55:00.000Z`,
    });
    expect((await tablet.pushOk([late])).acks[0]?.status).toBe('applied');

    // A device that took 08:55 UTC for 08:55 local claims L, but that is 09:55 BST.
    const wrongZone = tablet.event({
      pupilId: school.pupil(1),
      date: DATES.bstDay,
      code: 'L',
      minutesLate: 10,
      arrivedAt: `${DATES.bstDay}T08:55:00.000Z`,
    });
    const error = await tablet.pushError([wrongZone], 422);
    expect(error.details).toMatchObject({
      rejected: [
        {
          message:
            'An arrival at 09:55 is after the register closed at 09:15, so the mark is U, not L.',
        },
      ],
    });
  });

  it("uses the group's own register times (the nursery starts at 09:00)", async () => {
    const { school, tablet } = await setUp('2025-03-04T09:30:00Z');
    const nursery = school.groups[1]?.pupilIds[0] ?? '';
    const answer = await tablet.pushOk([
      tablet.event({
        pupilId: nursery,
        code: 'L',
        minutesLate: 5,
        arrivedAt: '2025-03-04T09:05:00.000Z',
      }),
    ]);
    expect(answer.acks[0]?.status).toBe('applied');
    // The same arrival in Year 3 (start 08:45) is 20 minutes late, not 5.
    const error = await tablet.pushError(
      [
        tablet.event({
          pupilId: school.pupil(0),
          code: 'L',
          minutesLate: 5,
          arrivedAt: '2025-03-04T09:05:00.000Z',
        }),
      ],
      422,
    );
    expect(JSON.stringify(error.details)).toContain('is 20 minutes after the start at 08:45');
  });
});

describe('clock evidence', () => {
  it("stores the device's own time and clock offset, and the server's time of receipt", async () => {
    const { school, tablet, clock } = await setUp();
    clock.advance(7 * MINUTE);
    const event = tablet.event({
      pupilId: school.pupil(0),
      // The tablet's clock is 1 hour 2 minutes behind: it thinks it is 07:55.
      recordedAt: '2025-03-04T07:55:00.000Z',
    });
    await tablet.pushOk([event], { clockOffsetMs: 62 * MINUTE });

    const { rows } = await t.db.query<{
      recorded_at_device: Date;
      clock_offset_ms: number;
      received_at: Date;
    }>(
      'SELECT recorded_at_device, clock_offset_ms, received_at FROM mark_event WHERE event_id = $1',
      [event.eventId],
    );
    expect(rows[0]?.recorded_at_device.toISOString()).toBe('2025-03-04T07:55:00.000Z');
    expect(rows[0]?.clock_offset_ms).toBe(62 * MINUTE);
    expect(rows[0]?.received_at.toISOString()).toBe('2025-03-04T08:57:00.000Z');
  });

  it('stores an unknown offset as null', async () => {
    const { school, tablet } = await setUp();
    const event = tablet.event({ pupilId: school.pupil(0) });
    await tablet.pushOk([event], { clockOffsetMs: null });
    const { rows } = await t.db.query(
      'SELECT clock_offset_ms FROM mark_event WHERE event_id = $1',
      [event.eventId],
    );
    expect(rows).toEqual([{ clock_offset_ms: null }]);
  });

  it('stores the offset of a tablet whose clock is months out (a reset tablet)', async () => {
    const { school, tablet } = await setUp();
    // A tablet that lost power and came back in January 2024: about 14 months slow.
    const offset = Date.parse('2025-03-04T08:50:00Z') - Date.parse('2024-01-01T00:00:00Z');
    const event = tablet.event({
      pupilId: school.pupil(0),
      recordedAt: '2024-01-01T00:00:00.000Z',
    });
    const answer = await tablet.pushOk([event], { clockOffsetMs: offset });
    expect(answer.acks[0]?.status).toBe('applied');
    const { rows } = await t.db.query<{ clock_offset_ms: number | string }>(
      'SELECT clock_offset_ms FROM mark_event WHERE event_id = $1',
      [event.eventId],
    );
    expect(Number(rows[0]?.clock_offset_ms)).toBe(offset);
  });
});
