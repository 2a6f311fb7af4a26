/**
 * Staff accounts without email (no SMTP configured): an admin adds a member of staff, sends a
 * link (shown to the admin to hand over), and the person sets a password with it, once, before
 * it expires. A reset link leaves the old password working until used and then ends the
 * person's sessions; disabling ends sessions and refuses sign-in; bad input on every endpoint is
 * a 4xx naming the field, with nothing written.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  linkCheckResponseSchema,
  linkSentResponseSchema,
  staffAccountResponseSchema,
  staffListResponseSchema,
} from '../../src/shared/api/accountSchemas';
import { routePath, ROUTES } from '../../src/shared/api/routes';
import type { Database } from '../../src/server/db/database';
import {
  createTestApp,
  createTestSchool,
  HOUR,
  MINUTE,
  TestClient,
  type TestSchool,
} from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import * as accountApi from '../../src/shared/api/endpoints/accountEndpoints';

const PASSWORD = 'harbour thistle copper lantern';
const NEW_PASSWORD = 'meadow quartz falcon umbrella';

let t: TestDatabase;
let school: TestSchool;
let otherSchool: TestSchool;
let app: ReturnType<typeof createTestApp>;
let admin: TestClient;

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, { staff: { admin: ['admin'], office: ['office'] } });
  otherSchool = await createTestSchool(t.db, { staff: { stranger: ['teacher'] } });
  app = createTestApp(t.db);
  admin = new TestClient(app.app);
  await admin.signIn(school.staff.admin ?? { email: '', password: '' });
});
afterAll(() => t.close());

async function counts(db: Database) {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM staff) AS staff,
            (SELECT count(*)::int FROM staff_role) AS roles,
            (SELECT count(*)::int FROM account_link) AS links,
            (SELECT count(*)::int FROM account_event) AS events,
            (SELECT count(*)::int FROM staff WHERE password_hash IS NOT NULL) AS passwords`,
  );
  return rows[0];
}

const linkPath = (id: string) => routePath(accountApi.sendStaffLink.path, { id });
const tokenOf = (link: string | null) => (link ?? '').split('#')[1] ?? '';

async function addTeacher(email: string, name = 'Grace Hopper'): Promise<string> {
  const res = await admin.post(accountApi.listStaff.path, { name, email, roles: ['teacher'] });
  expect(res.status).toBe(201);
  return staffAccountResponseSchema.parse(await res.json()).staff.id;
}

async function sendLink(id: string) {
  const res = await admin.post(linkPath(id));
  expect(res.status).toBe(200);
  return linkSentResponseSchema.parse(await res.json());
}

describe('adding staff', () => {
  it('refuses bad details naming each field and how to fix it, writing nothing', async () => {
    const before = await counts(t.db);
    const res = await admin.post(accountApi.listStaff.path, {
      name: '',
      email: 'not an email',
      roles: ['teacher', 'headteacher'],
      extra: 1,
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string; details: { issues: { path: string }[] } };
    expect(body.details.issues.map((i) => i.path).sort()).toEqual([
      'email',
      'extra',
      'name',
      'roles.1',
    ]);
    expect(body.message).toContain(
      'roles.1 must be one of teacher, office, attendance_lead, admin',
    );
    expect(await counts(t.db)).toEqual(before);
    const none = await admin.post(accountApi.listStaff.path, {
      name: 'A',
      email: 'a@b.example',
      roles: [],
    });
    expect(none.status).toBe(400);
    expect(((await none.json()) as { message: string }).message).toContain(
      'roles must name at least one role',
    );
  });

  it('adds a person without a password, listed as having none, and refuses the same email twice', async () => {
    const id = await addTeacher('Grace.Hopper@School.example');
    const list = staffListResponseSchema.parse(
      await (await admin.get(accountApi.listStaff.path)).json(),
    );
    expect(list.mail).toBe('shown');
    const grace = list.staff.find((s) => s.id === id);
    expect(grace).toMatchObject({
      email: 'grace.hopper@school.example',
      roles: ['teacher'],
      status: 'no_password',
      link: null,
    });
    expect(list.staff.find((s) => s.email === school.staff.admin?.email)?.status).toBe('active');
    // Staff of another school are not listed.
    expect(list.staff.some((s) => s.email === otherSchool.staff.stranger?.email)).toBe(false);

    const before = await counts(t.db);
    const again = await admin.post(accountApi.listStaff.path, {
      name: 'G',
      email: 'grace.hopper@school.example',
      roles: ['office'],
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { message: string }).message).toContain(
      'already has an account at this school',
    );
    const foreign = await admin.post(accountApi.listStaff.path, {
      name: 'Stranger',
      email: otherSchool.staff.stranger?.email,
      roles: ['teacher'],
    });
    expect(foreign.status).toBe(409);
    expect(((await foreign.json()) as { message: string }).message).toContain(
      'another organisation',
    );
    expect(await counts(t.db)).toEqual(before);
  });

  it('is for admins only', async () => {
    const office = new TestClient(app.app);
    await office.signIn(school.staff.office ?? { email: '', password: '' });
    expect((await office.get(accountApi.listStaff.path)).status).toBe(403);
    expect(
      (
        await office.post(accountApi.listStaff.path, {
          name: 'X',
          email: 'x@y.example',
          roles: ['admin'],
        })
      ).status,
    ).toBe(403);
    expect((await office.post(linkPath(school.staff.office?.id ?? ''))).status).toBe(403);
  });
});

describe('invitation links', () => {
  it('shows the link to the admin when there is no email, and stores only its hash', async () => {
    const id = await addTeacher('ada@school.example', 'Ada Byron');
    const sent = await sendLink(id);
    expect(sent).toMatchObject({ kind: 'invitation', delivery: 'shown' });
    expect(sent.link).toMatch(/^http:\/\/localhost\/account\/password#[A-Za-z0-9_-]{43}$/);
    // 7 days for an invitation.
    expect(new Date(sent.expiresAt).getTime() - app.clock.now().getTime()).toBe(7 * 24 * HOUR);
    expect(sent.staff.status).toBe('invited');
    const { rows } = await t.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM account_link',
    );
    expect(rows.map((r) => r.token_hash)).not.toContain(tokenOf(sent.link));
    const { rows: events } = await t.db.query<{
      action: string;
      delivery: string;
      by_staff_id: string;
    }>('SELECT action, delivery, by_staff_id FROM account_event WHERE staff_id = $1 ORDER BY id', [
      id,
    ]);
    expect(events).toEqual([
      { action: 'created', delivery: null, by_staff_id: school.staff.admin?.id },
      { action: 'invitation_sent', delivery: 'shown', by_staff_id: school.staff.admin?.id },
    ]);
  });

  it('sets a password once: a guessable one is refused and the link still works; then the person signs in', async () => {
    const id = await addTeacher('katherine@school.example', 'Katherine Johnson');
    const token = tokenOf((await sendLink(id)).link);
    const anyone = new TestClient(app.app);

    const check = await anyone.post(accountApi.checkLink.path, { token });
    expect(linkCheckResponseSchema.parse(await check.json())).toMatchObject({
      kind: 'invitation',
      name: 'Katherine Johnson',
      email: 'katherine@school.example',
    });

    const before = await counts(t.db);
    const weak = await anyone.post(accountApi.setPassword.path, {
      token,
      password: 'katherinejohnson1',
    });
    expect(weak.status).toBe(400);
    const weakBody = (await weak.json()) as {
      message: string;
      details: { issues: { path: string }[] };
    };
    expect(weakBody.message).toContain('The password is too easy to guess');
    expect(weakBody.details.issues[0]?.path).toBe('password');
    const short = await anyone.post(accountApi.setPassword.path, { token, password: 'short' });
    expect(((await short.json()) as { message: string }).message).toContain(
      'password must be at least 10 characters',
    );
    expect(await counts(t.db)).toEqual(before);

    const ok = await anyone.post(accountApi.setPassword.path, { token, password: PASSWORD });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ status: 'ok', email: 'katherine@school.example' });
    const session = await anyone.signIn({ email: 'katherine@school.example', password: PASSWORD });
    expect(session.roles).toEqual([
      { schoolId: school.id, schoolName: school.name, role: 'teacher' },
    ]);

    // Once only.
    const reused = await new TestClient(app.app).post(accountApi.setPassword.path, {
      token,
      password: NEW_PASSWORD,
    });
    expect(reused.status).toBe(410);
    expect(((await reused.json()) as { reason: string }).reason).toBe('link_invalid');
    expect((await anyone.post(accountApi.checkLink.path, { token })).status).toBe(410);
  });

  it('refuses a link that expired, that a newer one replaced, or that was never issued', async () => {
    const id = await addTeacher('dorothy@school.example', 'Dorothy Vaughan');
    const first = tokenOf((await sendLink(id)).link);
    const second = tokenOf((await sendLink(id)).link);
    const anyone = new TestClient(app.app);
    expect((await anyone.post(accountApi.checkLink.path, { token: first })).status).toBe(410);
    expect((await anyone.post(accountApi.checkLink.path, { token: 'x'.repeat(43) })).status).toBe(
      410,
    );
    expect((await anyone.post(accountApi.checkLink.path, { token: second })).status).toBe(200);

    const clock = app.clock;
    const saved = clock.now();
    clock.advance(7 * 24 * HOUR + MINUTE);
    try {
      const late = await anyone.post(accountApi.setPassword.path, {
        token: second,
        password: PASSWORD,
      });
      expect(late.status).toBe(410);
      expect(((await late.json()) as { message: string }).message).toContain(
        'Ask your school’s Tickmark administrator to send you a new link',
      );
      // The admin's session has long ended by now: a fresh one sees the link gone.
      const later = new TestClient(app.app);
      await later.signIn(school.staff.admin ?? { email: '', password: '' });
      const list = staffListResponseSchema.parse(
        await (await later.get(accountApi.listStaff.path)).json(),
      );
      expect(list.staff.find((s) => s.id === id)?.status).toBe('no_password');
    } finally {
      clock.set(saved);
    }
  });

  it('refuses malformed requests with a 4xx naming the field, and unknown or foreign staff as not found', async () => {
    const anyone = new TestClient(app.app);
    const noToken = await anyone.post(accountApi.setPassword.path, { password: PASSWORD });
    expect(noToken.status).toBe(400);
    expect(((await noToken.json()) as { message: string }).message).toContain('token is required');
    expect((await anyone.post(accountApi.checkLink.path, { token: 'x'.repeat(500) })).status).toBe(
      400,
    );
    expect(
      (
        await anyone.request('POST', accountApi.setPassword.path, undefined, {
          rawBody: '{',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
    ).toBe(400);

    const before = await counts(t.db);
    const badId = await admin.post(linkPath('not-a-uuid'));
    expect(badId.status).toBe(400);
    expect(((await badId.json()) as { message: string }).message).toContain('id is not a staff id');
    expect((await admin.post(linkPath(otherSchool.staff.stranger?.id ?? ''))).status).toBe(404);
    expect(
      (
        await admin.post(
          routePath(accountApi.disableStaff.path, { id: otherSchool.staff.stranger?.id ?? '' }),
        )
      ).status,
    ).toBe(404);
    expect(await counts(t.db)).toEqual(before);
  });
});

describe('resets', () => {
  it('keeps the old password until the link is used, then ends the person’s sessions', async () => {
    const id = await addTeacher('mary@school.example', 'Mary Jackson');
    const anyone = new TestClient(app.app);
    await anyone.post(accountApi.setPassword.path, {
      token: tokenOf((await sendLink(id)).link),
      password: PASSWORD,
    });
    const tablet = new TestClient(app.app);
    await tablet.signIn({ email: 'mary@school.example', password: PASSWORD });

    const reset = await sendLink(id);
    expect(reset.kind).toBe('reset');
    expect(new Date(reset.expiresAt).getTime() - app.clock.now().getTime()).toBe(24 * HOUR);
    expect(reset.staff).toMatchObject({ status: 'active', link: { kind: 'reset' } });
    expect((await tablet.get(ROUTES.me)).status).toBe(200);

    expect(
      (
        await anyone.post(accountApi.setPassword.path, {
          token: tokenOf(reset.link),
          password: NEW_PASSWORD,
        })
      ).status,
    ).toBe(200);
    expect((await tablet.get(ROUTES.me)).status).toBe(401);
    const old = await new TestClient(app.app).post(ROUTES.signIn, {
      email: 'mary@school.example',
      password: PASSWORD,
    });
    expect(old.status).toBe(401);
    await new TestClient(app.app).signIn({ email: 'mary@school.example', password: NEW_PASSWORD });
  });
});

describe('disabling and enabling', () => {
  it('ends the person’s sessions, refuses sign-in and withdraws links; enabling lets them sign in again', async () => {
    const id = await addTeacher('annie@school.example', 'Annie Easley');
    const anyone = new TestClient(app.app);
    await anyone.post(accountApi.setPassword.path, {
      token: tokenOf((await sendLink(id)).link),
      password: PASSWORD,
    });
    const tablet = new TestClient(app.app);
    await tablet.signIn({ email: 'annie@school.example', password: PASSWORD });
    const pending = tokenOf((await sendLink(id)).link);

    const res = await admin.post(routePath(accountApi.disableStaff.path, { id }));
    expect(res.status).toBe(200);
    expect(staffAccountResponseSchema.parse(await res.json()).staff).toMatchObject({
      status: 'disabled',
      link: null,
    });
    const me = await tablet.get(ROUTES.me);
    expect(me.status).toBe(401);
    const signIn = await new TestClient(app.app).post(ROUTES.signIn, {
      email: 'annie@school.example',
      password: PASSWORD,
    });
    expect(signIn.status).toBe(401);
    expect((await anyone.post(accountApi.checkLink.path, { token: pending })).status).toBe(410);
    const link = await admin.post(linkPath(id));
    expect(link.status).toBe(409);
    expect(((await link.json()) as { message: string }).message).toContain('Enable it first');

    const enabled = await admin.post(routePath(accountApi.enableStaff.path, { id }));
    expect(staffAccountResponseSchema.parse(await enabled.json()).staff.status).toBe('active');
    // The sessions it had stay ended; a fresh sign-in works.
    expect((await tablet.get(ROUTES.me)).status).toBe(401);
    await new TestClient(app.app).signIn({ email: 'annie@school.example', password: PASSWORD });
    const { rows } = await t.db.query<{ action: string }>(
      "SELECT action FROM account_event WHERE staff_id = $1 AND action IN ('disabled', 'enabled') ORDER BY id",
      [id],
    );
    expect(rows.map((r) => r.action)).toEqual(['disabled', 'enabled']);
  });

  it('refuses an admin disabling their own account, changing nothing', async () => {
    const before = await counts(t.db);
    const res = await admin.post(
      routePath(accountApi.disableStaff.path, { id: school.staff.admin?.id ?? '' }),
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(
      'You cannot disable your own account',
    );
    expect(await counts(t.db)).toEqual(before);
    expect((await admin.get(ROUTES.me)).status).toBe(200);
  });
});
