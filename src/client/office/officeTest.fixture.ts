/**
 * Pieces for the office screens' tests: the office profile, a fake office server that answers
 * each office path with a given body (and records every request), and helpers for entries.
 */
import type { Role, SessionRef } from '../../domain/index';
import { sessionKey } from '../../domain/index';
import type { StaffProfile } from '../auth/deviceAuth';
import { hashPin } from '../auth/pinHash';
import { FAST_HASH, profile } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import { OFFICE } from '../testSupport.fixture';

export async function officeProfile(): Promise<StaffProfile> {
  return profile(OFFICE, await hashPin('2468', FAST_HASH));
}

export interface FakeCall {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly body: unknown;
}

/** Answers `GET`/`POST` of each path with its body; anything else is a 404 with a message. */
export function fakeOfficeServer(answers: Readonly<Record<string, unknown>>) {
  const calls: FakeCall[] = [];
  const fetch = (url: string, init: RequestInit): Promise<Response> => {
    const parsed = new URL(url, 'http://office.test');
    const method = init.method ?? 'GET';
    calls.push({
      method,
      path: parsed.pathname,
      query: parsed.searchParams,
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : null,
    });
    const key = `${method} ${parsed.pathname}`;
    if (!(key in answers)) {
      return Promise.resolve(
        new Response(
          JSON.stringify({ status: 'error', reason: 'not_found', message: `No ${key} here.` }),
          { status: 404, headers: { 'Content-Type': 'application/json' } },
        ),
      );
    }
    return Promise.resolve(
      new Response(JSON.stringify(answers[key]), {
        status: 200,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  };
  return { fetch, calls };
}

/** Stores the server's entry for a pupil and session, as a sync would have. */
export async function putEntry(
  db: AppDb,
  pupilId: string,
  session: SessionRef,
  code: string,
  options: { headEventId: string; headRole?: Role; minutesLate?: number | null },
): Promise<void> {
  await db.entries.put({
    pupilId,
    sessionKey: sessionKey(session),
    session,
    code,
    minutesLate: options.minutesLate ?? null,
    arrivedAt: null,
    headEventId: options.headEventId,
    headSeq: 1,
    headRole: options.headRole ?? 'teacher',
    needsReview: false,
  });
}
