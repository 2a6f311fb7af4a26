/**
 * Registers a handler from its endpoint's definition (src/shared/api/endpoint.ts): the definition
 * says who may call (session and roles are checked first), the schemas parse the path parameters,
 * query and body in that order (with the wording of parseRequest.ts), and the handler is given
 * them typed. Its answer must fit the response schema's type, so a handler and its contract
 * cannot drift apart without the compiler noticing; a file download answers a FileReply.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import type {
  BodyOut,
  Endpoint,
  JsonResponse,
  ParamsOut,
  QueryOut,
  ResponseIn,
} from '../../shared/api/endpoint';
import { rolesOf } from '../../shared/api/endpoint';
import type { AppDeps } from '../appDeps';
import { requireRole, requireSession } from '../auth/requireSession';
import { ApiError } from './apiError';
import type { AppEnv, AuthContext } from './appEnv';
import { parseWith, readJsonBody, readParams } from './parseRequest';

/**
 * A file: its body, the name the browser saves it under (an attachment; null shows it inline),
 * and its Cache-Control (every other API answer is `no-store`: securityHeaders.ts says why).
 */
export class FileReply {
  constructor(
    /** Text, or the bytes of a binary file (a PDF). */
    readonly body: string | Uint8Array<ArrayBuffer>,
    readonly options: { readonly fileName: string | null; readonly cacheControl?: string },
  ) {}
}

/** What a handler answers: the JSON body, or a file where the endpoint answers one. */
export type Reply<E extends Endpoint> = E['response'] extends JsonResponse
  ? ResponseIn<E> | (E['response'] extends { readonly csv: true } ? FileReply : never)
  : FileReply;

export interface HandlerInput<E extends Endpoint> {
  readonly c: Context<AppEnv>;
  readonly params: ParamsOut<E>;
  readonly query: QueryOut<E>;
  readonly body: BodyOut<E>;
  /** The signed-in person; absent on public endpoints. */
  readonly auth: E['access'] extends 'public' ? undefined : AuthContext;
}

export type Handler<E extends Endpoint> = (input: HandlerInput<E>) => Promise<Reply<E>> | Reply<E>;

export interface ServeOptions {
  /** Admit a revoked device's live session (only the push: requireSession says why). */
  readonly admitWithdrawnDevice?: boolean;
  /** Run before the session check; may answer on their own. */
  readonly before?: readonly MiddlewareHandler<AppEnv>[];
  /** Run after the role check, before the input is parsed (a tighter body limit). */
  readonly afterAuth?: readonly MiddlewareHandler<AppEnv>[];
}

/** Adds `endpoint` to `app`, answered by `handler`. */
export function serveEndpoint<E extends Endpoint>(
  app: Hono<AppEnv>,
  deps: Pick<AppDeps, 'db' | 'clock'>,
  endpoint: E,
  handler: Handler<E>,
  options: ServeOptions = {},
): void {
  const chain: MiddlewareHandler<AppEnv>[] = [...(options.before ?? [])];
  if (endpoint.access !== 'public') {
    chain.push(
      requireSession(deps, { admitWithdrawnDevice: options.admitWithdrawnDevice === true }),
    );
  }
  const roles = rolesOf(endpoint.access);
  if (roles !== null) chain.push(requireRole(...roles));
  chain.push(...(options.afterAuth ?? []));
  chain.push(async (c) => {
    const params = endpoint.params === undefined ? {} : readParams(c, endpoint.params);
    const query =
      endpoint.query === undefined ? {} : parseWith(endpoint.query, c.req.query(), 'query');
    const body = await readBody(c, endpoint);
    const input = {
      c,
      params,
      query,
      body,
      auth: endpoint.access === 'public' ? undefined : c.get('auth'),
    } as HandlerInput<E>;
    return answer(c, endpoint, await handler(input));
  });
  app.on(endpoint.method, endpoint.path, ...(chain as [MiddlewareHandler<AppEnv>]));
}

async function readBody(c: Context<AppEnv>, endpoint: Endpoint): Promise<unknown> {
  const body = endpoint.body;
  if (body === undefined) return undefined;
  if (body.kind === 'json')
    return readJsonBody(c, body.perItem === true ? z.unknown() : body.schema);
  const type = c.req.header('content-type') ?? '';
  // Requiring the declared type (not a "simple" content type) also makes a cross-site attempt
  // preflight (docs/design.md §5).
  if (!new RegExp(`^${body.mediaType.replace('/', '\\/')}\\s*(;|$)`, 'i').test(type)) {
    throw new ApiError('unsupported_media_type', {
      message:
        body.mediaType === 'text/csv'
          ? `Send each chunk of the file as the request body with the header Content-Type: ${body.mediaType}.`
          : `Send the email, as raw MIME, as the request body with the header Content-Type: ${body.mediaType}.`,
    });
  }
  return c.req.text();
}

function answer(c: Context<AppEnv>, endpoint: Endpoint, reply: unknown): Response {
  const response = endpoint.response;
  if (reply instanceof FileReply) {
    const mediaType = response.kind === 'file' ? response.mediaType : 'text/csv';
    return c.body(reply.body, 200, {
      // A PDF is bytes, not text: it has no character set.
      'Content-Type': mediaType === 'application/pdf' ? mediaType : `${mediaType}; charset=utf-8`,
      ...(reply.options.fileName === null
        ? {}
        : { 'Content-Disposition': `attachment; filename="${reply.options.fileName}"` }),
      ...(reply.options.cacheControl === undefined
        ? {}
        : { 'Cache-Control': reply.options.cacheControl }),
    });
  }
  if (response.kind === 'file') throw new Error(`${endpoint.name} must answer a FileReply.`);
  return c.json(reply, response.status);
}
