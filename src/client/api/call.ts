/**
 * The tablet's one way to call the office server: `call(endpoint, input)` with an endpoint's
 * definition from src/shared/api/endpoints. The definition gives the method, the path (its
 * `:params` filled in), how the body is sent (JSON, or a CSV chunk as text/csv) and the schema the
 * answer is parsed with; the input is typed from the same schemas. Every call has one timeout and
 * abort policy and one failure type, `ApiFailure`, so sync, sign-in and every screen fail the
 * same way. Marks never go by a screen's call: they go through the outbox and the sync engine
 * (which uses `call` too), so that nothing is lost when the network drops.
 *
 * Every answer is parsed with its endpoint's schema; every failure is a value with a message a
 * person can act on, never a thrown exception. This file is the only one on the tablet that
 * fetches (the service worker aside).
 */
import { z } from 'zod';
import { apiErrorBodySchema, fieldIssueSchema, type FieldIssue } from '../../shared/api/apiErrors';
import {
  fillPath,
  type BodyIn,
  type Endpoint,
  type ParamsIn,
  type QueryIn,
  type ResponseOut,
} from '../../shared/api/endpoint';
import { STAFF_HEADER } from '../../shared/api/routes';

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type ApiFailure =
  /**
   * The server could not be reached (no `status`), the request took longer than its timeout or
   * was abandoned by the caller (`aborted`), or the server answered 5xx/429: try again later.
   */
  | {
      readonly kind: 'offline';
      readonly message: string;
      readonly status?: number;
      readonly reason?: string;
      readonly details?: unknown;
      /** How long the server asked us to wait (its Retry-After header), when it said. */
      readonly retryAfterSeconds?: number;
      readonly aborted?: true;
    }
  | { readonly kind: 'not_signed_in'; readonly message: string }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly reason: string;
      readonly message: string;
      /** Field problems, when the server listed them. */
      readonly issues: readonly { readonly path: string; readonly message: string }[];
      readonly details: unknown;
    }
  | { readonly kind: 'bad_response'; readonly message: string; readonly status?: number };

export type ApiResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiFailure };

export const OFFLINE_MESSAGE =
  'The office server could not be reached. Check the connection and try again.';

/**
 * Every request is abandoned after this long unless its caller says otherwise: a tablet on
 * flaky wifi must not wait for ever, and an import's preview of a large file takes tens of
 * seconds on a busy server.
 */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** What a call carries: each part the endpoint defines is required, the others are absent. */
export type CallInput<E extends Endpoint> = (E['params'] extends object
  ? { readonly params: ParamsIn<E> }
  : { readonly params?: undefined }) &
  (E['query'] extends object ? { readonly query: QueryIn<E> } : { readonly query?: undefined }) &
  (E['body'] extends object ? { readonly body: BodyIn<E> } : { readonly body?: undefined });

/** Who is asking, where, and for how long: the same for every call. */
export interface CallOptions {
  readonly fetch?: FetchLike;
  /** '' (same origin, the default) or an absolute origin in tests. */
  readonly baseUrl?: string;
  /** Abandon the request after this long (default {@link DEFAULT_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /**
   * The staff member unlocked on this device. The server refuses the request when its session
   * cookie belongs to someone else (a shared tablet where another person signed in online last).
   */
  readonly staffId?: string;
  /** Abandon the request when this aborts (a screen that closed, a newer query). */
  readonly signal?: AbortSignal;
}

type QueryValue = string | number | boolean | undefined;

/** One HTTP request, as the endpoint and the call's input make it. */
interface Request {
  readonly method: Endpoint['method'];
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

function requestOf(
  endpoint: Endpoint,
  input: { params?: unknown; query?: unknown; body?: unknown },
  options: CallOptions,
  extraQuery: Readonly<Record<string, string>> = {},
): Request {
  const path = fillPath(endpoint.path, (input.params ?? {}) as Record<string, string>);
  const query = new URLSearchParams();
  const entries = Object.entries({
    ...(input.query as Record<string, QueryValue> | undefined),
    ...extraQuery,
  });
  for (const [key, value] of entries) {
    if (value !== undefined) query.set(key, String(value));
  }
  const url = `${options.baseUrl ?? ''}${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.staffId !== undefined) headers[STAFF_HEADER] = options.staffId;
  if (input.body === undefined) return { method: endpoint.method, url, headers };
  if (endpoint.body?.kind === 'text') {
    // The file's text is UTF-16 in the page and sent as UTF-8: say so.
    headers['Content-Type'] = `${endpoint.body.mediaType}; charset=utf-8`;
    return { method: endpoint.method, url, headers, body: input.body as string };
  }
  headers['Content-Type'] = 'application/json';
  return { method: endpoint.method, url, headers, body: JSON.stringify(input.body) };
}

/** Calls `endpoint` and parses its answer with the endpoint's schema (a file comes as text). */
export async function call<E extends Endpoint>(
  endpoint: E,
  input: CallInput<E>,
  options: CallOptions = {},
): Promise<ApiResult<ResponseOut<E>>> {
  const text = await send(requestOf(endpoint, input, options), options);
  if (!text.ok || endpoint.response.kind === 'file') return text as ApiResult<ResponseOut<E>>;
  const status = endpoint.response.status;
  let json: unknown;
  try {
    json = JSON.parse(text.value) as unknown;
  } catch {
    return badResponse(
      'The office server’s answer was not JSON. This device may need updating.',
      status,
    );
  }
  const parsed = endpoint.response.schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data as ResponseOut<E> };
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
    .join('; ');
  return badResponse(
    `The office server’s answer was not understood (${issues}). This device may need updating.`,
    status,
  );
}

/** The CSV of a list that also answers as CSV (`?format=csv`, same query), as text. */
export async function callCsv<E extends Endpoint & { readonly response: { readonly csv: true } }>(
  endpoint: E,
  input: CallInput<E>,
  options: CallOptions = {},
): Promise<ApiResult<string>> {
  return send(requestOf(endpoint, input, options, { format: 'csv' }), options);
}

/**
 * Sends `request` and gives a 2xx answer's body as text. The one place the tablet fetches: the
 * timeout, the caller's abort and every failure are decided here, the same for every endpoint.
 */
async function send(request: Request, options: CallOptions): Promise<ApiResult<string>> {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const { signal } = options;
  // A caller that has already given up (a screen closed, a newer query) sends nothing.
  if (gaveUp(signal)) {
    return { ok: false, error: { kind: 'offline', message: OFFLINE_MESSAGE, aborted: true } };
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  signal?.addEventListener('abort', onAbort);
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await doFetch(request.url, {
      method: request.method,
      credentials: 'same-origin',
      headers: request.headers,
      signal: controller.signal,
      ...(request.body === undefined ? {} : { body: request.body }),
    });
    text = await response.text();
  } catch {
    // The caller's abort, not the timeout (which aborts only our own controller).
    const aborted = gaveUp(signal);
    return {
      ok: false,
      error: {
        kind: 'offline',
        message: OFFLINE_MESSAGE,
        ...(aborted ? { aborted: true as const } : {}),
      },
    };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  if (response.ok) return { ok: true, value: text };
  const failure = failureOf(response.status, text);
  const retryAfter = Number(response.headers.get('Retry-After') ?? '');
  return {
    ok: false,
    error:
      failure.kind === 'offline' && Number.isFinite(retryAfter) && retryAfter > 0
        ? { ...failure, retryAfterSeconds: retryAfter }
        : failure,
  };
}

/** Whether the caller has abandoned the request (read afresh: it changes while we wait). */
function gaveUp(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function badResponse(message: string, status: number): { ok: false; error: ApiFailure } {
  return { ok: false, error: { kind: 'bad_response', message, status } };
}

const errorBodySchema = apiErrorBodySchema.extend({ reason: z.string() });
const issuesDetailsSchema = z.object({ issues: z.array(fieldIssueSchema) });

function failureOf(status: number, text: string): ApiFailure {
  let json: unknown = null;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    // A proxy's HTML error page: fall through to the generic messages.
  }
  const parsed = errorBodySchema.safeParse(json);
  if (status >= 500 || status === 429) {
    if (!parsed.success) return { kind: 'offline', status, message: OFFLINE_MESSAGE };
    // The server's log holds the story of this request under its id: give the person something
    // to quote if it keeps failing.
    const { message, requestId, reason, details } = parsed.data;
    return {
      kind: 'offline',
      status,
      reason,
      ...(details === undefined ? {} : { details }),
      message:
        requestId === undefined
          ? message
          : `${message} If this keeps happening, quote reference ${requestId} to whoever looks after Tickmark.`,
    };
  }
  if (status === 401) {
    return {
      kind: 'not_signed_in',
      message: parsed.success
        ? parsed.data.message
        : 'You are not signed in on this device. Sign in online and try again.',
    };
  }
  return {
    kind: 'refused',
    status,
    reason: parsed.success ? parsed.data.reason : 'unknown',
    message: parsed.success ? parsed.data.message : `The office server refused this (${status}).`,
    issues: parsed.success ? issuesOf(parsed.data.details) : [],
    details: parsed.success ? parsed.data.details : undefined,
  };
}

function issuesOf(details: unknown): readonly FieldIssue[] {
  const parsed = issuesDetailsSchema.safeParse(details);
  return parsed.success ? parsed.data.issues : [];
}
