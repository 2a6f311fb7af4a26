/**
 * Group commit (src/server/sync/pushService.ts, push/pushGroup.ts): a school's pushes that arrive
 * while its previous group is applied go together in one transaction, each decided as it would
 * be alone and answered with its own outcome. A push whose batch-mate is refused, has a gap or
 * comes from another school's device is still answered as alone; a group whose transaction dies
 * before it commits loses nothing: each push is applied again on its own, once.
 *
 * The pushes are handed to the service directly, so a test knows which arrived during which
 * group: the first is held inside its transaction (a gate on the database) while the others
 * arrive. The devices are real, signed in through the API.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Queryable } from '../../src/server/db/database';
import { ApiError } from '../../src/server/http/apiError';
import { GROUP_STALL_MS, PushService } from '../../src/server/sync/pushService';
import {
  SYNC_PROTOCOL_VERSION,
  type PushEvent,
  type PushResponse,
} from '../../src/shared/api/syncSchemas';
import { createTestApp } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import {
  countingDatabase,
  createSyncSchool,
  gatedDatabase,
  morningClock,
  signedInDevice,
  storedCount,
  storedState,
  type SyncDevice,
  type SyncSchool,
} from './syncFixtures';

// A shared 2-core machine runs both databases at once: give slow moments room.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

interface Setup {
  readonly school: SyncSchool;
  readonly tablets: SyncDevice[];
  readonly now: Date;
}

/** A school and `n` tablets signed in by its teachers (each its own device). */
async function setUp(n: number): Promise<Setup> {
  const school = await createSyncSchool(t.db);
  const clock = morningClock();
  const { app } = createTestApp(t.db, { clock });
  const tablets: SyncDevice[] = [];
  for (let i = 0; i < n; i += 1) {
    tablets.push(
      await signedInDevice(app, school.member(i % 2 === 0 ? 'teacher' : 'teacher2'), { clock }),
    );
  }
  return { school, tablets, now: clock.now() };
}

/** Hands `events` from `tablet` to the service, as the push route does. */
function push(
  service: PushService,
  setup: Setup,
  tablet: SyncDevice,
  events: readonly PushEvent[],
): Promise<PushResponse> {
  return service.push(
    { schoolId: setup.school.id, deviceId: tablet.deviceId, now: setup.now },
    {
      protocolVersion: SYNC_PROTOCOL_VERSION,
      deviceId: tablet.deviceId,
      clockOffsetMs: 0,
      events: [...events],
    },
  );
}

/** The push's answer, or the error it was refused with, caught as it comes. */
function settle(answer: Promise<PushResponse>): Promise<PushResponse | ApiError> {
  return answer.catch((err: unknown) => {
    if (err instanceof ApiError) return err;
    throw err;
  });
}

function answered(result: PushResponse | ApiError | undefined): PushResponse {
  if (result === undefined || result instanceof ApiError)
    throw new Error(`expected an answer, got ${result?.message ?? 'nothing'}`);
  return result;
}

function refusedWith(result: PushResponse | ApiError | undefined): ApiError {
  if (!(result instanceof ApiError)) throw new Error('expected the push to be refused');
  return result;
}

/** Every stored event of the school as [serverSeq, eventId], in server order. */
async function storedLog(db: Queryable, schoolId: string): Promise<[number, string][]> {
  const { rows } = await db.query<{ server_seq: number; event_id: string }>(
    'SELECT server_seq, event_id FROM mark_event WHERE school_id = $1 ORDER BY server_seq',
    [schoolId],
  );
  return rows.map((r) => [r.server_seq, r.event_id]);
}

describe('pushes that arrive while a group is applied', () => {
  it('go together as the next group, each decided in turn and answered with its own acks', async () => {
    const setup = await setUp(4);
    const [a, b, c, d] = setup.tablets as [SyncDevice, SyncDevice, SyncDevice, SyncDevice];
    const pupils = setup.school.groups[0]?.pupilIds ?? [];
    const counted = countingDatabase(t.db);
    const gated = gatedDatabase(counted.db, /sync_head/);
    const service = new PushService(gated.db);

    const gate = gated.arm();
    const first = push(service, setup, a, a.register(pupils.slice(0, 2)));
    await gate.reached;
    // Three devices arrive meanwhile; b's second push must wait for its first to be stored.
    const markB = b.event({ pupilId: pupils[5] ?? '', code: '/' });
    const second = [
      push(service, setup, b, [markB]),
      push(service, setup, c, c.register(pupils.slice(2, 4))),
      push(service, setup, b, [
        b.event({ pupilId: pupils[5] ?? '', code: 'N', baseEventId: markB.eventId }),
      ]),
      push(service, setup, d, d.register(pupils.slice(4, 5))),
    ];
    gate.release();
    const answers = await Promise.all([first, ...second]);

    expect(answers.map((r) => r.acks.map((ack) => ack.serverSeq))).toEqual([
      [1, 2],
      [3],
      [4, 5],
      [7], // b's second push: in the group after, behind d
      [6],
    ]);
    expect(answers.map((r) => r.lastClientSeq)).toEqual([2, 1, 2, 2, 1]);
    expect(answers[2]?.headSeq).toBe(6);
    expect(answers[3]?.acks[0]?.entry).toMatchObject({ code: 'N', headSeq: 7 });
    // a alone, then b, c and d together, then b's second push.
    expect(counted.transactions()).toBe(3);
    const state = await storedState(t.db, setup.school.id);
    expect(state).toMatchObject({ markEvents: 7, headSeq: 7 });
    expect(state.lastClientSeq).toEqual({
      [a.deviceId]: 2,
      [b.deviceId]: 2,
      [c.deviceId]: 2,
      [d.deviceId]: 1,
    });
  });
});

describe('a group that gets no answer from the database', () => {
  it('holds the school’s next pushes for at most GROUP_STALL_MS, then they go beside it', async () => {
    const setup = await setUp(2);
    const [a, b] = setup.tablets as [SyncDevice, SyncDevice];
    const pupils = setup.school.groups[0]?.pupilIds ?? [];
    // a's group stops once its device row is locked, as a group whose connection fell into a
    // silent partition waits (for the client's query limit, over a minute) before it fails.
    const gated = gatedDatabase(t.db, /FOR UPDATE/);
    const service = new PushService(gated.db);
    const gate = gated.arm();
    const first = push(service, setup, a, a.register(pupils.slice(0, 2)));
    await gate.reached;
    const startedAt = Date.now();
    const second = await push(service, setup, b, b.register(pupils.slice(2, 4)));
    const waited = Date.now() - startedAt;
    // b's push went beside the stuck group (nothing of b's is locked by it) once it stalled.
    expect(second.acks.map((ack) => ack.serverSeq)).toEqual([1, 2]);
    expect(waited).toBeGreaterThanOrEqual(GROUP_STALL_MS - 50);
    gate.release();
    expect((await first).acks.map((ack) => ack.serverSeq)).toEqual([3, 4]);
    expect(await storedLog(t.db, setup.school.id)).toHaveLength(4);
  });
});

describe('a push whose batch-mate fails', () => {
  it('is answered as alone when a batch-mate is refused, has a gap or is not this school’s device', async () => {
    const setup = await setUp(5);
    const other = await setUp(1);
    const [a, good, refused, gap, late] = setup.tablets as [
      SyncDevice,
      SyncDevice,
      SyncDevice,
      SyncDevice,
      SyncDevice,
    ];
    const stranger = other.tablets[0] as SyncDevice;
    const pupils = setup.school.groups[0]?.pupilIds ?? [];
    const gated = gatedDatabase(t.db, /sync_head/);
    const service = new PushService(gated.db);

    const gate = gated.arm();
    const first = push(service, setup, a, a.register(pupils.slice(0, 1)));
    await gate.reached;
    const goodEvents = good.register(pupils.slice(1, 3));
    const refusedEvents = [
      refused.event({ pupilId: pupils[3] ?? '', code: '/' }),
      refused.event({ pupilId: pupils[4] ?? '', code: 'C' }), // not a teacher's code
    ];
    gap.renumberFrom(3);
    const gapEvents = gap.register(pupils.slice(5, 6));
    const lateEvents = late.register(pupils.slice(6, 8));
    const settling = [
      push(service, setup, good, goodEvents),
      push(service, setup, refused, refusedEvents),
      push(service, setup, gap, gapEvents),
      push(service, setup, stranger, stranger.register(pupils.slice(8, 9))),
      push(service, setup, late, lateEvents),
    ].map(settle);
    gate.release();
    await first;
    const answers = await Promise.all(settling);

    expect(answered(answers[0]).acks.map((ack) => ack.serverSeq)).toEqual([2, 3]);
    expect(refusedWith(answers[1])).toMatchObject({
      reason: 'events_rejected',
      details: { expected: 1 },
    });
    expect(refusedWith(answers[2])).toMatchObject({ reason: 'sequence_gap' });
    expect(refusedWith(answers[3])).toMatchObject({ reason: 'device_mismatch' });
    // The refused push's events were taken back out: the next push's numbers follow on.
    expect(answered(answers[4]).acks.map((ack) => ack.serverSeq)).toEqual([4, 5]);
    expect(answered(answers[4]).headSeq).toBe(5);
    expect((await storedLog(t.db, setup.school.id)).slice(1)).toEqual(
      [...goodEvents, ...lateEvents].map((e, i) => [i + 2, e.eventId]),
    );
    const state = await storedState(t.db, setup.school.id);
    expect(state.lastClientSeq[refused.deviceId]).toBe(0);
    expect(state.lastClientSeq[gap.deviceId]).toBe(0);
    for (const e of refusedEvents)
      expect(await storedCount(t.db, setup.school.id, e.eventId)).toBe(0);
  });

  it('loses nothing when the group’s connection dies before it commits: each push goes again alone, once', async () => {
    const setup = await setUp(4);
    const [a, ...mates] = setup.tablets as [SyncDevice, ...SyncDevice[]];
    const pupils = setup.school.groups[0]?.pupilIds ?? [];
    // Hold the first push, and then the group after it, once each has written everything but
    // not yet committed.
    const gated = gatedDatabase(t.db, /UPDATE device d SET/);
    const counted = countingDatabase(gated.db);
    const service = new PushService(counted.db);

    const firstGate = gated.arm();
    const first = push(service, setup, a, a.register(pupils.slice(0, 1)));
    await firstGate.reached;
    const bodies = mates.map((m, i) => m.register(pupils.slice(1 + 2 * i, 3 + 2 * i)));
    const answers = mates.map((m, i) => push(service, setup, m, bodies[i] ?? []));
    firstGate.release();
    // Armed before the first push goes on: the next to write is the group after it.
    const groupGate = gated.arm();
    await first;
    await groupGate.reached;
    // The group has written its events and the devices' numbers; its server connection dies.
    const killed = await t.db.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'idle in transaction'`,
    );
    expect(killed.rows.map((r) => r.ok)).toEqual([true]);
    groupGate.release();
    const results = await Promise.all(answers);

    // Each push answered, each event stored once, numbers without a hole.
    expect(results.map((r) => r.acks.length)).toEqual([2, 2, 2]);
    expect(results.flatMap((r) => r.acks.map((ack) => ack.serverSeq))).toEqual([2, 3, 4, 5, 6, 7]);
    expect(counted.transactions()).toBe(1 + 1 + mates.length);
    for (const e of bodies.flat())
      expect(await storedCount(t.db, setup.school.id, e.eventId)).toBe(1);
    expect(await storedState(t.db, setup.school.id)).toMatchObject({ markEvents: 7, headSeq: 7 });
    // A resend (the device never saw an answer) is acknowledged as stored, nothing twice.
    const again = await push(service, setup, mates[0] as SyncDevice, bodies[0] ?? []);
    expect(again.acks).toEqual(results[0]?.acks);
    expect((await storedState(t.db, setup.school.id)).markEvents).toBe(7);
  });
});
