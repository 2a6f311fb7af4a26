/** Sign-in, sessions, sign-out and device enrolment (docs/design.md §5). */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import { sessionResponseSchema } from '../../src/shared/api/authSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import { DEVICE_COOKIE, SESSION_COOKIE } from '../../src/server/auth/cookies';
import {
  addRole,
  addStaff,
  APP_ORIGIN,
  cookieAttributes,
  createTestApp,
  createTestSchool,
  HOUR,
  TestClient,
} from './fixtures';
import type { TestSchool } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

let t: TestDatabase;
let school: TestSchool;
beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, {
    name: 'Riverside Primary',
    staff: { teacher: ['teacher'], office: ['office'], lead: ['attendance_lead', 'admin'] },
  });
});
afterAll(() => t.close());

const staff = (handle: string) => {
  const s = school.staff[handle];
  if (s === undefined) throw new Error(`no staff ${handle}`);
  return s;
};

describe('POST /api/auth/sign-in', () => {
  it('signs in and answers with the person, their roles, the device and the school', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(ROUTES.signIn, {
      email: staff('lead').email,
      password: staff('lead').password,
      deviceLabel: 'Office PC',
    });
    expect(res.status).toBe(200);
    const body = sessionResponseSchema.parse(await res.json());
    expect(body.staff).toEqual({
      id: staff('lead').id,
      name: staff('lead').name,
      email: staff('lead').email,
    });
    expect(body.roles).toEqual([
      { schoolId: school.id, schoolName: 'Riverside Primary', role: 'attendance_lead' },
      { schoolId: school.id, schoolName: 'Riverside Primary', role: 'admin' },
    ]);
    expect(body.school).toEqual({ id: school.id, name: 'Riverside Primary' });
    expect(body.expiresAt).toBe('2025-03-04T20:30:00.000Z'); // 12 hours after the clock's now
    const { rows } = await t.db.query(
      'SELECT school_id, enrolled_by, label FROM device WHERE device_id = $1',
      [body.device.id],
    );
    expect(rows).toEqual([
      { school_id: school.id, enrolled_by: staff('lead').id, label: 'Office PC' },
    ]);
  });

  it('sets HttpOnly SameSite=Strict cookies, not Secure over plain http', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(ROUTES.signIn, {
      email: staff('teacher').email,
      password: staff('teacher').password,
    });
    const session = cookieAttributes(res, SESSION_COOKIE);
    expect(session).toMatchObject({
      httponly: '',
      samesite: 'Strict',
      path: '/',
      'max-age': String(12 * 3600),
    });
    expect(session).not.toHaveProperty('secure');
    expect(cookieAttributes(res, DEVICE_COOKIE)).toMatchObject({
      httponly: '',
      samesite: 'Strict',
      path: '/api',
    });
  });

  it.each([
    ['SECURE_COOKIES=true over http', { SECURE_COOKIES: 'true' }, 'http://localhost', true],
    [
      'auto over https',
      { PUBLIC_ORIGIN: 'https://tickmark.example.org' },
      'https://tickmark.example.org',
      true,
    ],
    [
      'SECURE_COOKIES=false over https',
      { SECURE_COOKIES: 'false', PUBLIC_ORIGIN: 'https://tickmark.example.org' },
      'https://tickmark.example.org',
      false,
    ],
  ])('marks cookies Secure as configured: %s', async (_name, env, origin, secure) => {
    const { app } = createTestApp(t.db, { env });
    const res = await new TestClient(app).post(
      `${origin}${ROUTES.signIn}`,
      { email: staff('teacher').email, password: staff('teacher').password },
      { origin },
    );
    expect(res.status).toBe(200);
    expect(cookieAttributes(res, SESSION_COOKIE)?.secure !== undefined).toBe(secure);
    expect(cookieAttributes(res, DEVICE_COOKIE)?.secure !== undefined).toBe(secure);
  });

  it('stores only the SHA-256 of the session token', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    await client.signIn(staff('teacher'));
    const token = client.cookies.get(SESSION_COOKIE) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes
    const hash = createHash('sha256').update(token).digest('hex');
    expect(
      (await t.db.query('SELECT 1 FROM auth_session WHERE token_hash = $1', [hash])).rows,
    ).toHaveLength(1);
    expect(
      (await t.db.query('SELECT 1 FROM auth_session WHERE token_hash = $1', [token])).rows,
    ).toHaveLength(0);
  });

  it('ignores the case and spaces around the email', async () => {
    const { app } = createTestApp(t.db);
    const session = await new TestClient(app).signIn({
      email: `  ${staff('office').email.toUpperCase()} `,
      password: staff('office').password,
    });
    expect(session.staff.id).toBe(staff('office').id);
  });

  it('gives the same 401 for a wrong password, an unknown email and a disabled account', async () => {
    const { app } = createTestApp(t.db);
    const disabled = await addStaff(t.db, {
      organisationId: school.organisationId,
      schoolId: school.id,
      handle: 'leaver',
      roles: ['teacher'],
    });
    await t.db.query('UPDATE staff SET disabled_at = now() WHERE id = $1', [disabled.id]);
    const attempts = [
      { email: staff('teacher').email, password: 'wrong password' },
      { email: 'nobody@school.example', password: staff('teacher').password },
      { email: disabled.email, password: disabled.password },
    ];
    const answers = [];
    for (const attempt of attempts) {
      const res = await new TestClient(app).post(ROUTES.signIn, attempt);
      answers.push({
        status: res.status,
        body: await res.json(),
        cookies: res.headers.getSetCookie(),
      });
    }
    const expected = {
      status: 401,
      body: {
        status: 'error',
        reason: 'bad_credentials',
        message: 'Email or password not recognised.',
      },
      cookies: [],
    };
    expect(answers).toEqual([expected, expected, expected]);
  });

  it('refuses a person with no role at any school with 403, after checking the password', async () => {
    const { app } = createTestApp(t.db);
    const roleless = await addStaff(t.db, {
      organisationId: school.organisationId,
      schoolId: school.id,
      handle: 'newcomer',
      roles: [],
    });
    const res = await new TestClient(app).post(ROUTES.signIn, {
      email: roleless.email,
      password: roleless.password,
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ reason: 'no_school_role' });
  });

  describe('for someone with roles at two schools', () => {
    it('acts at the school asked for, else the first by name, and never at one without a role', async () => {
      const { app } = createTestApp(t.db);
      const other = await createTestSchool(t.db, {
        name: 'Aardvark Infants',
        organisationId: school.organisationId,
      });
      const stranger = await createTestSchool(t.db, { name: 'Elsewhere Academy' });
      const both = await addStaff(t.db, {
        organisationId: school.organisationId,
        schoolId: school.id,
        handle: 'shared',
        roles: ['office'],
      });
      await addRole(t.db, both.id, other.id, 'teacher');

      expect((await new TestClient(app).signIn(both)).school.name).toBe('Aardvark Infants');
      const chosen = await new TestClient(app).signIn(both, { schoolId: school.id });
      expect(chosen.school.name).toBe('Riverside Primary');
      expect(chosen.roles.map((r) => `${r.schoolName}:${r.role}`)).toEqual([
        'Aardvark Infants:teacher',
        'Riverside Primary:office',
      ]);

      const res = await new TestClient(app).post(ROUTES.signIn, {
        email: both.email,
        password: both.password,
        schoolId: stranger.id,
      });
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ reason: 'no_school_role' });
    });
  });
});

describe('device enrolment at sign-in', () => {
  it('re-uses the device when the browser presents its id and its device cookie', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    const first = await client.signIn(staff('teacher'));
    const again = await client.signIn(staff('teacher'), {
      deviceId: first.device.id,
      deviceLabel: 'Class 3 iPad',
    });
    expect(again.device.id).toBe(first.device.id);
    // A second teacher signing in on the same tablet keeps the device too.
    const colleague = await client.signIn(staff('office'), { deviceId: first.device.id });
    expect(colleague.device.id).toBe(first.device.id);
    const { rows } = await t.db.query('SELECT label FROM device WHERE device_id = $1', [
      first.device.id,
    ]);
    expect(rows).toEqual([{ label: 'Class 3 iPad' }]);
  });

  it('enrols a new device when the id comes without the device cookie (it proves nothing)', async () => {
    const { app } = createTestApp(t.db);
    const first = await new TestClient(app).signIn(staff('teacher'));
    const elsewhere = await new TestClient(app).signIn(staff('teacher'), {
      deviceId: first.device.id,
    });
    expect(elsewhere.device.id).not.toBe(first.device.id);
  });

  it('enrols a new device when the browser lost its device id (storage wiped)', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    const first = await client.signIn(staff('teacher'));
    const wiped = await client.signIn(staff('teacher'));
    expect(wiped.device.id).not.toBe(first.device.id);
  });
});

describe('GET /api/auth/me', () => {
  it('answers with the same session as sign-in', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    const signedIn = await client.signIn(staff('office'));
    const res = await client.get(ROUTES.me);
    expect(res.status).toBe(200);
    expect(sessionResponseSchema.parse(await res.json())).toEqual(signedIn);
  });

  it('answers 401 not_signed_in without a cookie or with a made-up one', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    const none = await client.get(ROUTES.me);
    expect(none.status).toBe(401);
    expect(apiErrorBodySchema.parse(await none.json())).toMatchObject({ reason: 'not_signed_in' });
    client.cookies.set(SESSION_COOKIE, 'forged-token');
    const forged = await client.get(ROUTES.me);
    expect(forged.status).toBe(401);
    expect(await forged.json()).toMatchObject({ reason: 'not_signed_in' });
  });

  it('answers 401 once the session has expired', async () => {
    const { app, clock } = createTestApp(t.db);
    const client = new TestClient(app);
    await client.signIn(staff('teacher'));
    clock.advance(12 * HOUR - 1000);
    expect((await client.get(ROUTES.me)).status).toBe(200);
    clock.advance(1000);
    const res = await client.get(ROUTES.me);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      status: 'error',
      reason: 'not_signed_in',
      message: 'Your session has ended. Please sign in again.',
    });
  });

  it('follows SESSION_TTL_HOURS', async () => {
    const { app, clock } = createTestApp(t.db, { env: { SESSION_TTL_HOURS: '1' } });
    const client = new TestClient(app);
    const session = await client.signIn(staff('teacher'));
    expect(session.expiresAt).toBe(new Date(clock.now().getTime() + HOUR).toISOString());
    clock.advance(HOUR);
    expect((await client.get(ROUTES.me)).status).toBe(401);
  });

  it('answers 401 when the account was disabled after signing in', async () => {
    const { app } = createTestApp(t.db);
    const person = await addStaff(t.db, {
      organisationId: school.organisationId,
      schoolId: school.id,
      handle: 'temp',
      roles: ['teacher'],
    });
    const client = new TestClient(app);
    await client.signIn(person);
    await t.db.query('UPDATE staff SET disabled_at = now() WHERE id = $1', [person.id]);
    expect((await client.get(ROUTES.me)).status).toBe(401);
  });
});

describe('POST /api/auth/sign-out', () => {
  it('ends the session and clears the cookie', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    await client.signIn(staff('teacher'));
    const token = client.cookies.get(SESSION_COOKIE) ?? '';
    const res = await client.post(ROUTES.signOut);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    expect(cookieAttributes(res, SESSION_COOKIE)).toMatchObject({ 'max-age': '0', path: '/' });
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    // The old token no longer works even if a copy was kept.
    client.cookies.set(SESSION_COOKIE, token);
    const after = await client.get(ROUTES.me);
    expect(after.status).toBe(401);
    expect(await after.json()).toMatchObject({
      message: 'You have signed out. Please sign in again.',
    });
  });

  it('succeeds without a session, so a double click is harmless', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(ROUTES.signOut, undefined, { origin: APP_ORIGIN });
    expect(res.status).toBe(200);
  });
});
