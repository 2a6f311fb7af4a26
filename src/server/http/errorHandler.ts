/**
 * The one place errors become responses: `{status:'error', reason, message, details?}` with the
 * matching HTTP status. Unexpected errors are logged here and answered with a generic 500, never
 * a stack trace; a database that cannot be reached answers 503 so clients back off and retry.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ApiErrorBody } from '../../shared/api/apiErrors';
import type { Logger } from '../logger';
import { ApiError } from './apiError';
import type { AppEnv } from './appEnv';

// Connection failures (node errno codes) and PostgreSQL SQLSTATE classes that mean "try again".
// A time limit (src/server/README.md, "Database time limits") means the same: 57014 a statement
// cancelled at its limit, 55P03 a lock not granted in time, 25P03 a session ended for idling in a
// transaction, and pg's own "Query read timeout" when no answer came back at all.
const TRANSIENT_NODE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
]);
const TRANSIENT_SQLSTATE = /^(08|53|57P0|57014|55P03|25P03|40001|40P01)/;

function isTransientDatabaseError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  if (
    typeof code === 'string' &&
    (TRANSIENT_NODE_CODES.has(code) || TRANSIENT_SQLSTATE.test(code))
  ) {
    return true;
  }
  const message = (err as { message?: unknown }).message;
  return (
    typeof message === 'string' &&
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Query read timeout/i.test(
      message,
    )
  );
}

/**
 * Answers with the JSON body for an ApiError. A server-side failure (5xx) carries the request id,
 * which is also in every log line of the request, so a school can quote it to whoever runs the
 * server.
 */
export function errorResponse(c: Context<AppEnv>, error: ApiError): Response {
  const body: ApiErrorBody = { status: 'error', reason: error.reason, message: error.message };
  if (error.details !== undefined) body.details = error.details;
  const requestId = c.get('requestId') as string | undefined;
  if (error.status >= 500 && requestId !== undefined) body.requestId = requestId;
  for (const [name, value] of Object.entries(error.headers)) c.header(name, value);
  return c.json(body, error.status as ContentfulStatusCode);
}

/** Builds the app's `onError` handler. */
export function createErrorHandler(logger: Logger) {
  return (err: Error, c: Context<AppEnv>): Response => {
    if (err instanceof ApiError) return errorResponse(c, err);
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own 4xx (rare: we parse bodies ourselves); keep its status, give our shape.
      const reason = err.status === 413 ? 'payload_too_large' : 'invalid_request';
      return errorResponse(c, new ApiError(reason));
    }
    if (isTransientDatabaseError(err)) {
      logger.warn('database unavailable', { route: c.req.routePath, err });
      return errorResponse(c, new ApiError('unavailable', { headers: { 'Retry-After': '5' } }));
    }
    logger.error('unexpected error', { method: c.req.method, route: c.req.routePath, err });
    return errorResponse(c, new ApiError('internal'));
  };
}
