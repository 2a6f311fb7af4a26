/**
 * Who reads absence reasons (sync/reasonReader.ts; docs/api.md, "Who reads reasons"). Office
 * staff, the attendance lead and admins read every reason and every pupil's history. A teacher
 * reads them only for the pupils of the groups they take and of the trips they lead (and any
 * reason they wrote themselves); for everyone else the pull carries the codes with the reason
 * withheld (null), the history answers 403, and the snapshot carries no reason for anyone.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';
import { routePath, ROUTES } from '../../src/shared/api/routes';
import { snapshotResponseSchema } from '../../src/shared/api/syncSchemas';
import type { AppEnv } from '../../src/server/http/appEnv';
import { createTestApp, type ManualClock } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import {
  createSyncSchool,
  DATES,
  MORNING,
  morningClock,
  signedInDevice,
  teachGroup,
  TODAY,
  type PullResponseEvents,
  type SyncDevice,
  type SyncSchool,
} from './syncFixtures';
import * as tripApi from '../../src/shared/api/endpoints/tripEndpoints';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

const REASONS = {
  foxes: 'Hospital appointment (asthma clinic)',
  hedgehogs: 'Bereavement in the family',
  tripPupil: 'Went home unwell from the trip',
  cover: 'Arrived with a note from home',
} as const;

interface World {
  readonly school: SyncSchool;
  readonly app: Hono<AppEnv>;
  readonly clock: ManualClock;
  /** First pupil of Foxes, of Hedgehogs, the Hedgehog on the trip, the Fox the cover teacher marked. */
  readonly pupils: { fox: string; hedgehog: string; tripPupil: string; coveredFox: string };
}

let t: TestDatabase;
let world: World;

beforeAll(async () => {
  t = await openTestDatabase();
  const school = await createSyncSchool(t.db, {
    staff: {
      foxes_teacher: ['teacher'],
      hedgehogs_teacher: ['teacher'],
      trip_leader: ['teacher'],
      office: ['office'],
      lead: ['attendance_lead'],
      admin: ['admin'],
    },
  });
  await teachGroup(t.db, school.member('foxes_teacher'), school.groups[0]);
  await teachGroup(t.db, school.member('hedgehogs_teacher'), school.groups[1]);
  const fox = school.groups[0]?.pupilIds[0] ?? '';
  const coveredFox = school.groups[0]?.pupilIds[1] ?? '';
  const hedgehog = school.groups[1]?.pupilIds[0] ?? '';
  const tripPupil = school.groups[1]?.pupilIds[1] ?? '';
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  world = { school, app, clock, pupils: { fox, hedgehog, tripPupil, coveredFox } };

  const office = await signedInDevice(app, school.member('office'), { clock, label: 'Office PC' });
  const trip = await office.client.post(tripApi.listTrips.path, {
    name: 'Forest school',
    code: 'V',
    leaderIds: [school.member('trip_leader').id],
    pupilIds: [tripPupil],
    from: { date: DATES.yesterday, part: 'AM' },
    to: { date: DATES.yesterday, part: 'PM' },
  });
  expect(trip.status).toBe(201);
  // The office records illnesses and appointments with their reasons.
  await office.pushOk([
    office.event({ pupilId: fox, code: 'M', reason: REASONS.foxes }),
    office.event({ pupilId: hedgehog, code: 'C', reason: REASONS.hedgehogs }),
    office.event({ pupilId: tripPupil, code: 'I', reason: REASONS.tripPupil }),
  ]);
  // The Hedgehogs' teacher covers Foxes and writes a reason of their own.
  const cover = await signedInDevice(app, school.member('hedgehogs_teacher'), { clock });
  await cover.pushOk([
    cover.event({ pupilId: coveredFox, code: 'L', minutesLate: 5, reason: REASONS.cover }),
  ]);
}, 60_000);
afterAll(() => t.close());

async function deviceOf(handle: string): Promise<SyncDevice> {
  return signedInDevice(world.app, world.school.member(handle), { clock: world.clock });
}

/** The reason each pupil's pulled event carried, for the pupils the test wrote reasons for. */
function reasonsByPupil(events: PullResponseEvents): Record<string, string | null> {
  const { fox, hedgehog, tripPupil, coveredFox } = world.pupils;
  const byPupil = (id: string) =>
    events.find((e) => e.pupilId === id && e.session.date === TODAY)?.reason;
  return {
    fox: byPupil(fox) ?? null,
    hedgehog: byPupil(hedgehog) ?? null,
    tripPupil: byPupil(tripPupil) ?? null,
    coveredFox: byPupil(coveredFox) ?? null,
  };
}

const ALL = {
  fox: REASONS.foxes,
  hedgehog: REASONS.hedgehogs,
  tripPupil: REASONS.tripPupil,
  coveredFox: REASONS.cover,
};

describe('the pull', () => {
  it.each([
    ['office', ALL],
    ['lead', ALL],
    ['admin', ALL],
    // Their own class; not the Hedgehogs, not the trip's pupil; the cover teacher's reason is
    // about a Fox, so the Foxes' teacher reads it.
    [
      'foxes_teacher',
      { fox: REASONS.foxes, hedgehog: null, tripPupil: null, coveredFox: REASONS.cover },
    ],
    // Their own class (the trip's pupil is a Hedgehog too) and the reason they wrote while covering.
    [
      'hedgehogs_teacher',
      {
        fox: null,
        hedgehog: REASONS.hedgehogs,
        tripPupil: REASONS.tripPupil,
        coveredFox: REASONS.cover,
      },
    ],
    // No class of their own: only the pupil on the trip they lead.
    ['trip_leader', { fox: null, hedgehog: null, tripPupil: REASONS.tripPupil, coveredFox: null }],
  ] as const)('sends %s the reasons they may read, and every code', async (handle, expected) => {
    const device = await deviceOf(handle);
    const events = await device.pullAll();
    expect(reasonsByPupil(events)).toEqual(expected);

    // Every role gets the same events with the same codes: the register, roll call and cover
    // work from them offline.
    const office = await (await deviceOf('office')).pullAll();
    const codes = (list: PullResponseEvents) => list.map((e) => [e.eventId, e.code, e.pupilId]);
    expect(codes(events)).toEqual(codes(office));
  });
});

describe('the snapshot', () => {
  it.each(['foxes_teacher', 'trip_leader', 'office'])(
    'carries every entry code and no reason (%s)',
    async (handle) => {
      const res = await (await deviceOf(handle)).client.get(ROUTES.syncSnapshot);
      expect(res.status).toBe(200);
      const text = await res.text();
      const snapshot = snapshotResponseSchema.parse(JSON.parse(text));
      const codes = snapshot.entries.filter((e) => e.session.date === TODAY).map((e) => e.code);
      expect(codes.sort()).toEqual(['C', 'I', 'L', 'M']);
      for (const reason of Object.values(REASONS)) expect(text).not.toContain(reason);
    },
  );
});

describe("a pupil's history", () => {
  const historyStatus = async (handle: string, pupil: keyof World['pupils']) => {
    const device = await deviceOf(handle);
    const path = routePath(ROUTES.pupilEntries, { id: world.pupils[pupil] });
    const res = await device.client.get(`${path}?from=${DATES.yesterday}&to=${TODAY}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it.each([
    ['office', 'hedgehog'],
    ['lead', 'fox'],
    ['admin', 'tripPupil'],
    ['foxes_teacher', 'fox'],
    ['foxes_teacher', 'coveredFox'],
    ['hedgehogs_teacher', 'hedgehog'],
    ['trip_leader', 'tripPupil'],
  ] as const)('is open to %s for the %s, with the reasons', async (handle, pupil) => {
    const { status, body } = await historyStatus(handle, pupil);
    expect(status).toBe(200);
    expect(JSON.stringify(body)).toContain(ALL[pupil]);
  });

  it.each([
    ['foxes_teacher', 'hedgehog'],
    ['foxes_teacher', 'tripPupil'],
    ['hedgehogs_teacher', 'fox'],
    // Covering once is not being the class's teacher: their own reason reaches them by the pull.
    ['hedgehogs_teacher', 'coveredFox'],
    ['trip_leader', 'fox'],
    ['trip_leader', 'hedgehog'],
  ] as const)('is refused to %s for the %s, saying whom to ask', async (handle, pupil) => {
    const { status, body } = await historyStatus(handle, pupil);
    expect(status).toBe(403);
    expect(body).toMatchObject({ reason: 'forbidden' });
    expect(String(body.message)).toMatch(/own groups or on a trip they lead/);
    expect(JSON.stringify(body)).not.toContain(ALL[pupil]);
  });

  it("is open to the trip's leader for 14 days after the trip ends, then refused", async () => {
    const day = 24 * 60 * 60 * 1000;
    // The trip was yesterday (3 March): still open on 17 March, closed on the 18th.
    world.clock.advance(13 * day);
    try {
      expect((await historyStatus('trip_leader', 'tripPupil')).status).toBe(200);
      world.clock.advance(day);
      expect((await historyStatus('trip_leader', 'tripPupil')).status).toBe(403);
    } finally {
      world.clock.set(MORNING);
    }
  });
});
