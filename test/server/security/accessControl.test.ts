/**
 * Access control over EVERY endpoint the app serves (docs/design.md §5), found from
 * the app's own route table so a new endpoint is covered the day it is added:
 * - no session → 401 `not_signed_in` (only health, sign-in, sign-out and first-run setup are public);
 * - a teacher on the office, admin and data endpoints → 403 `forbidden`;
 * - a governor (read-only: docs/governors.md) on every endpoint but their short list (their pack,
 *   the targets, their session) → 403 `forbidden`, so nothing naming a pupil reaches them;
 * - a state-changing request from another site (a wrong Origin, or none) → 403 `bad_origin`,
 *   before anything else is looked at, even with a live session.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addStaff, createTestApp, TestClient, type TestStaff } from '../fixtures';
import { openTestDatabase, type TestDatabase } from '../harness';
import { createSyncSchool, type SyncSchool } from '../syncFixtures';
import {
  declaredForEveryone,
  declaredRoutes,
  fillPath,
  isPublic,
  isWrite,
  registeredEndpoints,
  SERVER_TO_SERVER_ENDPOINTS,
  type Endpoint,
} from './routeCatalogue';

// A loaded two-core machine can take a minute to open a database.
vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

let testDb: TestDatabase;
let school: SyncSchool;
let app: ReturnType<typeof createTestApp>['app'];
let endpoints: Endpoint[];
let governor: TestStaff;

beforeAll(async () => {
  testDb = await openTestDatabase();
  school = await createSyncSchool(testDb.db);
  governor = await addStaff(testDb.db, {
    organisationId: school.organisationId,
    schoolId: school.id,
    handle: 'governor',
    roles: ['governor'],
  });
  app = createTestApp(testDb.db).app;
  endpoints = registeredEndpoints(app);
});
afterAll(async () => {
  await testDb.close();
});

const label = (e: Endpoint) => `${e.method} ${e.path}`;

async function bodyOf(res: Response): Promise<{ reason?: string; message?: string }> {
  const text = await res.text();
  try {
    return JSON.parse(text) as { reason?: string; message?: string };
  } catch {
    return { message: text };
  }
}

/** The endpoints of `list` that do not answer `browser` 403 `forbidden`, with what they did answer. */
async function notForbidden(browser: TestClient, list: readonly Endpoint[]): Promise<string[]> {
  const wrong: string[] = [];
  for (const endpoint of list) {
    const res = await browser.request(
      endpoint.method,
      fillPath(endpoint.path),
      isWrite(endpoint.method) ? {} : undefined,
    );
    const body = await bodyOf(res);
    if (res.status !== 403 || body.reason !== 'forbidden') {
      wrong.push(`${label(endpoint)} → ${res.status} ${body.reason ?? ''}`);
    }
  }
  return wrong;
}

describe('the endpoint catalogue', () => {
  it('finds the endpoints of every area (sync, auth, admin, office…)', () => {
    const paths = endpoints.map(label);
    expect(paths).toContain('POST /api/sync/push');
    expect(paths).toContain('GET /api/sync/pull');
    expect(paths).toContain('POST /api/admin/devices/:id/revoke');
    expect(paths).toContain('GET /api/pupils/:id/entries');
    expect(endpoints.length).toBeGreaterThan(10);
  });

  it('every path declared in src/shared/api answers 401 without a session, or 404 while not served yet', async () => {
    const browser = new TestClient(app);
    const served = new Set(endpoints.map((e) => e.path));
    const wrong: string[] = [];
    for (const path of await declaredRoutes()) {
      for (const method of ['GET', 'POST']) {
        const res = await browser.request(
          method,
          fillPath(path),
          method === 'POST' ? {} : undefined,
        );
        const isServed = endpoints.some((e) => e.path === path && e.method === method);
        const publicOne = isPublic({ method, path });
        const allowed = publicOne
          ? res.status < 500
          : isServed
            ? res.status === 401
            : res.status === 401 || res.status === 404;
        if (!allowed) wrong.push(`${method} ${path} → ${res.status}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(served.size).toBeGreaterThan(0);
  });
});

describe('without a session', () => {
  it('every non-public endpoint answers 401 not_signed_in', async () => {
    const browser = new TestClient(app);
    const wrong: string[] = [];
    for (const endpoint of endpoints.filter((e) => !isPublic(e))) {
      const res = await browser.request(
        endpoint.method,
        fillPath(endpoint.path),
        isWrite(endpoint.method) ? {} : undefined,
      );
      const body = await bodyOf(res);
      if (res.status !== 401 || body.reason !== 'not_signed_in') {
        wrong.push(`${label(endpoint)} → ${res.status} ${body.reason ?? ''}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('a made-up session cookie is no better than none', async () => {
    const browser = new TestClient(app);
    browser.cookies.set('tickmark_session', 'x'.repeat(43));
    const wrong: string[] = [];
    for (const endpoint of endpoints.filter((e) => !isPublic(e))) {
      const res = await browser.request(
        endpoint.method,
        fillPath(endpoint.path),
        isWrite(endpoint.method) ? {} : undefined,
      );
      if (res.status !== 401) wrong.push(`${label(endpoint)} → ${res.status}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('a teacher', () => {
  const STAFF_ONLY_AREAS = ['/api/office/', '/api/admin/', '/api/data/'];

  it('gets 403 forbidden from every office, admin and data endpoint (but those declared for every role)', async () => {
    const browser = new TestClient(app);
    await browser.signIn(school.member('teacher'));
    const forEveryone = declaredForEveryone();
    const guarded = endpoints.filter(
      (e) => STAFF_ONLY_AREAS.some((a) => e.path.startsWith(a)) && !forEveryone.has(label(e)),
    );
    expect(guarded.length).toBeGreaterThan(2);
    expect(await notForbidden(browser, guarded)).toEqual([]);
  });

  it('cannot act as someone else by naming them in the staff header', async () => {
    const browser = new TestClient(app);
    await browser.signIn(school.member('teacher'));
    const res = await browser.get('/api/sync/snapshot', {
      headers: { 'x-tickmark-staff': school.member('office').id },
    });
    expect(res.status).toBe(401);
  });
});

describe('a governor', () => {
  /**
   * All a governor may call beyond the public endpoints: their session and schools, the pack and
   * the targets (docs/governors.md). None of them names a pupil.
   */
  const GOVERNOR_MAY_CALL = new Set([
    'GET /api/auth/me',
    'GET /api/data/schools',
    'POST /api/auth/switch-school',
    'GET /api/targets',
    'POST /api/targets/:id/decision',
    'GET /api/governors/pack',
    'GET /api/governors/pack.pdf',
  ]);

  it('gets 403 forbidden from every endpoint but their short list', async () => {
    const browser = new TestClient(app);
    await browser.signIn(governor);
    const refused = endpoints.filter((e) => !isPublic(e) && !GOVERNOR_MAY_CALL.has(label(e)));
    expect(refused.length).toBeGreaterThan(100);
    // Every endpoint naming a pupil is among them.
    expect(refused.map(label)).toEqual(
      expect.arrayContaining([
        'GET /api/sync/snapshot',
        'GET /api/sync/pull',
        'POST /api/sync/push',
        'GET /api/pupils/:id/entries',
        'GET /api/reports/absence',
        'GET /api/reports/summary',
      ]),
    );
    expect(await notForbidden(browser, refused)).toEqual([]);
  });

  it('may call each endpoint of the short list (none refuses them)', async () => {
    const browser = new TestClient(app);
    await browser.signIn(governor);
    for (const entry of GOVERNOR_MAY_CALL) {
      expect(endpoints.map(label)).toContain(entry);
    }
    expect((await browser.get('/api/governors/pack')).status).not.toBe(403);
    expect((await browser.get('/api/targets')).status).toBe(200);
  });
});

describe('a request from another site', () => {
  it.each([
    ['a foreign Origin', 'https://evil.example'],
    ['a look-alike Origin', 'http://localhost.evil.example'],
    ['no Origin or Referer at all', null],
  ])(
    'with %s is refused 403 bad_origin on every state-changing endpoint',
    async (_name, origin) => {
      const browser = new TestClient(app);
      await browser.signIn(school.member('admin'));
      const writes = endpoints.filter(
        (e) =>
          isWrite(e.method) &&
          !SERVER_TO_SERVER_ENDPOINTS.some((x) => x.method === e.method && x.path === e.path),
      );
      expect(writes.length).toBeGreaterThan(3);
      const wrong: string[] = [];
      for (const endpoint of writes) {
        const res = await browser.request(endpoint.method, fillPath(endpoint.path), {}, { origin });
        const body = await bodyOf(res);
        if (res.status !== 403 || body.reason !== 'bad_origin') {
          wrong.push(`${label(endpoint)} → ${res.status} ${body.reason ?? ''}`);
        }
      }
      expect(wrong).toEqual([]);
    },
  );
});
