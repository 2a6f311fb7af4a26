/**
 * Gives every request an id and logs its answer. The id is the caller's `X-Request-Id` when it is
 * a sane one (letters, digits, `-`, `_`, `=`, at most 64 characters: a proxy's or the tablet's),
 * otherwise a new UUID; it goes back in the answer's header, in every log line written while the
 * request is handled, and in 5xx bodies (errorHandler) so a school can quote it to support.
 */
import type { MiddlewareHandler } from 'hono';
import { requestId } from 'hono/request-id';
import type { Logger } from '../logger';
import { withLogContext } from '../logger';
import type { AppEnv } from './appEnv';

export const REQUEST_ID_HEADER = 'X-Request-Id';

/** Sets `requestId` on the context and the answer's X-Request-Id header. */
export const assignRequestId = (): MiddlewareHandler<AppEnv> =>
  requestId({ headerName: REQUEST_ID_HEADER, limitLength: 64 });

/**
 * Logs one line per request at info: method, route pattern, status and milliseconds. The route
 * pattern (`/api/pupils/:id/entries`), never the path or query, which can hold ids and dates of a
 * pupil. At debug a second line adds the headers both ways, cookies censored by the logger.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return (c, next) =>
    withLogContext({ requestId: c.get('requestId') }, async () => {
      const started = performance.now();
      await next();
      logger.info('request', {
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      });
      logger.debug('request headers', {
        req: { headers: Object.fromEntries(c.req.raw.headers) },
        res: {
          headers: {
            ...Object.fromEntries(c.res.headers),
            'set-cookie': c.res.headers.getSetCookie(),
          },
        },
      });
    });
}
