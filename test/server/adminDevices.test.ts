/** An admin lists the school's devices and revokes a lost one (docs/design.md §5). */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deviceListResponseSchema,
  deviceRenameResponseSchema,
  deviceRevokeResponseSchema,
} from '../../src/shared/api/authSchemas';
import { routePath, ROUTES } from '../../src/shared/api/routes';
import { createTestApp, createTestSchool, MINUTE, TestClient } from './fixtures';
import type { TestSchool, TestStaff } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

let t: TestDatabase;
let school: TestSchool;
let otherSchool: TestSchool;
beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, {
    staff: {
      admin: ['admin'],
      teacher: ['teacher'],
      office: ['office'],
      lead: ['attendance_lead'],
    },
  });
  otherSchool = await createTestSchool(t.db, { staff: { admin: ['admin'], teacher: ['teacher'] } });
});
afterAll(() => t.close());

const of = (s: TestSchool, handle: string): TestStaff => {
  const found = s.staff[handle];
  if (found === undefined) throw new Error(`no staff ${handle}`);
  return found;
};
const revokePath = (id: string) => routePath(ROUTES.adminRevokeDevice, { id });
const renamePath = (id: string) => routePath(ROUTES.adminRenameDevice, { id });

describe('who may use the admin device endpoints', () => {
  it.each(['teacher', 'office', 'lead'])('a %s gets 403 forbidden', async (handle) => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    const session = await client.signIn(of(school, handle));
    const list = await client.get(ROUTES.adminDevices);
    expect(list.status).toBe(403);
    expect(await list.json()).toEqual({
      status: 'error',
      reason: 'forbidden',
      message: 'Your role at this school does not allow this.',
    });
    const revoke = await client.post(revokePath(session.device.id));
    expect(revoke.status).toBe(403);
    const { rows } = await t.db.query('SELECT revoked_at FROM device WHERE device_id = $1', [
      session.device.id,
    ]);
    expect(rows).toEqual([{ revoked_at: null }]);
  });

  it('someone not signed in gets 401', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).get(ROUTES.adminDevices);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ reason: 'not_signed_in' });
  });
});

describe('GET /api/admin/devices', () => {
  it("lists this school's devices only, with who enrolled them", async () => {
    const { app, clock } = createTestApp(t.db);
    const tablet = await new TestClient(app).signIn(of(school, 'teacher'), {
      deviceLabel: 'Class 3 iPad',
    });
    clock.advance(MINUTE);
    await new TestClient(app).signIn(of(otherSchool, 'teacher'));
    const admin = new TestClient(app);
    const adminSession = await admin.signIn(of(school, 'admin'));

    const res = await admin.get(ROUTES.adminDevices);
    expect(res.status).toBe(200);
    const { devices } = deviceListResponseSchema.parse(await res.json());
    const ids = devices.map((d) => d.id);
    expect(ids).toContain(tablet.device.id);
    expect(ids).toContain(adminSession.device.id);
    const { rows } = await t.db.query<{ device_id: string }>(
      'SELECT device_id FROM device WHERE school_id = $1',
      [otherSchool.id],
    );
    for (const row of rows) expect(ids).not.toContain(row.device_id);
    expect(devices.find((d) => d.id === tablet.device.id)).toEqual({
      id: tablet.device.id,
      name: null,
      label: 'Class 3 iPad',
      userAgent: null,
      enrolledBy: { id: of(school, 'teacher').id, name: of(school, 'teacher').name },
      enrolledAt: '2025-03-04T08:30:00.000Z',
      lastSeenAt: '2025-03-04T08:30:00.000Z',
      revokedAt: null,
      lastClientSeq: 0,
    });
  });
});

describe('POST /api/admin/devices/:id/revoke', () => {
  it('revokes the device, ends its sessions, and refuses them from then on', async () => {
    const { app, clock } = createTestApp(t.db);
    const tablet = new TestClient(app);
    const session = await tablet.signIn(of(school, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    clock.advance(MINUTE);

    const res = await admin.post(revokePath(session.device.id));
    expect(res.status).toBe(200);
    const { device } = deviceRevokeResponseSchema.parse(await res.json());
    expect(device).toMatchObject({ id: session.device.id, revokedAt: '2025-03-04T08:31:00.000Z' });

    const me = await tablet.get(ROUTES.me);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({ reason: 'not_signed_in' });
    const { rows } = await t.db.query('SELECT revoked_at FROM auth_session WHERE device_id = $1', [
      session.device.id,
    ]);
    expect(rows).toEqual([{ revoked_at: new Date('2025-03-04T08:31:00.000Z') }]);
  });

  it('refuses a session of a revoked device even if the session row was left live', async () => {
    const { app } = createTestApp(t.db);
    const tablet = new TestClient(app);
    const session = await tablet.signIn(of(school, 'teacher'));
    await t.db.query('UPDATE device SET revoked_at = now() WHERE device_id = $1', [
      session.device.id,
    ]);
    const me = await tablet.get(ROUTES.me);
    expect(me.status).toBe(401);
    expect(await me.json()).toMatchObject({
      reason: 'not_signed_in',
      message:
        'This device’s access to Tickmark has been withdrawn by an administrator. Sign in again to enrol it afresh.',
    });
  });

  it('makes the browser enrol afresh at its next sign-in', async () => {
    const { app } = createTestApp(t.db);
    const tablet = new TestClient(app);
    const first = await tablet.signIn(of(school, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    await admin.post(revokePath(first.device.id));
    const again = await tablet.signIn(of(school, 'teacher'), { deviceId: first.device.id });
    expect(again.device.id).not.toBe(first.device.id);
  });

  it('keeps the first revocation time when revoked twice', async () => {
    const { app, clock } = createTestApp(t.db);
    const session = await new TestClient(app).signIn(of(school, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    await admin.post(revokePath(session.device.id));
    clock.advance(MINUTE);
    const res = await admin.post(revokePath(session.device.id));
    expect(res.status).toBe(200);
    expect(deviceRevokeResponseSchema.parse(await res.json()).device.revokedAt).toBe(
      '2025-03-04T08:30:00.000Z',
    );
  });

  it("answers 404 for another school's device and leaves it alone", async () => {
    const { app } = createTestApp(t.db);
    const foreign = await new TestClient(app).signIn(of(otherSchool, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    for (const id of [foreign.device.id, randomUUID()]) {
      const res = await admin.post(revokePath(id));
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        reason: 'not_found',
        message: 'This school has no device with that id.',
      });
    }
    const { rows } = await t.db.query('SELECT revoked_at FROM device WHERE device_id = $1', [
      foreign.device.id,
    ]);
    expect(rows).toEqual([{ revoked_at: null }]);
  });

  it('answers 400 for an id that is not a device id', async () => {
    const { app } = createTestApp(t.db);
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    const res = await admin.post(revokePath('not-a-uuid'));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      status: 'error',
      reason: 'invalid_request',
      message: 'The address has problems: id is not a device id.',
      details: { issues: [{ path: 'id', message: 'is not a device id' }] },
    });
  });

  it('checks the Origin of a revoke like any other POST', async () => {
    const { app } = createTestApp(t.db);
    const session = await new TestClient(app).signIn(of(school, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    const res = await admin.post(revokePath(session.device.id), undefined, {
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ reason: 'bad_origin' });
  });
});

describe('POST /api/admin/devices/:id/name', () => {
  it('names a device, trimmed, and the list shows the name', async () => {
    const { app } = createTestApp(t.db);
    const tablet = await new TestClient(app).signIn(of(school, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));

    const res = await admin.post(renamePath(tablet.device.id), { name: '  Class 3 tablet ' });
    expect(res.status).toBe(200);
    const { device } = deviceRenameResponseSchema.parse(await res.json());
    expect(device).toMatchObject({ id: tablet.device.id, name: 'Class 3 tablet' });
    const list = deviceListResponseSchema.parse(
      await (await admin.get(ROUTES.adminDevices)).json(),
    );
    expect(list.devices.find((d) => d.id === tablet.device.id)?.name).toBe('Class 3 tablet');

    // Giving a device its own name again (in another case) is allowed.
    const again = await admin.post(renamePath(tablet.device.id), { name: 'CLASS 3 TABLET' });
    expect(again.status).toBe(200);
  });

  it.each([
    [{ name: '   ' }, 'Give the device a name, such as “Class 3 tablet”.'],
    [{ name: 'x'.repeat(61) }, 'Keep the name to 60 characters or fewer.'],
    [{}, 'is required'],
  ])('refuses %j with 400 and says how to fix it', async (body, message) => {
    const { app } = createTestApp(t.db);
    const tablet = await new TestClient(app).signIn(of(school, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    const res = await admin.post(renamePath(tablet.device.id), body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      reason: 'invalid_request',
      details: { issues: [{ path: 'name', message }] },
    });
  });

  it('refuses a name another device of the school has, whatever its case, with 409', async () => {
    const { app } = createTestApp(t.db);
    const first = await new TestClient(app).signIn(of(school, 'teacher'));
    const second = await new TestClient(app).signIn(of(school, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    expect((await admin.post(renamePath(first.device.id), { name: 'Hall iPad' })).status).toBe(200);

    const res = await admin.post(renamePath(second.device.id), { name: 'hall ipad' });
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      status: 'error',
      reason: 'already_exists',
      message:
        'Another device at this school is already called “Hall iPad”. Choose a different name, or rename that device first.',
    });
    const { rows } = await t.db.query('SELECT name FROM device WHERE device_id = $1', [
      second.device.id,
    ]);
    expect(rows).toEqual([{ name: null }]);
  });

  it("lets another school use the same name, and treats another school's device as not found", async () => {
    const { app } = createTestApp(t.db);
    const ours = await new TestClient(app).signIn(of(school, 'teacher'));
    const theirs = await new TestClient(app).signIn(of(otherSchool, 'teacher'));
    const admin = new TestClient(app);
    await admin.signIn(of(school, 'admin'));
    const otherAdmin = new TestClient(app);
    await otherAdmin.signIn(of(otherSchool, 'admin'));
    expect((await admin.post(renamePath(ours.device.id), { name: 'Office PC 2' })).status).toBe(
      200,
    );
    expect(
      (await otherAdmin.post(renamePath(theirs.device.id), { name: 'Office PC 2' })).status,
    ).toBe(200);

    const res = await admin.post(renamePath(theirs.device.id), { name: 'Mine now' });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({
      message: 'This school has no device with that id.',
    });
  });

  it.each(['teacher', 'office'])('a %s gets 403', async (handle) => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    const session = await client.signIn(of(school, handle));
    const res = await client.post(renamePath(session.device.id), { name: 'My tablet' });
    expect(res.status).toBe(403);
  });
});
