/** Health, unknown addresses, server errors and serving the built PWA. */
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorBodySchema } from '../../src/shared/api/apiErrors';
import { ROUTES } from '../../src/shared/api/routes';
import { createApp } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import type { Database } from '../../src/server/db/database';
import { HEALTH_TIMEOUT_MS } from '../../src/server/healthCheck';
import { createTestApp, testConfig, TestClient } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

describe('GET /api/health', () => {
  it('says ok and which database it uses', async () => {
    const { app } = createTestApp(t.db);
    const res = await app.request(ROUTES.health);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'postgres' });
  });
});

describe('unknown API addresses', () => {
  it.each(['/api/nothing-here', '/api', '/api/auth/sign-in/extra'])(
    '%s is a JSON 404',
    async (path) => {
      const { app } = createTestApp(t.db);
      const res = await new TestClient(app).get(path);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toEqual({
        status: 'error',
        reason: 'not_found',
        message: 'There is no API endpoint at this address.',
      });
    },
  );

  it('a known address with the wrong method is a JSON 404 too', async () => {
    const { app } = createTestApp(t.db);
    const res = await new TestClient(app).get(ROUTES.signIn);
    expect(res.status).toBe(404);
    expect(apiErrorBodySchema.parse(await res.json()).reason).toBe('not_found');
  });
});

/** A database whose every query fails with `error`. */
function failingDatabase(db: Database, error: Error): Database {
  return { ...db, query: () => Promise.reject(error), transaction: () => Promise.reject(error) };
}

describe('server errors', () => {
  it('answer 500 with a generic message, no stack trace, and the request id to quote', async () => {
    const secret = new Error(
      'relation "x" does not exist at /srv/tickmark/src/server/secret.ts:12',
    );
    const logged: string[] = [];
    const app = createApp({
      config: testConfig(),
      db: failingDatabase(t.db, secret),
      logger: createLogger('info', (line) => logged.push(line)),
    });
    const res = await app.request(ROUTES.health);
    expect(res.status).toBe(500);
    const text = await res.text();
    const requestId = res.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(text)).toEqual({
      status: 'error',
      reason: 'internal',
      message:
        'Something went wrong on the server. Your request was not completed; please try again.',
      requestId,
    });
    expect(text).not.toMatch(/secret|relation|\.ts/);
    // The log has the whole story under the same id: the error with its stack, then the answer.
    const entries = logged.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map((e) => [e.level, e.msg, e.requestId])).toEqual([
      ['error', 'unexpected error', requestId],
      ['info', 'request', requestId],
    ]);
    expect(entries[0]?.err).toMatchObject({ message: secret.message, stack: secret.stack });
  });

  it.each([
    [
      'connection refused',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    ],
    [
      'admin shutdown',
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
    ],
    [
      'serialisation failure',
      Object.assign(new Error('could not serialize access'), { code: '40001' }),
    ],
    [
      'a statement at its time limit',
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ],
    [
      'a lock not granted in time',
      Object.assign(new Error('canceling statement due to lock timeout'), { code: '55P03' }),
    ],
    [
      'a session ended for idling in a transaction',
      Object.assign(new Error('terminating connection due to idle-in-transaction timeout'), {
        code: '25P03',
      }),
    ],
    ['no answer at all (the client’s own limit)', new Error('Query read timeout')],
  ])('answer 503 with Retry-After when the database is unavailable (%s)', async (_name, error) => {
    const app = createApp({ config: testConfig(), db: failingDatabase(t.db, error) });
    const res = await app.request(ROUTES.health);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({
      status: 'error',
      reason: 'unavailable',
      requestId: res.headers.get('x-request-id'),
    });
  });
});

describe('GET /api/health when the database does not answer', () => {
  it('answers 503 within a few seconds, not when the connection gives up', async () => {
    const silent: Database = { ...t.db, query: () => new Promise(() => undefined) };
    const app = createApp({ config: testConfig(), db: silent });
    const started = performance.now();
    const res = await app.request(ROUTES.health);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toMatchObject({
      status: 'error',
      reason: 'unavailable',
      message: 'The database did not answer within 3 seconds. Please try again in a moment.',
    });
    expect(elapsed).toBeGreaterThanOrEqual(HEALTH_TIMEOUT_MS - 50);
    expect(elapsed).toBeLessThan(HEALTH_TIMEOUT_MS + 2000);
  });
});

describe('serving the built PWA', () => {
  let clientDir: string;
  beforeAll(async () => {
    clientDir = await mkdtemp(join(tmpdir(), 'tickmark-client-'));
    await mkdir(join(clientDir, 'assets'));
    await writeFile(join(clientDir, 'index.html'), '<!doctype html><title>Tickmark</title>');
    await writeFile(join(clientDir, 'assets', 'app-1a2b3c.js'), 'console.log(1)');
    await writeFile(join(clientDir, 'manifest.webmanifest'), '{}');
  });

  it('serves files, with long caching only for fingerprinted assets', async () => {
    const { app } = createTestApp(t.db, { clientDir });
    const asset = await app.request('/assets/app-1a2b3c.js');
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('console.log(1)');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const manifest = await app.request('/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers.get('cache-control')).toBe('no-cache');
  });

  it.each(['/', '/register/today', '/office'])(
    'answers the page %s with the app shell',
    async (path) => {
      const { app } = createTestApp(t.db, { clientDir });
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('<title>Tickmark</title>');
      expect(res.headers.get('cache-control')).toBe('no-cache');
    },
  );

  it('answers a missing file with 404, not the app shell', async () => {
    const { app } = createTestApp(t.db, { clientDir });
    expect((await app.request('/assets/gone-000000.js')).status).toBe(404);
  });

  it('never answers an API address with the app shell', async () => {
    const { app } = createTestApp(t.db, { clientDir });
    const res = await app.request('/api/not-a-route');
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ reason: 'not_found' });
  });

  it('serves nothing outside /api when no client folder is given', async () => {
    const { app } = createTestApp(t.db);
    expect((await app.request('/')).status).toBe(404);
  });
});
