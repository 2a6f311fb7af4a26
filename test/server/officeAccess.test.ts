/**
 * Who may reach the office API: office, attendance lead and admin; a teacher gets 403 on
 * every endpoint in OFFICE_ENDPOINT_LIST (so a new endpoint is covered by defining it), no session
 * gets 401, a header naming someone else gets 401, and another school's records are "not found".
 * Also: an office amendment pushed without a reason is refused whole with a clear message.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import { routePath, STAFF_HEADER } from '../../src/shared/api/routes';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import {
  createSyncSchool,
  morningClock,
  signedInDevice,
  storedEntry,
  storedState,
  TODAY,
} from './syncFixtures';
import type { Endpoint } from '../../src/shared/api/endpoint';
import { ENDPOINTS } from '../../src/shared/api/endpoints';
import * as officeApi from '../../src/shared/api/endpoints/officeEndpoints';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function setUp() {
  const school = await createSyncSchool(t.db);
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  return { school, app, clock };
}

/** The endpoint's path with every `:param` filled with a fresh uuid, and a query that parses. */
function pathOf(endpoint: Endpoint): string {
  const path = routePath(endpoint.path, { id: randomUUID(), eventId: randomUUID() });
  return `${path}?date=${TODAY}&part=AM`;
}

async function errorOf(res: Response) {
  return apiErrorBodySchema.parse(await res.json());
}

describe('office endpoints: who may use them', () => {
  it('walks through every endpoint under /api/office/', () => {
    const underOffice = ENDPOINTS.filter((e) => e.path.startsWith('/api/office/'));
    expect(underOffice.map((e) => e.name).sort()).toEqual(
      officeApi.OFFICE_ENDPOINT_LIST.map((e) => e.name).sort(),
    );
  });

  it('answers a teacher 403 forbidden on every office endpoint', async () => {
    const { school, app } = await setUp();
    const teacher = await signedInDevice(app, school.member('teacher'));
    for (const endpoint of officeApi.OFFICE_ENDPOINT_LIST) {
      const { method, name } = endpoint;
      const res = await teacher.client.request(
        method,
        pathOf(endpoint),
        method === 'POST' ? {} : undefined,
      );
      expect(res.status, `${method} ${name}`).toBe(403);
      expect((await errorOf(res)).reason, `${method} ${name}`).toBe('forbidden');
    }
  });

  it('answers 401 not_signed_in without a session on every office endpoint', async () => {
    const { app } = await setUp();
    const browser = new TestClient(app);
    for (const endpoint of officeApi.OFFICE_ENDPOINT_LIST) {
      const { method, name } = endpoint;
      const res = await browser.request(
        method,
        pathOf(endpoint),
        method === 'POST' ? {} : undefined,
      );
      expect(res.status, `${method} ${name}`).toBe(401);
      expect((await errorOf(res)).reason).toBe('not_signed_in');
    }
  });

  it('admits office, attendance lead and admin staff', async () => {
    const { school, app } = await setUp();
    for (const handle of ['office', 'lead', 'admin']) {
      const device = await signedInDevice(app, school.member(handle));
      const res = await device.client.get(`${officeApi.today.path}?date=${TODAY}&part=AM`);
      expect(res.status, handle).toBe(200);
    }
  });

  it('refuses with 401 a request whose staff header names someone other than the session', async () => {
    const { school, app } = await setUp();
    const office = await signedInDevice(app, school.member('office'));
    const res = await office.client.get(`${officeApi.today.path}?date=${TODAY}&part=AM`, {
      headers: { [STAFF_HEADER]: school.member('lead').id },
    });
    expect(res.status).toBe(401);
    expect((await errorOf(res)).reason).toBe('not_signed_in');
    const own = await office.client.get(`${officeApi.today.path}?date=${TODAY}&part=AM`, {
      headers: { [STAFF_HEADER]: school.member('office').id },
    });
    expect(own.status).toBe(200);
  });
});

describe("office endpoints: another school's records are not found", () => {
  it('answers 404 for a pupil, sign-out, mark or drill of another school', async () => {
    const { school, app } = await setUp();
    const other = await createSyncSchool(t.db, { organisationId: school.organisationId });
    const office = await signedInDevice(app, school.member('office'));
    const otherOffice = await signedInDevice(app, other.member('office'));
    const otherTeacher = await signedInDevice(app, other.member('teacher'));
    const theirPupil = other.pupil(0);

    // Records at the other school, made by its own staff.
    const signOutRes = await otherOffice.client.post(officeApi.listSignOuts.path, {
      pupilId: theirPupil,
      at: '2025-03-04T08:40:00.000Z',
      reason: 'Dentist',
    });
    expect(signOutRes.status).toBe(200);
    const { signOut } = (await signOutRes.json()) as { signOut: { id: string } };
    const [a] = await otherTeacher
      .pushOk([otherTeacher.event({ pupilId: theirPupil, code: '/' })])
      .then((r) => r.acks);
    const teacher2 = await signedInDevice(app, other.member('teacher2'));
    const [b] = (await teacher2.pushOk([teacher2.event({ pupilId: theirPupil, code: 'N' })])).acks;
    expect(a?.status).toBe('applied');
    expect(b?.status).toBe('conflict');

    const answers = [
      await office.client.post(officeApi.listContacts.path, {
        pupilId: theirPupil,
        session: { date: TODAY, part: 'AM' },
        method: 'called',
      }),
      await office.client.get(`${officeApi.listContacts.path}?pupilId=${theirPupil}`),
      await office.client.post(officeApi.listSignOuts.path, {
        pupilId: theirPupil,
        at: '2025-03-04T08:40:00.000Z',
        reason: 'Dentist',
      }),
      await office.client.post(routePath(officeApi.recordReturn.path, { id: signOut.id }), {
        at: '2025-03-04T09:40:00.000Z',
      }),
      await office.client.post(
        routePath(officeApi.resolveConflict.path, { eventId: b?.eventId ?? '' }),
        {
          choice: 'kept_current',
          note: 'Checked with the class teacher',
        },
      ),
      await office.client.post(officeApi.listFireDrills.path, {
        session: { date: TODAY, part: 'AM' },
        startedAt: '2025-03-04T10:00:00.000Z',
        endedAt: '2025-03-04T10:10:00.000Z',
        accountedFor: [school.pupil(0), theirPupil],
        missing: [],
      }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect((await errorOf(res)).reason).toBe('not_found');
    }
    // …and nothing of theirs shows in this school's lists.
    const conflicts = (await (await office.client.get(officeApi.listConflicts.path)).json()) as {
      conflicts: unknown[];
    };
    expect(conflicts.conflicts).toEqual([]);
    const signOuts = (await (
      await office.client.get(`${officeApi.listSignOuts.path}?date=${TODAY}`)
    ).json()) as {
      signOuts: unknown[];
    };
    expect(signOuts.signOuts).toEqual([]);
  });
});

describe('an office amendment without a reason', () => {
  it('is refused whole with 422 events_rejected naming the missing reason', async () => {
    const { school, app } = await setUp();
    const teacher = await signedInDevice(app, school.member('teacher'));
    const office = await signedInDevice(app, school.member('office'));
    const pupil = school.pupil(0);
    const [mark] = (await teacher.pushOk([teacher.event({ pupilId: pupil, code: 'N' })])).acks;
    const before = await storedState(t.db, school.id);

    const amendment = office.event({
      pupilId: pupil,
      code: 'I',
      baseEventId: mark?.eventId ?? null,
    });
    const error = await office.pushError([amendment], 422);
    expect(error.reason).toBe('events_rejected');
    expect(error.message).toMatch(/reason/i);
    const details = error.details as { rejected: { eventId: string; message: string }[] };
    expect(details.rejected).toHaveLength(1);
    expect(details.rejected[0]?.eventId).toBe(amendment.eventId);
    expect(details.rejected[0]?.message).toMatch(/Give a reason for changing 'N' to 'I'/);
    expect(await storedState(t.db, school.id)).toEqual(before);
  });

  it('is refused too when the office device did not name the entry it changes', async () => {
    const { school, app } = await setUp();
    const teacher = await signedInDevice(app, school.member('teacher'));
    const office = await signedInDevice(app, school.member('office'));
    const pupil = school.pupil(1);
    await teacher.pushOk([teacher.event({ pupilId: pupil, code: 'N' })]);
    const before = await storedState(t.db, school.id);

    // No baseEventId: the office overrides a mark it never saw, which still changes the register.
    const blind = office.event({ pupilId: pupil, code: 'I', reason: '   ' });
    const error = await office.pushError([blind], 422);
    expect(error.reason).toBe('events_rejected');
    expect(error.message).toMatch(/reason/i);
    expect(await storedState(t.db, school.id)).toEqual(before);
    expect((await storedEntry(t.db, school.id, pupil))?.code).toBe('N');
  });

  it('is accepted with a reason', async () => {
    const { school, app } = await setUp();
    const teacher = await signedInDevice(app, school.member('teacher'));
    const office = await signedInDevice(app, school.member('office'));
    const pupil = school.pupil(2);
    const [mark] = (await teacher.pushOk([teacher.event({ pupilId: pupil, code: 'N' })])).acks;
    const [ack] = (
      await office.pushOk([
        office.event({
          pupilId: pupil,
          code: 'I',
          reason: 'Illness — parent phoned',
          baseEventId: mark?.eventId ?? null,
        }),
      ])
    ).acks;
    expect(ack?.status).toBe('applied');
    expect((await storedEntry(t.db, school.id, pupil))?.code).toBe('I');
  });
});
