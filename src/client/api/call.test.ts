import { describe, expect, it } from 'vitest';
import { appendImportChunk, exportMarksCsv } from '../../shared/api/endpoints/dataEndpoints';
import { listContacts, recordReturn, today } from '../../shared/api/endpoints/officeEndpoints';
import { absence } from '../../shared/api/endpoints/reportEndpoints';
import { call, callCsv, OFFLINE_MESSAGE, type FetchLike } from './call';

const TODAY = { date: '2025-09-08', part: 'AM' } as const;

function answering(status: number, body: unknown, headers: HeadersInit = {}): FetchLike {
  return () =>
    Promise.resolve(
      new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers }),
    );
}

function recording(status = 200, body: unknown = {}) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch: FetchLike = (url, init) => {
    calls.push({ url, init });
    return answering(status, body)(url, init);
  };
  return { calls, fetch };
}

/** A server that never answers, until the request is abandoned. */
const hanging: FetchLike = (_url, init) =>
  new Promise((_resolve, reject) => {
    init.signal?.addEventListener('abort', () => reject(new DOMException('', 'AbortError')));
  });

describe('call builds the request from the endpoint', () => {
  it('fills the path, sends the JSON body with the method, as the unlocked person', async () => {
    const { calls, fetch } = recording(200, {});
    await call(
      recordReturn,
      { params: { id: 'a b/c' }, body: { at: '2025-09-08T10:00:00.000Z' } },
      { fetch, staffId: 'staff-1' },
    );
    expect(calls[0]?.url).toBe('/api/office/sign-outs/a%20b%2Fc/return');
    expect(calls[0]?.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(calls[0]?.init.headers).toMatchObject({
      'Content-Type': 'application/json',
      'X-Tickmark-Staff': 'staff-1',
    });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ at: '2025-09-08T10:00:00.000Z' });
  });

  it('puts the query in the address and sends a CSV chunk as text/csv', async () => {
    const { calls, fetch } = recording(200, {});
    await call(today, { query: TODAY }, { fetch, baseUrl: 'https://office.test' });
    await call(
      appendImportChunk,
      { params: { id: 'job' }, query: { index: 2 }, body: 'upn,name\r\n' },
      { fetch },
    );
    expect(calls.map((c) => c.url)).toEqual([
      'https://office.test/api/office/today?date=2025-09-08&part=AM',
      '/api/data/imports/job/chunks?index=2',
    ]);
    expect(calls[1]?.init.headers).toMatchObject({ 'Content-Type': 'text/csv; charset=utf-8' });
    expect(calls[1]?.init.body).toBe('upn,name\r\n');
  });

  it('gives a file download as its text, and a list’s CSV with format=csv', async () => {
    const { calls, fetch } = recording(200, 'a,b\r\n');
    const file = await call(
      exportMarksCsv,
      { query: { from: '2025-09-01', to: '2025-09-30' } },
      { fetch },
    );
    expect(file).toEqual({ ok: true, value: 'a,b\r\n' });
    await callCsv(absence, { query: { level: 'persistent' } }, { fetch });
    expect(calls[1]?.url).toBe('/api/reports/absence?level=persistent&format=csv');
  });
});

describe('call fails in one way for everyone', () => {
  it('parses a good answer with the endpoint’s schema', async () => {
    const result = await call(
      listContacts,
      { query: { date: '2025-09-08' } },
      { fetch: answering(200, { contacts: [] }) },
    );
    expect(result).toEqual({ ok: true, value: { contacts: [] } });
  });

  it.each([
    [
      'no connection',
      () => Promise.reject(new TypeError('Failed to fetch')),
      { kind: 'offline', message: OFFLINE_MESSAGE },
    ],
    [
      'a 503 with the server’s message',
      answering(503, { status: 'error', reason: 'unavailable', message: 'Database down.' }),
      { kind: 'offline', status: 503, reason: 'unavailable', message: 'Database down.' },
    ],
    [
      'a proxy’s 502 page',
      answering(502, '<html>Bad gateway</html>'),
      { kind: 'offline', status: 502, message: OFFLINE_MESSAGE },
    ],
    [
      'a 401',
      answering(401, { status: 'error', reason: 'not_signed_in', message: 'Sign in again.' }),
      { kind: 'not_signed_in', message: 'Sign in again.' },
    ],
    [
      'a 400 naming the bad fields',
      answering(400, {
        status: 'error',
        reason: 'invalid_request',
        message: 'The query has problems: date is required.',
        details: { issues: [{ path: 'date', message: 'is required' }] },
      }),
      {
        kind: 'refused',
        status: 400,
        reason: 'invalid_request',
        issues: [{ path: 'date', message: 'is required' }],
      },
    ],
    [
      'a 403 without a body',
      answering(403, ''),
      { kind: 'refused', status: 403, reason: 'unknown', issues: [] },
    ],
    [
      'a 200 that is not JSON',
      answering(200, '<html>captive portal</html>'),
      { kind: 'bad_response', status: 200 },
    ],
    [
      'a 200 of the wrong shape',
      answering(200, { groups: 'none' }),
      { kind: 'bad_response', status: 200 },
    ],
  ] as const)('%s', async (_what, fetch, error) => {
    const result = await call(today, { query: TODAY }, { fetch });
    expect(result).toMatchObject({ ok: false, error });
  });

  it('abandons a request that takes longer than its timeout', async () => {
    const result = await call(today, { query: TODAY }, { fetch: hanging, timeoutMs: 10 });
    expect(result).toEqual({ ok: false, error: { kind: 'offline', message: OFFLINE_MESSAGE } });
  });

  it('abandons a request when its caller aborts, and says so', async () => {
    const controller = new AbortController();
    const pending = call(today, { query: TODAY }, { fetch: hanging, signal: controller.signal });
    controller.abort();
    expect(await pending).toEqual({
      ok: false,
      error: { kind: 'offline', message: OFFLINE_MESSAGE, aborted: true },
    });
  });

  it('does not send a request whose caller has already given up', async () => {
    const { calls, fetch } = recording();
    const controller = new AbortController();
    controller.abort();
    const result = await call(today, { query: TODAY }, { fetch, signal: controller.signal });
    expect(result).toMatchObject({ ok: false, error: { kind: 'offline', aborted: true } });
    expect(calls).toHaveLength(0);
  });

  it('gives a server fault’s reference to quote, from the request id in its body', async () => {
    const result = await call(
      today,
      { query: TODAY },
      {
        fetch: answering(500, {
          status: 'error',
          reason: 'internal',
          message: 'Something went wrong on the server.',
          requestId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        }),
      },
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'offline',
        status: 500,
        reason: 'internal',
        message:
          'Something went wrong on the server. If this keeps happening, quote reference b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d to whoever looks after Tickmark.',
      },
    });
  });

  it('gives the server’s message alone when there is no reference, with its Retry-After', async () => {
    const result = await call(
      today,
      { query: TODAY },
      {
        fetch: answering(
          429,
          { status: 'error', reason: 'rate_limited', message: 'Wait a minute.' },
          { 'Retry-After': '60' },
        ),
      },
    );
    expect(result).toEqual({
      ok: false,
      error: {
        kind: 'offline',
        status: 429,
        reason: 'rate_limited',
        message: 'Wait a minute.',
        retryAfterSeconds: 60,
      },
    });
  });
});
