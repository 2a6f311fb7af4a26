/**
 * Browser protections on every answer: every endpoint in the app's own route table (as a
 * signed-in admin, whatever each answers), the app's pages and files, a 404 and an error. API
 * answers are never cached; the app's fingerprinted files keep their year-long caching. HSTS only
 * when the browser reached us over HTTPS (the real TLS listener is in tls.test.ts).
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '../../src/shared/api/routes';
import { createTestApp, createTestSchool, TestClient } from './fixtures';
import type { TestSchool } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { fillPath, registeredEndpoints } from './security/routeCatalogue';

vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

let t: TestDatabase;
let school: TestSchool;
let clientDir: string;

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, {
    staff: { admin: ['admin', 'office', 'attendance_lead', 'teacher'] },
  });
  clientDir = await mkdtemp(join(tmpdir(), 'tickmark-headers-'));
  await mkdir(join(clientDir, 'assets'));
  await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>Tickmark</title>');
  await writeFile(join(clientDir, 'assets', 'index-abc123.js'), 'console.log(1);');
});
afterAll(async () => {
  await t.close();
  await rm(clientDir, { recursive: true, force: true });
});

/** What every answer must carry, or the list of what it lacks. */
function missingProtections(res: Response): string[] {
  const missing: string[] = [];
  const csp = res.headers.get('content-security-policy') ?? '';
  for (const directive of [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ]) {
    if (!csp.includes(directive)) missing.push(`Content-Security-Policy ${directive}`);
  }
  if (res.headers.get('x-content-type-options') !== 'nosniff') missing.push('nosniff');
  if (res.headers.get('x-frame-options') !== 'DENY') missing.push('X-Frame-Options: DENY');
  if (res.headers.get('referrer-policy') !== 'same-origin') missing.push('Referrer-Policy');
  if (res.headers.has('strict-transport-security')) missing.push('no HSTS over plain HTTP');
  return missing;
}

describe('every answer', () => {
  it('every API endpoint, signed in, carries the protections and Cache-Control: no-store', async () => {
    const { app } = createTestApp(t.db, { clientDir });
    const admin = new TestClient(app);
    await admin.signIn({
      email: school.staff.admin?.email ?? '',
      password: school.staff.admin?.password ?? '',
    });
    const endpoints = registeredEndpoints(app);
    expect(endpoints.length).toBeGreaterThan(30);
    // Reads first, then writes; signing out last so the session holds for the rest.
    const ordered = [
      ...endpoints.filter((e) => e.method === 'GET'),
      ...endpoints.filter((e) => e.method !== 'GET' && e.path !== ROUTES.signOut),
      ...endpoints.filter((e) => e.path === ROUTES.signOut),
    ];
    const wrong: string[] = [];
    const statuses = new Set<number>();
    for (const e of ordered) {
      const res = await admin.request(
        e.method,
        fillPath(e.path),
        e.method === 'GET' ? undefined : {},
      );
      statuses.add(res.status);
      const missing = missingProtections(res);
      // The OpenAPI document holds nobody's data and says it may be cached (openApi.test.ts).
      const caching = e.path === '/api/openapi.json' ? 'public, max-age=3600' : 'no-store';
      if (res.headers.get('cache-control') !== caching) missing.push(`Cache-Control: ${caching}`);
      if (missing.length > 0)
        wrong.push(`${e.method} ${e.path} (${res.status}): ${missing.join(', ')}`);
    }
    expect(wrong).toEqual([]);
    // Answers with pupils' data (200) and refusals alike were seen.
    expect(statuses).toContain(200);
    expect([...statuses].some((s) => s >= 400)).toBe(true);
  });

  it('API refusals and unknown API paths carry them too', async () => {
    const { app } = createTestApp(t.db, { clientDir });
    const browser = new TestClient(app);
    for (const res of [
      await browser.get(ROUTES.me),
      await browser.get('/api/no-such-thing'),
      await browser.post(ROUTES.signIn, { email: 'x' }, { origin: 'https://evil.example' }),
    ]) {
      expect(missingProtections(res)).toEqual([]);
      expect(res.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('the app’s pages and files carry them, and keep their own caching', async () => {
    const { app } = createTestApp(t.db, { clientDir });
    const browser = new TestClient(app);
    const page = await browser.get('/register');
    expect(page.status).toBe(200);
    expect(missingProtections(page)).toEqual([]);
    expect(page.headers.get('cache-control')).toBe('no-cache');

    const asset = await browser.get('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(missingProtections(asset)).toEqual([]);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

    const missing = await browser.get('/missing.png');
    expect(missing.status).toBe(404);
    expect(missingProtections(missing)).toEqual([]);
  });

  it('adds HSTS when the browser reached us over HTTPS through a trusted proxy, and only then', async () => {
    const { app } = createTestApp(t.db, { env: { TRUST_PROXY: 'true' } });
    const browser = new TestClient(app);
    const overHttps = await browser.get(ROUTES.health, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(overHttps.headers.get('strict-transport-security')).toBe('max-age=31536000');
    const overHttp = await browser.get(ROUTES.health, { headers: { 'x-forwarded-proto': 'http' } });
    expect(overHttp.headers.has('strict-transport-security')).toBe(false);

    const { app: untrusting } = createTestApp(t.db);
    const forged = await new TestClient(untrusting).get(ROUTES.health, {
      headers: { 'x-forwarded-proto': 'https' },
    });
    expect(forged.headers.has('strict-transport-security')).toBe(false);
  });
});
