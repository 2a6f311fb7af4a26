/**
 * Hostile input on every parser: every endpoint the app serves (from its route table),
 * given malformed, oversized and injection-shaped bodies, queries and path parameters by
 * fast-check, answers 4xx with the standard error body, never 5xx. The session holds every role
 * at its school, so the input reaches each endpoint's own parsing and rules rather than stopping
 * at a 403. Seeds are printed by fast-check on failure for replay.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, TestClient } from '../fixtures';
import { openTestDatabase, type TestDatabase } from '../harness';
import { createSyncSchool, morningClock, type SyncSchool } from '../syncFixtures';
import { fillPath, hasParams, isWrite, registeredEndpoints, type Endpoint } from './routeCatalogue';
import { LEAVE_REQUEST_MAX_BODY_BYTES } from '../../../src/shared/api/leaveSchemas';
import { LEAVE_REQUEST_PATH } from '../../../src/server/parents/leaveRoutes';
import { MAX_BENCHMARK_FILE_BYTES } from '../../../src/shared/api/benchmarkSchemas';
import { upload as benchmarkUpload } from '../../../src/shared/api/endpoints/benchmarkEndpoints';

vi.setConfig({ testTimeout: 300_000, hookTimeout: 180_000 });

let testDb: TestDatabase;
let school: SyncSchool;
let app: ReturnType<typeof createTestApp>['app'];
let endpoints: Endpoint[];
let browser: TestClient;

/** Endpoints that would end the fuzzing session itself; sign-in is fuzzed without one. */
const SESSION_ENDING = ['/api/auth/sign-out'];

beforeAll(async () => {
  testDb = await openTestDatabase();
  app = createTestApp(testDb.db, { clock: morningClock() }).app;
  school = await createSyncSchool(testDb.db, {
    staff: { all: ['admin', 'office', 'attendance_lead', 'teacher'] },
  });
  endpoints = registeredEndpoints(app).filter((e) => !SESSION_ENDING.includes(e.path));
  browser = new TestClient(app);
  await browser.signIn(school.member('all'));
});
afterAll(async () => {
  await testDb.close();
});

// ---- arbitraries ---------------------------------------------------------------------------

const NASTY = [
  "' OR '1'='1",
  "'; DROP TABLE mark_event; --",
  '"; DELETE FROM pupil; --',
  '\u0000',
  'a\u0000b',
  '%00',
  '\ud800',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  '{{constructor.constructor("return process")()}}',
  '__proto__',
  'constructor',
  '-1',
  '0',
  '9'.repeat(40),
  '1e309',
  'NaN',
  'Infinity',
  '2025-02-30',
  '0000-00-00',
  '9999-12-31',
  'AM; SELECT 1',
  ' ',
  '',
  'x'.repeat(5000),
];

const FIELD_NAMES = [
  'pupilId',
  'groupId',
  'tripId',
  'eventId',
  'id',
  'deviceId',
  'staffId',
  'schoolId',
  'date',
  'from',
  'to',
  'part',
  'at',
  'code',
  'reason',
  'name',
  'email',
  'password',
  'events',
  'decision',
  'note',
  'outcome',
  'method',
  'contact',
  'leftAt',
  'returnedAt',
  'pupils',
  'leaders',
  'label',
  'protocolVersion',
  'clientSeq',
  'after',
  'limit',
  'epoch',
  'rosterVersion',
  'csv',
  'text',
  'chunk',
  'index',
  'kind',
  'format',
  '__proto__',
  'constructor',
];

const nastyString = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.uuid().map(String),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
);

const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  nastyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, -1, 0, 2 ** 53, -(2 ** 63), 1e308),
  fc.array(nastyString, { maxLength: 3 }),
  fc.dictionary(fc.constantFrom(...FIELD_NAMES), nastyString, { maxKeys: 4 }),
);

/** Near-valid bodies: the fields endpoints read, with hostile values. */
const recordBody = fc.dictionary(fc.constantFrom(...FIELD_NAMES), nastyValue, { maxKeys: 8 });

const anyBody = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  recordBody,
  fc.array(recordBody, { maxLength: 3 }),
);

const queryString = fc
  .dictionary(fc.constantFrom(...FIELD_NAMES), nastyString, { maxKeys: 5 })
  .map((q) => `?${new URLSearchParams(q as Record<string, string>).toString()}`);

/** Path segments as they arrive on the wire: encoded, plus raw bytes that are not UTF-8 at all. */
const pathSegment = fc.oneof(
  fc.constantFrom(...NASTY.filter((s) => s !== '')).map(safeEncode),
  fc.constantFrom('%ED%A0%80', '%FF', '%', '%2e%2e%2f%2e%2e', '..', '.'),
  fc.uuid().map(String),
);

function safeEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as the bytes a client would send
  }
}

// ---- checks --------------------------------------------------------------------------------

const statuses = new Map<number, number>();

async function expectClientError(res: Response, what: string): Promise<void> {
  statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
  const text = await res.text();
  expect(res.status, `${what} → ${res.status} ${text.slice(0, 500)}`).toBeLessThan(500);
  if (res.status >= 400 && (res.headers.get('content-type') ?? '').includes('json')) {
    const body = JSON.parse(text) as { status?: unknown; reason?: unknown; message?: unknown };
    expect(body.status, what).toBe('error');
    expect(typeof body.reason, what).toBe('string');
    expect(typeof body.message, what).toBe('string');
    expect(text, what).not.toMatch(/at .+\.ts:\d+|node_modules|SELECT |INSERT /);
  }
}

const fill = (e: Endpoint) => fillPath(e.path, { id: randomUUID() });

/**
 * Runs one endpoint's property and keeps going after a failure, so one broken endpoint does not
 * hide the others: the test fails at the end listing every endpoint that answered 5xx.
 */
async function eachEndpoint(
  endpoints: readonly Endpoint[],
  check: (endpoint: Endpoint) => Promise<void>,
): Promise<void> {
  const failures: string[] = [];
  for (const endpoint of endpoints) {
    try {
      await check(endpoint);
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message;
      failures.push(`${endpoint.method} ${endpoint.path}: ${cause.split('\n')[0]?.slice(0, 400)}`);
    }
  }
  expect(failures).toEqual([]);
}

describe('hostile input on every endpoint', () => {
  it('JSON bodies, near-valid records and arrays: never 5xx', async () => {
    const writes = endpoints.filter((e) => isWrite(e.method));
    expect(writes.length).toBeGreaterThan(3);
    await eachEndpoint(writes, async (endpoint) => {
      const who = endpoint.path === '/api/auth/sign-in' ? new TestClient(app) : browser;
      await fc.assert(
        fc.asyncProperty(anyBody, async (body) => {
          const res = await who.request(endpoint.method, fill(endpoint), body);
          await expectClientError(
            res,
            `${endpoint.method} ${endpoint.path} ${JSON.stringify(body)?.slice(0, 300)}`,
          );
        }),
        { numRuns: 25 },
      );
    });
  });

  it('bodies that are not JSON, or not declared as JSON: never 5xx', async () => {
    await eachEndpoint(
      endpoints.filter((e) => isWrite(e.method)),
      async (endpoint) => {
        await fc.assert(
          fc.asyncProperty(
            fc.string({ unit: 'binary', maxLength: 200 }),
            fc.constantFrom(
              'application/json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
            ),
            async (raw, contentType) => {
              const res = await browser.request(endpoint.method, fill(endpoint), undefined, {
                rawBody: raw,
                headers: { 'content-type': contentType },
              });
              await expectClientError(
                res,
                `${endpoint.method} ${endpoint.path} raw ${JSON.stringify(raw)}`,
              );
            },
          ),
          { numRuns: 10 },
        );
      },
    );
  });

  it('a body over 1 MB (a leave request with its evidence file: 7 MB; a DfE file: 20 MB) is refused with 413 before it is read', async () => {
    const limits = new Map([
      [`POST ${LEAVE_REQUEST_PATH}`, LEAVE_REQUEST_MAX_BODY_BYTES],
      [`POST ${benchmarkUpload.path}`, MAX_BENCHMARK_FILE_BYTES],
    ]);
    for (const endpoint of endpoints.filter((e) => isWrite(e.method))) {
      const limit = limits.get(`${endpoint.method} ${endpoint.path}`) ?? 1024 * 1024;
      const huge = JSON.stringify({ note: 'x'.repeat(limit + 10) });
      const res = await browser.request(endpoint.method, fill(endpoint), undefined, {
        rawBody: huge,
      });
      expect(res.status, `${endpoint.method} ${endpoint.path}`).toBe(413);
    }
  });

  it('hostile query strings: never 5xx', async () => {
    await eachEndpoint(
      endpoints.filter((e) => e.method === 'GET'),
      async (endpoint) => {
        await fc.assert(
          fc.asyncProperty(queryString, async (query) => {
            const res = await browser.get(fill(endpoint) + query);
            await expectClientError(res, `GET ${endpoint.path}${query.slice(0, 300)}`);
          }),
          { numRuns: 20 },
        );
      },
    );
  });

  it('hostile path parameters: never 5xx', async () => {
    await eachEndpoint(
      endpoints.filter((e) => hasParams(e.path)),
      async (endpoint) => {
        await fc.assert(
          fc.asyncProperty(pathSegment, async (segment) => {
            const path = endpoint.path.replace(/:[A-Za-z]+/g, segment);
            const res = await browser.request(
              endpoint.method,
              path,
              isWrite(endpoint.method) ? {} : undefined,
            );
            await expectClientError(res, `${endpoint.method} ${path.slice(0, 300)}`);
          }),
          { numRuns: 15 },
        );
      },
    );
  });

  it('reached past the body checks (some answers were not 400)', () => {
    const seen = [...statuses.keys()];
    expect(seen).toContain(400);
    expect(seen.some((s) => s !== 400 && s < 500)).toBe(true);
  });
});
