/**
 * What one endpoint is, defined once: its method and path, who may call it, the zod schemas of
 * its path parameters, query, body and answer, and the error reasons it may answer with. The
 * server registers its handler from this (src/server/http/serveEndpoint.ts), the tablet calls it
 * through one typed client (src/client/api/call.ts), and the OpenAPI document at
 * `/api/openapi.json` is generated from it (openApi.ts). Plain zod and types: no server or
 * browser code, so the tablet's bundle can import the definitions cheaply.
 */
import type { z } from 'zod';
import type { Role } from '../../domain';
import type { ApiErrorReason } from './apiErrors';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * Who may call: anyone (`public`), anyone signed in with a role at the session's school
 * (`signed_in`), or only the listed roles there (others get 403 `forbidden`).
 */
export type Access = 'public' | 'signed_in' | { readonly roles: readonly Role[] };

/** A JSON body parsed with `schema`; `perItem` bodies are parsed by the handler item by item. */
export interface JsonBody {
  readonly kind: 'json';
  readonly schema: z.ZodType;
  /**
   * The handler judges each item on its own (the sync push answers each event), so the server
   * only checks that the body is JSON; `schema` still documents the shape.
   */
  readonly perItem?: true;
}

/** A raw text upload with this media type: a chunk of a CSV file, or an email as raw MIME. */
export interface TextBody {
  readonly kind: 'text';
  readonly mediaType: 'text/csv' | 'message/rfc822';
}

/** A JSON answer; `csv`: the same query with `?format=csv` answers a CSV attachment instead. */
export interface JsonResponse {
  readonly kind: 'json';
  readonly status: 200 | 201 | 202;
  readonly schema: z.ZodType;
  readonly csv?: true;
}

/** A file download (an attachment) of this media type. */
export interface FileResponse {
  readonly kind: 'file';
  readonly mediaType: 'text/csv' | 'application/xml' | 'application/json' | 'application/pdf';
}

export interface Endpoint {
  /** Unique, `room.what` (e.g. `office.today`): the OpenAPI operationId. */
  readonly name: string;
  readonly method: HttpMethod;
  /** Under `/api`, with `:name` placeholders for the path parameters. */
  readonly path: string;
  /** One line for the OpenAPI document; the prose lives in docs/api.md. */
  readonly summary: string;
  readonly access: Access;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: JsonBody | TextBody;
  readonly response: JsonResponse | FileResponse;
  /**
   * The reasons this endpoint answers with beyond those that follow from its shape (errorsOf adds
   * those: `not_signed_in`, `forbidden`, `invalid_request`…).
   */
  readonly errors: readonly ApiErrorReason[];
}

/** Checks a definition's shape and keeps its literal types, so handlers and calls are typed. */
export function defineEndpoint<const E extends Endpoint>(endpoint: E): E {
  return endpoint;
}

/** What a download is given: an endpoint without method, body, answer or reasons of its own. */
export type DownloadDefinition = Omit<Endpoint, 'method' | 'body' | 'response' | 'errors'> & {
  readonly mediaType: FileResponse['mediaType'];
};

/**
 * A file download (a CSV or XML export): a GET that answers an attachment of `mediaType` and no
 * reasons beyond those its access and query imply. Every download is defined through this.
 */
export function defineDownload<const D extends DownloadDefinition>(
  download: D,
): Omit<D, 'mediaType'> & {
  readonly method: 'GET';
  readonly response: { readonly kind: 'file'; readonly mediaType: D['mediaType'] };
  readonly errors: readonly ApiErrorReason[];
} {
  const { mediaType, ...rest } = download;
  return { ...rest, method: 'GET', response: { kind: 'file', mediaType }, errors: [] };
}

/** A JSON answer with this schema (status 200 unless given). */
export function jsonResponse<S extends z.ZodType, C extends true | undefined = undefined>(
  schema: S,
  options: { status?: 200 | 201 | 202; csv?: C } = {},
): { kind: 'json'; status: 200 | 201 | 202; schema: S } & (C extends true
  ? { csv: true }
  : unknown) {
  const response = { kind: 'json' as const, status: options.status ?? 200, schema };
  return (options.csv === true ? { ...response, csv: true } : response) as {
    kind: 'json';
    status: 200 | 201 | 202;
    schema: S;
  } & (C extends true ? { csv: true } : unknown);
}

/** A JSON body parsed with this schema. */
export function jsonBody<S extends z.ZodType>(schema: S): { kind: 'json'; schema: S } {
  return { kind: 'json', schema };
}

/** Every reason `endpoint` may answer with: its own and those its shape implies. */
export function errorsOf(endpoint: Endpoint): readonly ApiErrorReason[] {
  const reasons = new Set<ApiErrorReason>();
  if (endpoint.access !== 'public') reasons.add('not_signed_in').add('no_school_role');
  if (typeof endpoint.access === 'object') reasons.add('forbidden');
  if (endpoint.params !== undefined || endpoint.query !== undefined) reasons.add('invalid_request');
  if (endpoint.body !== undefined) {
    reasons.add('invalid_request').add('unsupported_media_type').add('payload_too_large');
    if (endpoint.body.kind === 'json') reasons.add('malformed_json');
  }
  // The Origin check refuses a write from a page Tickmark does not trust (docs/api.md).
  if (endpoint.method !== 'GET') reasons.add('bad_origin');
  for (const reason of endpoint.errors) reasons.add(reason);
  reasons.add('internal').add('unavailable');
  return [...reasons];
}

/** The roles `access` admits, or null when it admits anyone (signed in or not). */
export function rolesOf(access: Access): readonly Role[] | null {
  return typeof access === 'object' ? access.roles : null;
}

/** Fills the `:name` placeholders of `path` with (URI-encoded) values. */
export function fillPath(path: string, params: Readonly<Record<string, string>>): string {
  return path.replace(/:([A-Za-z]+)/g, (whole: string, name: string) => {
    const value = params[name];
    return value === undefined ? whole : encodeURIComponent(value);
  });
}

type SchemaOf<T> = T extends { readonly schema: infer S extends z.ZodType } ? S : never;

/** What the caller passes: path parameters, query and body, as their schemas' input. */
export type ParamsIn<E extends Endpoint> = E['params'] extends z.ZodType
  ? z.input<E['params']>
  : undefined;
export type QueryIn<E extends Endpoint> = E['query'] extends z.ZodType
  ? z.input<E['query']>
  : undefined;
export type BodyIn<E extends Endpoint> = E['body'] extends JsonBody
  ? z.input<SchemaOf<E['body']>>
  : E['body'] extends TextBody
    ? string
    : undefined;

/** What the handler is given: the same, parsed (a per-item body stays unparsed). */
export type ParamsOut<E extends Endpoint> = E['params'] extends z.ZodType
  ? z.output<E['params']>
  : Record<string, never>;
export type QueryOut<E extends Endpoint> = E['query'] extends z.ZodType
  ? z.output<E['query']>
  : Record<string, never>;
export type BodyOut<E extends Endpoint> = E['body'] extends { readonly perItem: true }
  ? unknown
  : E['body'] extends JsonBody
    ? z.output<SchemaOf<E['body']>>
    : E['body'] extends TextBody
      ? string
      : undefined;

/** The JSON answer as the server builds it (the schema's input) and as the client reads it. */
export type ResponseIn<E extends Endpoint> = E['response'] extends JsonResponse
  ? z.input<SchemaOf<E['response']>>
  : never;
export type ResponseOut<E extends Endpoint> = E['response'] extends JsonResponse
  ? z.output<SchemaOf<E['response']>>
  : string;
