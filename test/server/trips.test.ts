/**
 * Trips: the office creates a trip and its codes are entered in advance; leaders mark
 * the trip's pupils through `POST /api/sync/push` with the trip's id, and the server refuses
 * (whole batch, nothing stored) a mark for a pupil not on the trip, a session outside it, or by
 * a teacher who is not a leader.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import { routePath } from '../../src/shared/api/routes';
import {
  createTripResponseSchema,
  leadingTripsResponseSchema,
  tripListResponseSchema,
  type CreateTripResponse,
} from '../../src/shared/api/tripSchemas';
import type { AppEnv } from '../../src/server/http/appEnv';
import { createTestApp, type TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import {
  createSyncSchool,
  DATES,
  morningClock,
  signedInDevice,
  storedEntry,
  storedState,
  TODAY,
  type SyncDevice,
  type SyncSchool,
} from './syncFixtures';
import * as tripApi from '../../src/shared/api/endpoints/tripEndpoints';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

const YESTERDAY = DATES.yesterday;
const SESSIONS = [
  { date: YESTERDAY, part: 'AM' },
  { date: YESTERDAY, part: 'PM' },
  { date: TODAY, part: 'AM' },
  { date: TODAY, part: 'PM' },
] as const;

interface World {
  readonly school: SyncSchool;
  readonly app: Hono<AppEnv>;
  readonly office: SyncDevice;
  readonly leader: SyncDevice;
  readonly tripPupils: readonly string[];
}

async function setUp(): Promise<World> {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const office = await signedInDevice(app, school.member('office'), { clock, label: 'Office PC' });
  const leader = await signedInDevice(app, school.member('teacher2'), { clock, label: 'Phone' });
  const tripPupils = school.groups[0]?.pupilIds.slice(0, 20) ?? [];
  return { school, app, office, leader, tripPupils };
}

function tripBody(world: World, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'Year 3 residential',
    code: 'V',
    leaderIds: [world.school.member('teacher2').id],
    pupilIds: world.tripPupils,
    from: { date: YESTERDAY, part: 'AM' },
    to: { date: TODAY, part: 'PM' },
    ...extra,
  };
}

async function createTrip(
  client: TestClient,
  body: Record<string, unknown>,
): Promise<CreateTripResponse> {
  const res = await client.post(tripApi.listTrips.path, body);
  const json: unknown = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(201);
  return createTripResponseSchema.parse(json);
}

describe('creating a trip', () => {
  it('stores the trip and enters its code in advance for every pupil and session, by the office user', async () => {
    const world = await setUp();
    const created = await createTrip(world.office.client, tripBody(world));

    expect(created.trip.sessions).toEqual(SESSIONS);
    expect(created.trip.pupils).toHaveLength(20);
    expect(created.trip.leaders.map((l) => l.id)).toEqual([world.school.member('teacher2').id]);
    expect(created.preEntered).toEqual({ applied: 80, unchanged: 0, conflict: 0, skipped: 0 });
    for (const pupilId of world.tripPupils) {
      for (const session of SESSIONS) {
        expect(
          await storedEntry(t.db, world.school.id, pupilId, session.date, session.part),
        ).toMatchObject({
          code: 'V',
          head_role: 'office',
          needs_review: false,
        });
      }
    }
    const { rows } = await t.db.query<{
      n: number;
      devices: number;
      seqs: number;
      trips: number;
      actors: number;
    }>(
      `SELECT count(*)::int AS n, count(device_id)::int AS devices, count(client_seq)::int AS seqs,
              count(*) FILTER (WHERE trip_id = $2)::int AS trips,
              count(*) FILTER (WHERE actor_staff_id = $3 AND actor_role = 'office')::int AS actors
         FROM mark_event WHERE school_id = $1`,
      [world.school.id, created.trip.id, world.school.member('office').id],
    );
    expect(rows[0]).toEqual({ n: 80, devices: 0, seqs: 0, trips: 80, actors: 80 });

    // Other devices see the pre-entered marks, with the trip named.
    const pulled = await world.leader.pullAll();
    expect(pulled).toHaveLength(80);
    expect(pulled.every((e) => e.tripId === created.trip.id && e.deviceId === null)).toBe(true);
  });

  it('respects entries already there: the fold decides', async () => {
    const world = await setUp();
    const [first, second] = world.tripPupils as [string, string];
    const teacher = await signedInDevice(world.app, world.school.member('teacher'));
    await teacher.pushOk([teacher.event({ pupilId: first, code: '/' })]);
    await world.office.pushOk([
      world.office.event({
        pupilId: second,
        part: 'PM',
        code: 'M',
        reason: 'Dentist, letter seen',
      }),
    ]);

    const created = await createTrip(world.office.client, tripBody(world));

    expect(created.preEntered).toEqual({ applied: 79, unchanged: 0, conflict: 1, skipped: 0 });
    // The office outranks the teacher's mark (flagged for review); another office mark stands.
    expect(await storedEntry(t.db, world.school.id, first)).toMatchObject({
      code: 'V',
      needs_review: true,
    });
    expect(await storedEntry(t.db, world.school.id, second, TODAY, 'PM')).toMatchObject({
      code: 'M',
      head_role: 'office',
      needs_review: true,
    });
  });

  it('is refused to a teacher (403) and does not list trips to one', async () => {
    const world = await setUp();
    const res = await world.leader.client.post(tripApi.listTrips.path, tripBody(world));
    expect(res.status).toBe(403);
    expect((await world.leader.client.get(tripApi.listTrips.path)).status).toBe(403);
    expect((await storedState(t.db, world.school.id)).markEvents).toBe(0);
  });

  it('refuses dates that end before they start, with a clear message', async () => {
    const world = await setUp();
    const res = await world.office.client.post(
      tripApi.listTrips.path,
      tripBody(world, { from: { date: TODAY, part: 'PM' }, to: { date: TODAY, part: 'AM' } }),
    );
    const body = (await res.json()) as { reason: string; message: string };
    expect(res.status).toBe(400);
    expect(body.message).toMatch(/ends .* before it starts/);
    expect((await storedState(t.db, world.school.id)).markEvents).toBe(0);
  });
});

describe('trips a person leads', () => {
  it('gives a leader their trips with pupils, sessions and current entries; others get none', async () => {
    const world = await setUp();
    const created = await createTrip(world.office.client, tripBody(world));

    const res = await world.leader.client.get(tripApi.leadingTrips.path);
    const leading = leadingTripsResponseSchema.parse(await res.json());
    expect(leading.trips.map((trip) => trip.id)).toEqual([created.trip.id]);
    expect(leading.trips[0]?.entries).toHaveLength(80);

    const other = await signedInDevice(world.app, world.school.member('teacher'));
    const none = leadingTripsResponseSchema.parse(
      await (await other.client.get(tripApi.leadingTrips.path)).json(),
    );
    expect(none.trips).toEqual([]);
    const one = await other.client.get(routePath(tripApi.trip.path, { id: created.trip.id }));
    expect(one.status).toBe(404);
    const list = tripListResponseSchema.parse(
      await (await world.office.client.get(tripApi.listTrips.path)).json(),
    );
    expect(list.trips.map((trip) => trip.id)).toEqual([created.trip.id]);
  });
});

describe("a leader's marks", () => {
  async function withTrip() {
    const world = await setUp();
    const created = await createTrip(world.office.client, tripBody(world));
    const pulled = await world.leader.pullAll();
    const headOf = (pupilId: string, date: string, part: 'AM' | 'PM'): string => {
      const found = pulled.find(
        (e) => e.pupilId === pupilId && e.session.date === date && e.session.part === part,
      );
      if (found === undefined) throw new Error('no pre-entered event');
      return found.eventId;
    };
    return { ...world, trip: created.trip, headOf };
  }

  it('are applied over the pre-entered codes and attributed to the leader', async () => {
    const w = await withTrip();
    const [absent, ill, ...rest] = w.tripPupils as [string, string, ...string[]];
    const events = [
      w.leader.event({
        pupilId: absent,
        code: 'N',
        reason: 'Did not come on the trip',
        baseEventId: w.headOf(absent, TODAY, 'AM'),
      }),
      w.leader.event({
        pupilId: ill,
        part: 'PM',
        code: 'I',
        reason: 'Went home ill from the trip',
        baseEventId: w.headOf(ill, TODAY, 'PM'),
      }),
      ...rest.map((pupilId) =>
        w.leader.event({ pupilId, code: 'V', baseEventId: w.headOf(pupilId, TODAY, 'AM') }),
      ),
    ].map((e) => ({ ...e, tripId: w.trip.id }));

    const answer = await w.leader.pushOk(events);

    expect(answer.acks.every((a) => a.status === 'applied')).toBe(true);
    expect(await storedEntry(t.db, w.school.id, absent)).toMatchObject({
      code: 'N',
      head_role: 'teacher',
    });
    expect(await storedEntry(t.db, w.school.id, ill, TODAY, 'PM')).toMatchObject({
      code: 'I',
      head_role: 'teacher',
    });
    const { rows } = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1 AND trip_id = $2 AND actor_staff_id = $3`,
      [w.school.id, w.trip.id, w.school.member('teacher2').id],
    );
    expect(rows[0]?.n).toBe(20);
  });

  it('for a pupil not on the trip is refused with a clear message, and nothing is stored', async () => {
    const w = await withTrip();
    const onTrip = w.tripPupils[0] ?? '';
    const notOnTrip = w.school.groups[0]?.pupilIds[25] ?? '';
    const before = await storedState(t.db, w.school.id);
    const good = {
      ...w.leader.event({ pupilId: onTrip, code: 'V', baseEventId: w.headOf(onTrip, TODAY, 'AM') }),
      tripId: w.trip.id,
    };
    const bad = { ...w.leader.event({ pupilId: notOnTrip, code: 'V' }), tripId: w.trip.id };

    const error = await w.leader.pushError([good, bad], 422);

    expect(error.reason).toBe('events_rejected');
    expect(error.message).toContain('not on the trip “Year 3 residential”');
    expect(error.details).toMatchObject({
      expected: 1,
      rejected: [{ eventId: bad.eventId, clientSeq: 2 }],
    });
    expect(await storedState(t.db, w.school.id)).toEqual(before);
  });

  it('for a session outside the trip is refused with a clear message, and nothing is stored', async () => {
    const w = await withTrip();
    const pupilId = w.tripPupils[0] ?? '';
    const before = await storedState(t.db, w.school.id);
    // Friday 28 February: a school day, before the trip.
    const outside = {
      ...w.leader.event({ pupilId, date: '2025-02-28', code: 'V' }),
      tripId: w.trip.id,
    };

    const error = await w.leader.pushError([outside], 422);

    expect(error.message).toContain(
      'cannot be marked through the trip “Year 3 residential” for the morning of 28 February 2025: the trip runs from the morning of 3 March 2025 to the afternoon of 4 March 2025',
    );
    expect(await storedState(t.db, w.school.id)).toEqual(before);
  });

  it('by a teacher who is not a leader are refused, even for the trip’s pupils', async () => {
    const w = await withTrip();
    const pupilId = w.tripPupils[0] ?? '';
    const teacher = await signedInDevice(w.app, w.school.member('teacher'));
    const before = await storedState(t.db, w.school.id);
    const event = {
      ...teacher.event({ pupilId, code: 'V', baseEventId: w.headOf(pupilId, TODAY, 'AM') }),
      tripId: w.trip.id,
    };

    const error = await teacher.pushError([event], 422);

    expect(error.message).toMatch(/is not named as a leader of the trip/);
    expect(await storedState(t.db, w.school.id)).toEqual(before);
  });

  it('may come from office staff who are not leaders; a leader may not enter codes beyond the trip’s', async () => {
    const w = await withTrip();
    const pupilId = w.tripPupils[0] ?? '';
    const byOffice = {
      ...w.office.event({
        pupilId,
        code: 'M',
        reason: 'Left the trip for a dental appointment',
        baseEventId: w.headOf(pupilId, TODAY, 'AM'),
      }),
      tripId: w.trip.id,
    };
    expect((await w.office.pushOk([byOffice])).acks[0]?.status).toBe('applied');

    const other = w.tripPupils[1] ?? '';
    const leave = {
      ...w.leader.event({
        pupilId: other,
        code: 'C',
        reason: 'Leave',
        baseEventId: w.headOf(other, TODAY, 'AM'),
      }),
      tripId: w.trip.id,
    };
    const error = await w.leader.pushError([leave], 422);
    expect(error.message).toContain("A teacher may not enter 'C'");
  });

  it('naming a trip of another school are refused', async () => {
    const w = await withTrip();
    const elsewhere = await setUp();
    const other = await createTrip(elsewhere.office.client, tripBody(elsewhere));
    const pupilId = w.tripPupils[0] ?? '';
    const event = { ...w.leader.event({ pupilId, code: 'V' }), tripId: other.trip.id };

    const error = await w.leader.pushError([event], 422);

    expect(error.message).toContain('does not exist at this school');
  });
});
