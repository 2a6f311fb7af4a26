/**
 * The tablet's one way to call the office server: `call(endpoint, input)` with an endpoint's
 * definition from src/shared/api/endpoints. The definition gives the method, the path (its
 * `:params` filled in), how the body is sent (JSON, or a CSV chunk as text/csv) and the schema the
 * answer is parsed with; the input is typed from the same schemas. Every call has one timeout and
 * abort policy and one failure type, `ApiFailure` (apiRequest.ts, the transport underneath), so
 * sync, sign-in and every screen fail the same way.
 */
import {
  fillPath,
  type BodyIn,
  type Endpoint,
  type ParamsIn,
  type QueryIn,
  type ResponseOut,
} from '../../shared/api/endpoint';
import {
  apiRequestText,
  type ApiFailure,
  type ApiRequestOptions,
  type ApiResult,
  type FetchLike,
} from './apiRequest';

export type { ApiFailure, ApiResult, FetchLike } from './apiRequest';

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
  /** Abandon the request after this long (default `DEFAULT_TIMEOUT_MS`). */
  readonly timeoutMs?: number;
  /** The staff member unlocked on this device (apiRequest.ts says why). */
  readonly staffId?: string;
  /** Abandon the request when this aborts (a screen that closed, a newer query). */
  readonly signal?: AbortSignal;
}

type QueryValue = string | number | boolean | undefined;

function requestOf(
  endpoint: Endpoint,
  input: { params?: unknown; query?: unknown; body?: unknown },
  options: CallOptions,
  extraQuery: Readonly<Record<string, string>> = {},
): { path: string; options: ApiRequestOptions } {
  const path = fillPath(endpoint.path, (input.params ?? {}) as Record<string, string>);
  const query = { ...(input.query as Record<string, QueryValue> | undefined), ...extraQuery };
  const body = input.body;
  // Only the options every call shares: the method, query and body come from the endpoint.
  const { fetch, baseUrl, timeoutMs, staffId, signal } = options;
  return {
    path,
    options: {
      ...(fetch === undefined ? {} : { fetch }),
      ...(baseUrl === undefined ? {} : { baseUrl }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(staffId === undefined ? {} : { staffId }),
      ...(signal === undefined ? {} : { signal }),
      method: endpoint.method,
      query,
      ...(body === undefined
        ? {}
        : endpoint.body?.kind === 'text'
          ? {
              rawBody: {
                text: body as string,
                // The file's text is UTF-16 in the page and sent as UTF-8: say so.
                contentType: `${endpoint.body.mediaType}; charset=utf-8`,
              },
            }
          : { body }),
    },
  };
}

/** Calls `endpoint` and parses its answer with the endpoint's schema (a file comes as text). */
export async function call<E extends Endpoint>(
  endpoint: E,
  input: CallInput<E>,
  options: CallOptions = {},
): Promise<ApiResult<ResponseOut<E>>> {
  const request = requestOf(endpoint, input, options);
  const text = await apiRequestText(request.path, request.options);
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
  const request = requestOf(endpoint, input, options, { format: 'csv' });
  return apiRequestText(request.path, request.options);
}

function badResponse(message: string, status: number): { ok: false; error: ApiFailure } {
  return { ok: false, error: { kind: 'bad_response', message, status } };
}
