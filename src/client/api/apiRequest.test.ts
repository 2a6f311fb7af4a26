import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiRequest, type FetchLike } from './apiRequest';

function answering(status: number, body: unknown): FetchLike {
  return () => Promise.resolve(new Response(JSON.stringify(body), { status }));
}

describe('apiRequest failures', () => {
  it('gives a server fault’s reference to quote, from the request id in its body', async () => {
    const result = await apiRequest('/api/office/today', z.unknown(), {
      fetch: answering(500, {
        status: 'error',
        reason: 'internal',
        message: 'Something went wrong on the server.',
        requestId: 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      }),
    });
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

  it('gives the server’s message alone when there is no reference (429)', async () => {
    const result = await apiRequest('/api/office/today', z.unknown(), {
      fetch: answering(429, { status: 'error', reason: 'rate_limited', message: 'Wait a minute.' }),
    });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'offline', status: 429, reason: 'rate_limited', message: 'Wait a minute.' },
    });
  });
});
