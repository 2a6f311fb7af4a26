import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PushRequest } from '../../shared/api/syncSchemas';
import { DEVICE_ID, PUPIL, TEACHER } from '../testSupport.fixture';
import { createSyncClient, type FetchLike } from './syncClient';

const PUSH: PushRequest = {
  protocolVersion: 1,
  deviceId: DEVICE_ID,
  clockOffsetMs: null,
  events: [
    {
      clientSeq: 1,
      eventId: '00000000-0000-4000-8000-0000000e0001',
      actorStaffId: TEACHER.staffId,
      pupilId: PUPIL.ada,
      session: { date: '2025-09-08', part: 'AM' },
      code: '/',
      minutesLate: null,
      arrivedAt: null,
      reason: null,
      baseEventId: null,
      recordedAt: '2025-09-08T08:50:00.000Z',
    },
  ],
};

const PUSH_OK = {
  acks: [
    {
      eventId: '00000000-0000-4000-8000-0000000e0001',
      clientSeq: 1,
      serverSeq: 1,
      status: 'applied',
      reason: null,
      entry: {
        code: '/',
        minutesLate: null,
        headEventId: '00000000-0000-4000-8000-0000000e0001',
        headSeq: 1,
        headRole: 'teacher',
        needsReview: false,
      },
    },
  ],
  lastClientSeq: 1,
  headSeq: 1,
  serverTime: '2025-09-08T08:50:01.000Z',
};

function answering(status: number, body: unknown): FetchLike {
  return async () =>
    new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
}

const error = (reason: string, message: string, details?: unknown) => ({
  status: 'error',
  reason,
  message,
  ...(details === undefined ? {} : { details }),
});

describe('syncClient.push maps every answer to a typed result', () => {
  it.each([
    ['a 200 that parses', 200, PUSH_OK, { ok: true }],
    [
      'a 200 of the wrong shape',
      200,
      { acks: 'none' },
      { ok: false, error: { kind: 'bad_response', status: 200 } },
    ],
    ['a 200 that is not JSON', 200, '<html>', { ok: false, error: { kind: 'bad_response' } }],
    [
      '401: not signed in',
      401,
      error('not_signed_in', 'Please sign in again.'),
      { ok: false, error: { kind: 'not_signed_in', message: 'Please sign in again.' } },
    ],
    [
      '409 sequence gap with the expected number',
      409,
      error('sequence_gap', 'expected clientSeq 4, got 6', { expected: 4 }),
      { ok: false, error: { kind: 'sequence_gap', expected: 4 } },
    ],
    [
      '409 sequence gap without its details is a plain refusal',
      409,
      error('sequence_gap', 'Missing marks.'),
      { ok: false, error: { kind: 'refused', status: 409, reason: 'sequence_gap' } },
    ],
    [
      '422 events rejected, with each refused event and the next number',
      422,
      error('events_rejected', 'A mark was refused: no.', {
        expected: 3,
        rejected: [
          { eventId: '00000000-0000-4000-8000-0000000e0001', clientSeq: 4, message: 'No.' },
        ],
      }),
      {
        ok: false,
        error: {
          kind: 'events_rejected',
          message: 'A mark was refused: no.',
          details: {
            expected: 3,
            rejected: [
              { eventId: '00000000-0000-4000-8000-0000000e0001', clientSeq: 4, message: 'No.' },
            ],
          },
        },
      },
    ],
    [
      '422 events rejected with details of the wrong shape is a plain refusal',
      422,
      error('events_rejected', 'Refused.', { expected: 0, rejected: [] }),
      { ok: false, error: { kind: 'refused', status: 422, reason: 'events_rejected' } },
    ],
    [
      '409 client_seq_reused is a plain refusal',
      409,
      error('client_seq_reused', 'Each clientSeq must stay with its event.'),
      { ok: false, error: { kind: 'refused', status: 409, reason: 'client_seq_reused' } },
    ],
    [
      '413: too large',
      413,
      error('payload_too_large', 'Too big.'),
      { ok: false, error: { kind: 'too_large' } },
    ],
    [
      '400 with the server’s message',
      400,
      error('invalid_request', 'events.0.code: too long'),
      {
        ok: false,
        error: {
          kind: 'refused',
          status: 400,
          reason: 'invalid_request',
          message: 'events.0.code: too long',
        },
      },
    ],
    [
      '403 from a revoked device',
      403,
      error('device_mismatch', 'This device was revoked.'),
      { ok: false, error: { kind: 'refused', status: 403, reason: 'device_mismatch' } },
    ],
    [
      '404 without a body',
      404,
      '',
      { ok: false, error: { kind: 'refused', status: 404, reason: 'http_404' } },
    ],
    [
      '503: transient',
      503,
      error('unavailable', 'Try again.'),
      { ok: false, error: { kind: 'transient', status: 503 } },
    ],
    ['500: transient', 500, '', { ok: false, error: { kind: 'transient', status: 500 } }],
    [
      '429: transient',
      429,
      error('rate_limited', 'Slow down.'),
      { ok: false, error: { kind: 'transient', status: 429 } },
    ],
  ])('%s', async (_why, status, body, expected) => {
    const client = createSyncClient({ fetch: answering(status, body) });
    expect(await client.push(PUSH)).toMatchObject(expected);
  });

  it('treats a network failure as transient with no status', async () => {
    const client = createSyncClient({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    expect(await client.push(PUSH)).toMatchObject({
      ok: false,
      error: { kind: 'transient', status: null },
    });
  });

  it('gives up on a request that takes longer than the timeout', async () => {
    const client = createSyncClient({
      timeoutMs: 10,
      fetch: (_url, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(new DOMException('', 'AbortError')));
        }),
    });
    expect(await client.push(PUSH)).toMatchObject({ ok: false, error: { kind: 'transient' } });
  });
});

describe('syncClient requests', () => {
  function recording() {
    const calls: { url: string; init: RequestInit }[] = [];
    const fetch: FetchLike = async (url, init) => {
      calls.push({ url, init });
      return new Response(JSON.stringify({}), { status: 500 });
    };
    return { calls, fetch };
  }

  it('posts the push as JSON to the push route with same-origin credentials', async () => {
    const { calls, fetch } = recording();
    await createSyncClient({ fetch, baseUrl: 'https://office.test' }).push(PUSH);
    const call = calls[0];
    expect(call?.url).toBe('https://office.test/api/sync/push');
    expect(call?.init).toMatchObject({ method: 'POST', credentials: 'same-origin' });
    expect(call?.init.headers).toMatchObject({ 'Content-Type': 'application/json' });
    expect(JSON.parse(String(call?.init.body))).toEqual(PUSH);
  });

  it('puts the cursor, limit, epoch and roster version in the pull query', async () => {
    const { calls, fetch } = recording();
    const client = createSyncClient({ fetch });
    await client.pull({
      after: 12,
      limit: 100,
      epoch: '00000000-0000-4000-8000-00000000e0c1',
      rosterVersion: 3,
    });
    await client.pull({ after: 0, rosterVersion: 0 });
    await client.snapshot();
    expect(calls.map((c) => c.url)).toEqual([
      '/api/sync/pull?after=12&rosterVersion=3&limit=100&epoch=00000000-0000-4000-8000-00000000e0c1',
      '/api/sync/pull?after=0&rosterVersion=0',
      '/api/sync/snapshot',
    ]);
    expect(calls.every((c) => c.init.credentials === 'same-origin')).toBe(true);
  });
});
