/**
 * A fake office server for the "did it work?" and celebration screens: answers by path with
 * bodies checked against the contract's own schemas first, and records each request's path and
 * query, so a fixture that drifts from the contract fails loudly.
 */
import type { z } from 'zod';
import type { FetchLike } from '../../api/call';

export interface Seen {
  readonly path: string;
  readonly query: URLSearchParams;
}

export type Reply = { readonly status: number; readonly json: unknown };

export function okReply<T>(schema: z.ZodType<T>, body: T): Reply {
  return { status: 200, json: schema.parse(body) };
}

export function fakeServer(answer: (seen: Seen) => Reply): { fetch: FetchLike; seen: Seen[] } {
  const seen: Seen[] = [];
  const fetch: FetchLike = (input) => {
    const url = new URL(input, 'http://tickmark.test');
    const request = { path: url.pathname, query: url.searchParams };
    seen.push(request);
    const reply = answer(request);
    return Promise.resolve(
      new Response(JSON.stringify(reply.json), {
        status: reply.status,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  };
  return { fetch, seen };
}
