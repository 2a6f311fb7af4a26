/**
 * The sync API over fetch. Every answer is parsed with the shared schemas before anything else
 * sees it, and every failure becomes a typed value the engine can act on:
 *
 * | answer                           | result                                          |
 * | -------------------------------- | ----------------------------------------------- |
 * | 2xx that parses                  | `ok`                                            |
 * | 2xx that does not parse          | `bad_response` (a server/client mismatch)       |
 * | 401                              | `not_signed_in`                                 |
 * | 409 `sequence_gap`               | `sequence_gap` with the `expected` clientSeq    |
 * | 422 `events_rejected`            | `events_rejected` with the refused events       |
 * | 413                              | `too_large` (send a smaller batch)              |
 * | other 4xx (and the two above     | `refused` with the server's reason and message  |
 * | without their details)           |                                                 |
 * | 5xx, 429, network error, timeout | `transient` (retry with backoff)                |
 *
 * Cookies are HttpOnly, so requests carry `credentials: 'same-origin'` and never a token.
 */
import { z } from 'zod';
import { API_ERRORS, apiErrorBodySchema, type ApiErrorReason } from '../../shared/api/apiErrors';
import { ROUTES } from '../../shared/api/routes';
import {
  eventsRejectedDetailsSchema,
  pullResponseSchema,
  pushResponseSchema,
  snapshotResponseSchema,
  type EventsRejectedDetails,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type SnapshotResponse,
} from '../../shared/api/syncSchemas';

export type SyncFailure =
  | { readonly kind: 'transient'; readonly status: number | null; readonly message: string }
  | { readonly kind: 'not_signed_in'; readonly message: string }
  | { readonly kind: 'sequence_gap'; readonly expected: number; readonly message: string }
  | {
      readonly kind: 'events_rejected';
      readonly details: EventsRejectedDetails;
      readonly message: string;
    }
  | { readonly kind: 'too_large'; readonly message: string }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly reason: string;
      readonly message: string;
    }
  | { readonly kind: 'bad_response'; readonly status: number; readonly message: string };

export type SyncResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: SyncFailure };

export interface PullParams {
  readonly after: number;
  readonly limit?: number;
  readonly epoch?: string;
  readonly rosterVersion: number;
}

export interface SyncClient {
  push(request: PushRequest): Promise<SyncResult<PushResponse>>;
  pull(params: PullParams): Promise<SyncResult<PullResponse>>;
  snapshot(): Promise<SyncResult<SnapshotResponse>>;
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface SyncClientOptions {
  /** Prefix for the API paths: '' (same origin, the default) or an absolute origin in tests. */
  readonly baseUrl?: string;
  readonly fetch?: FetchLike;
  /** A request that takes longer is abandoned and counted as transient. */
  readonly timeoutMs?: number;
}

// The shared error body, with `reason` loosened to any string: a newer server may answer with a
// reason this build does not know yet, and its message is still worth showing.
const errorBodySchema = apiErrorBodySchema.extend({ reason: z.string() });
const gapDetailsSchema = z.object({ expected: z.int().min(1) });

const SEQUENCE_GAP: ApiErrorReason = 'sequence_gap';
const EVENTS_REJECTED: ApiErrorReason = 'events_rejected';

const NETWORK_MESSAGE = 'The office server could not be reached. Marks are kept on this tablet.';

export function createSyncClient(options: SyncClientOptions = {}): SyncClient {
  const baseUrl = options.baseUrl ?? '';
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<T>(
    path: string,
    init: RequestInit,
    schema: z.ZodType<T>,
  ): Promise<SyncResult<T>> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    let response: Response;
    let body: unknown;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        ...init,
        credentials: 'same-origin',
        signal: controller.signal,
        headers: { Accept: 'application/json', ...init.headers },
      });
      body = await readJson(response);
    } catch {
      return { ok: false, error: { kind: 'transient', status: null, message: NETWORK_MESSAGE } };
    } finally {
      clearTimeout(timer);
    }
    if (response.ok) {
      const parsed = schema.safeParse(body);
      if (parsed.success) return { ok: true, value: parsed.data };
      return {
        ok: false,
        error: {
          kind: 'bad_response',
          status: response.status,
          message: `The office server's answer was not understood (${describeIssues(parsed.error)}). This tablet may need updating.`,
        },
      };
    }
    return { ok: false, error: failureOf(response.status, body) };
  }

  return {
    push: (request) =>
      call(
        ROUTES.syncPush,
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(request),
        },
        pushResponseSchema,
      ),
    pull: (params) => {
      const query = new URLSearchParams({
        after: String(params.after),
        rosterVersion: String(params.rosterVersion),
      });
      if (params.limit !== undefined) query.set('limit', String(params.limit));
      if (params.epoch !== undefined) query.set('epoch', params.epoch);
      return call(`${ROUTES.syncPull}?${query.toString()}`, { method: 'GET' }, pullResponseSchema);
    },
    snapshot: () => call(ROUTES.syncSnapshot, { method: 'GET' }, snapshotResponseSchema),
  };
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
}

/** Turns an error status and body into a typed failure. */
export function failureOf(status: number, body: unknown): SyncFailure {
  const parsed = errorBodySchema.safeParse(body);
  const reason = parsed.success ? parsed.data.reason : null;
  const message = parsed.success ? parsed.data.message : null;
  if (status >= 500 || status === 429) {
    return {
      kind: 'transient',
      status,
      message: message ?? API_ERRORS.unavailable.message,
    };
  }
  if (status === 401) {
    return { kind: 'not_signed_in', message: message ?? API_ERRORS.not_signed_in.message };
  }
  if (status === 409 && reason === SEQUENCE_GAP && parsed.success) {
    const details = gapDetailsSchema.safeParse(parsed.data.details);
    if (details.success) {
      return {
        kind: 'sequence_gap',
        expected: details.data.expected,
        message: parsed.data.message,
      };
    }
  }
  if (status === 422 && reason === EVENTS_REJECTED && parsed.success) {
    const details = eventsRejectedDetailsSchema.safeParse(parsed.data.details);
    if (details.success) {
      return { kind: 'events_rejected', details: details.data, message: parsed.data.message };
    }
  }
  if (status === 413) {
    return { kind: 'too_large', message: message ?? API_ERRORS.payload_too_large.message };
  }
  return {
    kind: 'refused',
    status,
    reason: reason ?? `http_${status}`,
    message: message ?? `The office server refused the request (HTTP ${status}).`,
  };
}
