/**
 * Several schools in one organisation (a federation, seed 003): one server, each school with its
 * own rules; a person with roles at two schools lists them and switches between them, and cannot
 * switch to a school where they have no role. A session always acts at one school.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schoolListResponseSchema } from '../../src/shared/api/dataSchemas';
import { sessionResponseSchema } from '../../src/shared/api/authSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import type { Database } from '../../src/server/db/database';
import { addRole, createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool } from './syncFixtures';
import { importFile, openDataDatabase, pupilCsv } from './dataFixtures';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await openDataDatabase();
  db = testDb.db;
});
afterAll(async () => {
  await testDb.close();
});

describe('switching school', () => {
  it('lists the schools where the person has a role and moves the session to another', async () => {
    const heelands = await createSyncSchool(db, { name: 'Heelands School', groups: [] });
    const summerfield = await createSyncSchool(db, {
      name: 'Summerfield School',
      organisationId: heelands.organisationId,
      groups: [],
    });
    const lead = heelands.member('lead');
    await addRole(db, lead.id, summerfield.id, 'admin');
    const { app } = createTestApp(db);
    const client = new TestClient(app);
    const first = await client.signIn(lead, { schoolId: heelands.id });
    expect(first.school.name).toBe('Heelands School');

    const list = schoolListResponseSchema.parse(
      await (await client.get(dataApi.listSchools.path)).json(),
    );
    expect(list.organisation.id).toBe(heelands.organisationId);
    expect(list.schools.map((s) => [s.name, s.roles, s.current])).toEqual([
      ['Heelands School', ['attendance_lead'], true],
      ['Summerfield School', ['admin'], false],
    ]);
    // An attendance lead at Heelands may not import there.
    expect(
      (
        await client.post(dataApi.listImports.path, {
          kind: 'pupils',
          fileName: 'p.csv',
          csv: pupilCsv(1),
        })
      ).status,
    ).toBe(403);

    const res = await client.post(dataApi.switchSchool.path, { schoolId: summerfield.id });
    expect(res.status).toBe(200);
    const switched = sessionResponseSchema.parse(await res.json());
    expect(switched.school).toEqual({ id: summerfield.id, name: 'Summerfield School' });
    expect(switched.device.id).not.toBe(first.device.id);
    const me = sessionResponseSchema.parse(await (await client.get(ROUTES.me)).json());
    expect(me.school.id).toBe(summerfield.id);

    // Now an admin at Summerfield: the import lands there, not at Heelands.
    await importFile(client, 'pupils', pupilCsv(2));
    const { rows } = await db.query<{ school_id: string; n: number }>(
      'SELECT school_id, count(*)::int AS n FROM pupil WHERE school_id = ANY($1::uuid[]) GROUP BY school_id',
      [[heelands.id, summerfield.id]],
    );
    expect(rows).toEqual([{ school_id: summerfield.id, n: 2 }]);

    // The old session is over; switching back re-uses the first device when the browser proves it.
    const back = await client.post(dataApi.switchSchool.path, {
      schoolId: heelands.id,
      deviceId: first.device.id,
    });
    expect(sessionResponseSchema.parse(await back.json()).school.id).toBe(heelands.id);
  });

  it('refuses a school where the person has no role, and leaves the session where it was', async () => {
    const mine = await createSyncSchool(db, { groups: [] });
    const other = await createSyncSchool(db, { organisationId: mine.organisationId, groups: [] });
    const { app } = createTestApp(db);
    const client = new TestClient(app);
    await client.signIn(mine.member('teacher'));
    const res = await client.post(dataApi.switchSchool.path, { schoolId: other.id });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { reason: string; message: string }).message).toBe(
      'You do not have a role at that school, so you cannot switch to it. Ask its Tickmark administrator to add one.',
    );
    const me = sessionResponseSchema.parse(await (await client.get(ROUTES.me)).json());
    expect(me.school.id).toBe(mine.id);
  });

  it('needs a session', async () => {
    const school = await createSyncSchool(db, { groups: [] });
    const { app } = createTestApp(db);
    const res = await new TestClient(app).post(dataApi.switchSchool.path, { schoolId: school.id });
    expect(res.status).toBe(401);
  });
});
