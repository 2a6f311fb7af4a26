/**
 * Request ids and request lines: every answer carries an X-Request-Id (the caller's when sane),
 * every line logged while answering carries the same id, and each request is logged once at info
 * with its route pattern — never the concrete path or the query string.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app';
import { createLogger } from '../../src/server/logger';
import { ROUTES } from '../../src/shared/api/routes';
import { TEST_PASSWORD_PARAMS, TestClient, testConfig } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool } from './syncFixtures';

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
});
afterAll(() => t.close());

function appLoggingAt(level: 'info' | 'warn') {
  const lines: string[] = [];
  const app = createApp({
    config: testConfig(),
    db: t.db,
    logger: createLogger(level, (line) => lines.push(line)),
    passwordParams: TEST_PASSWORD_PARAMS,
  });
  const entries = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { app, entries };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('request ids', () => {
  it('every answer has a new one, and its request line carries it', async () => {
    const { app, entries } = appLoggingAt('info');
    const first = await app.request(ROUTES.health);
    const second = await app.request('/api/nothing-here');
    const ids = [first, second].map((r) => r.headers.get('x-request-id'));
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
    expect(entries().map((e) => e.requestId)).toEqual(ids);
  });

  it("keeps a sane id from the caller (a proxy's or the tablet's)", async () => {
    const { app, entries } = appLoggingAt('info');
    const res = await app.request(ROUTES.health, { headers: { 'X-Request-Id': 'lb-7f3a_9=' } });
    expect(res.headers.get('x-request-id')).toBe('lb-7f3a_9=');
    expect(entries()[0]?.requestId).toBe('lb-7f3a_9=');
  });

  it.each([
    ['spaces and quotes', 'a" "b'],
    ['a forged second log field', 'x","level":"fatal'],
    ['too long', 'a'.repeat(65)],
  ])('replaces one with %s', async (_name, sent) => {
    const { app } = appLoggingAt('info');
    const res = await app.request(ROUTES.health, { headers: { 'X-Request-Id': sent } });
    expect(res.headers.get('x-request-id')).toMatch(UUID);
  });
});

describe('request lines', () => {
  it('say method, route pattern, status and time at info, with no path or query', async () => {
    const school = await createSyncSchool(t.db);
    const { app, entries } = appLoggingAt('info');
    const office = new TestClient(app);
    await office.signIn(school.member('office'));
    const pupilId = school.pupil(0);
    await office.get(`/api/pupils/${pupilId}/entries?from=2025-03-01&to=2025-03-31`);

    const requests = entries().filter((e) => e.msg === 'request');
    expect(requests.map((e) => [e.method, e.route, e.status])).toEqual([
      ['POST', ROUTES.signIn, 200],
      ['GET', ROUTES.pupilEntries, 200],
    ]);
    for (const e of requests) {
      expect(e.level).toBe('info');
      expect(e.ms).toEqual(expect.any(Number));
      expect(e.time).toEqual(expect.any(String));
    }
    const log = JSON.stringify(entries());
    expect(log).not.toContain(pupilId);
    expect(log).not.toContain('2025-03');
  });

  it('are not written above info (LOG_LEVEL=warn)', async () => {
    const { app, entries } = appLoggingAt('warn');
    await app.request(ROUTES.health);
    expect(entries()).toEqual([]);
  });
});
