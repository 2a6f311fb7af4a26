/**
 * A fake office server for the admin screen tests: each test gives a handler that answers by
 * method and path; every request is recorded (path, query, parsed JSON or raw body). Answers are
 * built with the contract's own schemas (parsed before they are sent), so a fixture that drifts
 * from the contract fails loudly instead of testing a shape the server never sends.
 */
import { onTestFinished } from 'vitest';
import type { z } from 'zod';
import { apiErrorBodySchema, type ApiErrorReason } from '../../shared/api/apiErrors';
import type { FetchLike } from '../api/call';
import type { StaffProfile } from '../auth/deviceAuth';
import { profile, SCHOOL_ID } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import type { SectionProps } from '../ui/sectionProps';
import { ManualTimers } from '../testSupport.fixture';

export const ADMIN = {
  staffId: '00000000-0000-4000-8000-00000000a009',
  name: 'Sam Admin',
  role: 'admin' as const,
};

export const PIN = {
  algorithm: 'PBKDF2-SHA-256' as const,
  iterations: 1,
  salt: 'c2FsdA==',
  hash: 'aGFzaA==',
};

export function adminProfile(patch: Partial<StaffProfile> = {}): StaffProfile {
  return profile(ADMIN, PIN, { schoolId: SCHOOL_ID, ...patch });
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Record<string, string>;
  /** The body parsed as JSON, or the raw text when it was not JSON (CSV chunks). */
  readonly body: unknown;
}

export type Answer =
  | { readonly status: number; readonly json: unknown }
  | { readonly status: number; readonly text: string; readonly type: string }
  | { readonly offline: true };

export type Handler = (request: RecordedRequest) => Answer | Promise<Answer>;

/** An answer that is first checked against the contract's schema. */
export function ok<T>(schema: z.ZodType<T>, body: T, status = 200): Answer {
  return { status, json: schema.parse(body) };
}

/** A refusal in the API's error body shape. */
export function refused(
  status: number,
  reason: ApiErrorReason,
  message: string,
  details?: unknown,
): Answer {
  return {
    status,
    json: apiErrorBodySchema.parse({
      status: 'error',
      reason,
      message,
      ...(details === undefined ? {} : { details }),
    }),
  };
}

export function fakeAdminServer(handler: Handler): {
  fetch: FetchLike;
  requests: RecordedRequest[];
} {
  const requests: RecordedRequest[] = [];
  const handlerErrors: unknown[] = [];
  onTestFinished(() => {
    if (handlerErrors.length > 0) throw handlerErrors[0];
  });
  const fetch: FetchLike = async (input, init) => {
    const url = new URL(input, 'http://tickmark.test');
    const raw = typeof init.body === 'string' ? init.body : undefined;
    let body: unknown = raw;
    if (raw !== undefined) {
      try {
        body = JSON.parse(raw) as unknown;
      } catch {
        body = raw;
      }
    }
    const request: RecordedRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: { ...(init.headers as Record<string, string>) },
      body,
    };
    requests.push(request);
    let answer: Answer;
    try {
      answer = await handler(request);
    } catch (error) {
      // A broken fixture must not pass for "offline": fail the test with the real cause.
      handlerErrors.push(error);
      throw new Error(`The fake server's handler threw: ${String(error)}`, { cause: error });
    }
    if ('offline' in answer) throw new TypeError('Failed to fetch');
    if ('json' in answer) {
      return new Response(JSON.stringify(answer.json), {
        status: answer.status,
        headers: { 'Content-Type': 'application/json' },
      });
    }
    return new Response(answer.text, {
      status: answer.status,
      headers: { 'Content-Type': answer.type },
    });
  };
  return { fetch, requests };
}

/** What a section is given, with a hand-driven clock (`timers.advance(ms)`). */
export function sectionProps(
  db: AppDb,
  fetch: FetchLike,
  staff: StaffProfile = adminProfile(),
): { readonly props: SectionProps; readonly timers: ManualTimers } {
  const timers = new ManualTimers(Date.parse('2025-10-06T09:00:00Z'));
  return { props: { db, staff, clock: timers.clock, timers, fetch }, timers };
}
