/**
 * First run: the setup link's token is refused when missing, wrong or used; bad details are
 * refused naming the field with nothing written; a good setup creates exactly the organisation,
 * the school and its admin, who can then sign in and load the school. An organisation admin
 * then adds further schools.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSchoolConfig } from '../../src/domain';
import { ROUTES } from '../../src/shared/api/routes';
import {
  organisationSchoolsResponseSchema,
  setupResponseSchema,
} from '../../src/shared/api/setupSchemas';
import { issueSetupToken, setupLink } from '../../src/server/setup/setupToken';
import type { Database } from '../../src/server/db/database';
import { addStaff, createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';
import * as setupApi from '../../src/shared/api/endpoints/setupEndpoints';

const PASSWORD = 'kettle orchard lantern velvet';

function validRequest(token: string) {
  return {
    token,
    organisation: { kind: 'trust', name: 'Riverside Learning Trust' },
    school: {
      name: 'Riverside Primary School',
      urn: '123456',
      laNumber: '202',
      establishmentNumber: '2001',
      timeZone: 'Europe/London',
    },
    admin: { name: 'Ada Lovelace', email: 'Ada.Lovelace@Riverside.example', password: PASSWORD },
  };
}

async function counts(db: Database) {
  const { rows } = await db.query<Record<string, number>>(
    `SELECT (SELECT count(*)::int FROM organisation) AS organisations,
            (SELECT count(*)::int FROM school) AS schools,
            (SELECT count(*)::int FROM staff) AS staff,
            (SELECT count(*)::int FROM staff_role) AS roles,
            (SELECT count(*)::int FROM sync_head) AS heads,
            (SELECT count(*)::int FROM setup_token WHERE used_at IS NOT NULL) AS used_tokens`,
  );
  return rows[0];
}

const NOTHING = { organisations: 0, schools: 0, staff: 0, roles: 0, heads: 0, used_tokens: 0 };

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

describe('first-run setup', () => {
  let token: string;
  let otherToken: string;

  it('says setup is needed and issues a token only while there is no organisation', async () => {
    const { app, clock } = createTestApp(t.db);
    const client = new TestClient(app);
    expect(await (await client.get(setupApi.setupStatus.path)).json()).toEqual({ needed: true });
    token = (await issueSetupToken(t.db, clock.now())) ?? '';
    otherToken = (await issueSetupToken(t.db, clock.now())) ?? '';
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(otherToken).not.toBe(token);
    expect(setupLink('http://localhost:8080/', token)).toBe(`http://localhost:8080/setup#${token}`);
    // Only hashes are stored.
    const { rows } = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM setup_token');
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
  });

  it('refuses a request without a token, naming the field, and writes nothing', async () => {
    const { app } = createTestApp(t.db);
    const { token: _omitted, ...body } = validRequest(token);
    const res = await new TestClient(app).post(setupApi.setupStatus.path, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      reason: 'invalid_request',
      details: { issues: [{ path: 'token', message: 'is required' }] },
    });
    expect(await counts(t.db)).toEqual(NOTHING);
  });

  it('refuses a wrong token with 403 and writes nothing', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(
      setupApi.setupStatus.path,
      validRequest('not-the-token'),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ reason: 'setup_token_invalid' });
    expect(await counts(t.db)).toEqual(NOTHING);
  });

  const badFields: [string, (body: ReturnType<typeof validRequest>) => void, RegExp][] = [
    ['school.urn', (b) => (b.school.urn = '12345'), /6-digit unique reference number/],
    ['school.laNumber', (b) => (b.school.laNumber = '2O2'), /3-digit local-authority number/],
    [
      'school.establishmentNumber',
      (b) => (b.school.establishmentNumber = '20011'),
      /4-digit establishment number/,
    ],
    [
      'school.timeZone',
      (b) => (b.school.timeZone = 'Mars/Olympus'),
      /IANA name such as Europe\/London/,
    ],
    ['school.timeZone', (b) => (b.school.timeZone = '+01:00'), /IANA name/],
    ['school.name', (b) => (b.school.name = '  '), /is required/],
    ['organisation.name', (b) => (b.organisation = { kind: 'trust', name: '' }), /is required/],
    ['admin.email', (b) => (b.admin.email = 'ada at riverside'), /not an email address/],
    ['admin.password', (b) => (b.admin.password = 'short'), /at least 10 characters/],
    ['admin.password', (b) => (b.admin.password = 'Password1234!'), /too easy to guess/],
    ['admin.password', (b) => (b.admin.password = 'adalovelace1'), /too easy to guess/],
  ];
  it.each(badFields)(
    'refuses a bad %s, saying what to fix, and writes nothing',
    async (path, spoil, message) => {
      const { app } = createTestApp(t.db);
      const body = validRequest(token);
      spoil(body);
      const res = await new TestClient(app).post(setupApi.setupStatus.path, body);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as {
        reason: string;
        details: { issues: { path: string; message: string }[] };
      };
      expect(answer.reason).toBe('invalid_request');
      expect(answer.details.issues).toEqual([
        { path, message: expect.stringMatching(message) as string },
      ]);
      expect(await counts(t.db)).toEqual(NOTHING);
    },
  );

  it('creates exactly the organisation, the school and its admin, who can sign in and load the school', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(setupApi.setupStatus.path, validRequest(token));
    expect(res.status).toBe(201);
    const result = setupResponseSchema.parse(await res.json());
    expect(result.organisation.name).toBe('Riverside Learning Trust');
    expect(result.admin.email).toBe('ada.lovelace@riverside.example');
    expect(await counts(t.db)).toEqual({
      organisations: 1,
      schools: 1,
      staff: 1,
      roles: 1,
      heads: 1,
      used_tokens: 1,
    });
    const { rows } = await t.db.query<{
      urn: string;
      dfe_number: string;
      time_zone: string;
      config: unknown;
      role: string;
    }>(
      `SELECT s.urn, s.dfe_number, s.time_zone, s.config, r.role
         FROM school s JOIN staff_role r ON r.school_id = s.id WHERE s.id = $1`,
      [result.school.id],
    );
    expect(rows[0]).toMatchObject({
      urn: '123456',
      dfe_number: '202/2001',
      time_zone: 'Europe/London',
      role: 'admin',
    });
    const config = parseSchoolConfig(rows[0]?.config);
    expect(config.ok).toBe(true);

    const admin = new TestClient(app);
    const session = await admin.signIn({
      email: 'ADA.LOVELACE@riverside.example',
      password: PASSWORD,
    });
    expect(session.school).toEqual({ id: result.school.id, name: 'Riverside Primary School' });
    expect((await admin.get(ROUTES.syncSnapshot)).status).toBe(200);
  });

  it('refuses the used token and any other token once set up, and says setup is no longer needed', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    for (const again of [token, otherToken]) {
      const res = await client.post(setupApi.setupStatus.path, {
        ...validRequest(again),
        school: { ...validRequest(again).school, urn: '654321' },
      });
      expect(res.status).toBe(409);
      expect(await res.json()).toMatchObject({ reason: 'already_set_up' });
    }
    expect(await (await client.get(setupApi.setupStatus.path)).json()).toEqual({ needed: false });
    const { clock } = createTestApp(t.db);
    expect(await issueSetupToken(t.db, clock.now())).toBeNull();
    expect(await counts(t.db)).toMatchObject({ organisations: 1, schools: 1, staff: 1 });
  });
});

describe('an organisation admin adds schools', () => {
  const school = {
    name: 'Riverside Infants',
    urn: '223344',
    laNumber: '202',
    establishmentNumber: '2002',
    timeZone: 'Europe/London',
  };

  async function signedInAdmin() {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    await client.signIn({ email: 'ada.lovelace@riverside.example', password: PASSWORD });
    return client;
  }

  it('adds a school to the trust, with the admin as its admin, who can switch to it', async () => {
    const client = await signedInAdmin();
    const res = await client.post(setupApi.listOrganisationSchools.path, school);
    expect(res.status).toBe(201);
    const { school: added } = (await res.json()) as { school: { id: string; name: string } };
    const list = organisationSchoolsResponseSchema.parse(
      await (await client.get(setupApi.listOrganisationSchools.path)).json(),
    );
    expect(list.organisation.name).toBe('Riverside Learning Trust');
    expect(list.schools.map((s) => [s.name, s.urn, s.dfeNumber])).toEqual([
      ['Riverside Infants', '223344', '202/2002'],
      ['Riverside Primary School', '123456', '202/2001'],
    ]);
    const switched = await client.post(dataApi.switchSchool.path, { schoolId: added.id });
    expect(switched.status).toBe(200);
    expect((await client.get(ROUTES.syncSnapshot)).status).toBe(200);
  });

  it('refuses a URN already on the server with 409 naming the field', async () => {
    const client = await signedInAdmin();
    const before = await counts(t.db);
    const res = await client.post(setupApi.listOrganisationSchools.path, {
      ...school,
      name: 'Copy',
    });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({
      reason: 'already_exists',
      details: { issues: [{ path: 'urn' }] },
    });
    expect(await counts(t.db)).toEqual(before);
  });

  it('refuses bad details naming the field, and writes nothing', async () => {
    const client = await signedInAdmin();
    const before = await counts(t.db);
    const res = await client.post(setupApi.listOrganisationSchools.path, {
      ...school,
      urn: '999999',
      laNumber: '20',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      details: {
        issues: [{ path: 'laNumber', message: expect.stringMatching(/3-digit/) as string }],
      },
    });
    expect(await counts(t.db)).toEqual(before);
  });

  it('is for admins only', async () => {
    const { rows } = await t.db.query<{ id: string; organisation_id: string }>(
      "SELECT id, organisation_id FROM school WHERE urn = '123456'",
    );
    const teacher = await addStaff(t.db, {
      organisationId: rows[0]?.organisation_id ?? '',
      schoolId: rows[0]?.id ?? '',
      handle: 'teacher',
      roles: ['teacher'],
    });
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    await client.signIn(teacher);
    expect((await client.get(setupApi.listOrganisationSchools.path)).status).toBe(403);
    expect(
      (await client.post(setupApi.listOrganisationSchools.path, { ...school, urn: '777777' }))
        .status,
    ).toBe(403);
    expect((await new TestClient(app).get(setupApi.listOrganisationSchools.path)).status).toBe(401);
  });
});

describe('a single school', () => {
  let single: TestDatabase;
  beforeAll(async () => {
    single = await openTestDatabase();
  });
  afterAll(() => single.close());

  it('gets an organisation of its own, named after it', async () => {
    const { app, clock } = createTestApp(single.db);
    const token = (await issueSetupToken(single.db, clock.now())) ?? '';
    const res = await new TestClient(app).post(setupApi.setupStatus.path, {
      ...validRequest(token),
      organisation: { kind: 'school' },
    });
    expect(res.status).toBe(201);
    const result = setupResponseSchema.parse(await res.json());
    expect(result.organisation.name).toBe('Riverside Primary School');
  });
});
