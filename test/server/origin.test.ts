/** State-changing requests must come from Tickmark's own pages (docs/design.md §5). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../../src/shared/api/routes';
import { APP_ORIGIN, createTestApp, createTestSchool, TestClient } from './fixtures';
import type { TestSchool } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

let t: TestDatabase;
let school: TestSchool;
beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, { staff: { teacher: ['teacher'] } });
});
afterAll(() => t.close());

const credentials = () => ({
  email: school.staff.teacher?.email,
  password: school.staff.teacher?.password,
});

const BAD_ORIGIN = {
  status: 'error',
  reason: 'bad_origin',
  message:
    'This request came from a page Tickmark does not trust, so it was refused. Open Tickmark from its own address and try again.',
};

describe('the Origin check', () => {
  it.each([
    ['another site', { origin: 'https://evil.example' }],
    ['the same host on another port', { origin: 'http://localhost:8081' }],
    ['the same host over another scheme', { origin: 'https://localhost' }],
    ['an opaque origin', { origin: 'null' }],
    ['no Origin and no Referer', { origin: null }],
    [
      'no Origin and a foreign Referer',
      { origin: null, headers: { referer: 'https://evil.example/page' } },
    ],
  ])('refuses a POST from %s with 403 bad_origin, before anything else', async (_name, options) => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).post(ROUTES.signIn, credentials(), options);
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(BAD_ORIGIN);
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it.each([
    ['its own origin', { origin: APP_ORIGIN }],
    [
      'no Origin but a same-origin Referer',
      { origin: null, headers: { referer: `${APP_ORIGIN}/register` } },
    ],
  ])('accepts a POST from %s', async (_name, options) => {
    const { app } = createTestApp(t.db);
    expect((await new TestClient(app).post(ROUTES.signIn, credentials(), options)).status).toBe(
      200,
    );
  });

  it('accepts a TRUSTED_ORIGINS entry and only those', async () => {
    const { app } = createTestApp(t.db, { env: { TRUSTED_ORIGINS: 'https://office.example.org' } });
    const trusted = await new TestClient(app).post(ROUTES.signIn, credentials(), {
      origin: 'https://office.example.org',
    });
    expect(trusted.status).toBe(200);
    const other = await new TestClient(app).post(ROUTES.signIn, credentials(), {
      origin: 'https://other.example.org',
    });
    expect(other.status).toBe(403);
  });

  it('refuses sign-out from another site, so a forged link cannot sign someone out', async () => {
    const { app } = createTestApp(t.db);
    const client = new TestClient(app);
    await client.signIn({
      email: credentials().email ?? '',
      password: credentials().password ?? '',
    });
    const res = await client.post(ROUTES.signOut, undefined, { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await client.get(ROUTES.me)).status).toBe(200);
  });

  it.each(['PUT', 'PATCH', 'DELETE'])('checks %s too', async (method) => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).request(method, ROUTES.me, undefined, {
      origin: 'https://evil.example',
    });
    expect(res.status).toBe(403);
  });

  it('compares with the configured public origin, not the Host the request names', async () => {
    // The attacker's page at evil.example reaches the server under its own name (DNS
    // rebinding): Host and Origin agree with each other, and neither is the school's address.
    const { app } = createTestApp(t.db);
    const spoofed = await new TestClient(app).post(
      `http://evil.example${ROUTES.signIn}`,
      credentials(),
      { origin: 'http://evil.example' },
    );
    expect(spoofed.status).toBe(403);
    expect(await spoofed.json()).toEqual(BAD_ORIGIN);
    expect(spoofed.headers.getSetCookie()).toEqual([]);
  });

  it('accepts PUBLIC_ORIGIN whatever address the request reached the server at', async () => {
    const { app } = createTestApp(t.db, {
      env: { PUBLIC_ORIGIN: 'https://tickmark.oakfield.sch.uk' },
    });
    const res = await new TestClient(app).post(
      `http://10.0.0.5:8080${ROUTES.signIn}`,
      credentials(),
      { origin: 'https://tickmark.oakfield.sch.uk' },
    );
    expect(res.status).toBe(200);
  });

  it("without PUBLIC_ORIGIN, accepts only this machine on the server's own port", async () => {
    const { app } = createTestApp(t.db, { env: { PUBLIC_ORIGIN: '', PORT: '8123' } });
    for (const origin of ['http://localhost:8123', 'http://127.0.0.1:8123', 'http://[::1]:8123']) {
      const res = await new TestClient(app).post(`${origin}${ROUTES.signIn}`, credentials(), {
        origin,
      });
      expect(res.status, origin).toBe(200);
    }
    for (const origin of [
      'http://localhost',
      'http://192.168.1.20:8123',
      'http://evil.example:8123',
    ]) {
      const res = await new TestClient(app).post(`${origin}${ROUTES.signIn}`, credentials(), {
        origin,
      });
      expect(res.status, origin).toBe(403);
    }
  });

  it('lets GET through without an Origin', async () => {
    const { app } = createTestApp(t.db);
    expect((await new TestClient(app).get(ROUTES.health, { origin: null })).status).toBe(200);
  });
});
