/**
 * Online requests to the office server for the screens that read or change server-side records
 * (office lists, trips, reports, imports). Marks never go this way: they go through the outbox
 * and the sync engine, so that nothing is lost when the network drops.
 *
 * Every answer is parsed with its shared schema; every failure is a value with a message a
 * person can act on, never a thrown exception.
 */
import { z } from 'zod';
import { STAFF_HEADER } from '../../shared/api/routes';
import { apiErrorBodySchema, fieldIssueSchema, type FieldIssue } from '../../shared/api/apiErrors';

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

export interface ApiRequestOptions {
  readonly method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as is (CSV uploads), with the given content type. */
  readonly rawBody?: { readonly text: string; readonly contentType: string };
  readonly query?: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly fetch?: FetchLike;
  readonly baseUrl?: string;
  /** Abandon the request after this long (default {@link DEFAULT_TIMEOUT_MS}). */
  readonly timeoutMs?: number;
  /**
   * The staff member unlocked on this device. The server refuses the request when its session
   * cookie belongs to someone else (a shared tablet where another person signed in online last).
   */
  readonly staffId?: string;
  readonly signal?: AbortSignal;
}

const errorBodySchema = apiErrorBodySchema.extend({ reason: z.string() });
const issuesDetailsSchema = z.object({ issues: z.array(fieldIssueSchema) });
export const OFFLINE_MESSAGE =
  'The office server could not be reached. Check the connection and try again.';

/**
 * Every request is abandoned after this long unless its caller says otherwise: a tablet on
 * flaky wifi must not wait for ever, and an import's preview of a large file takes tens of
 * seconds on a busy server.
 */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Calls `path` and parses a 2xx answer with `schema`. */
export async function apiRequest<T>(
  path: string,
  schema: z.ZodType<T>,
  options: ApiRequestOptions = {},
): Promise<ApiResult<T>> {
  const text = await apiRequestText(path, options);
  if (!text.ok) return text;
  let json: unknown;
  try {
    json = JSON.parse(text.value) as unknown;
  } catch {
    return bad('The office server’s answer was not JSON. This device may need updating.');
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const first = parsed.error.issues[0];
  return bad(
    `The office server’s answer was not understood (${first ? `${first.path.join('.') || 'body'}: ${first.message}` : 'unknown'}). This device may need updating.`,
  );
}

/** Calls `path` and returns a 2xx answer's body as text (CSV downloads). */
export async function apiRequestText(
  path: string,
  options: ApiRequestOptions = {},
): Promise<ApiResult<string>> {
  const doFetch: FetchLike = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value !== undefined) query.set(key, String(value));
  }
  const url = `${options.baseUrl ?? ''}${path}${query.size > 0 ? `?${query.toString()}` : ''}`;
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.staffId !== undefined) headers[STAFF_HEADER] = options.staffId;
  let body: string | undefined;
  if (options.rawBody !== undefined) {
    headers['Content-Type'] = options.rawBody.contentType;
    body = options.rawBody.text;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const controller = new AbortController();
  const onAbort = () => controller.abort();
  options.signal?.addEventListener('abort', onAbort);
  // A caller that has already given up (a screen closed, a newer query) sends nothing.
  if (gaveUp(options.signal)) {
    return {
      ok: false,
      error: { kind: 'offline', message: OFFLINE_MESSAGE, aborted: true },
    };
  }
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await doFetch(url, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      credentials: 'same-origin',
      headers,
      signal: controller.signal,
      ...(body === undefined ? {} : { body }),
    });
    text = await response.text();
  } catch {
    // The caller's abort, not the timeout (which aborts only our own controller).
    const aborted = gaveUp(options.signal);
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
    options.signal?.removeEventListener('abort', onAbort);
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

function bad(message: string, status?: number): { ok: false; error: ApiFailure } {
  return {
    ok: false,
    error: { kind: 'bad_response', message, ...(status === undefined ? {} : { status }) },
  };
}

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
