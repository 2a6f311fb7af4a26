/**
 * Cross-site request forgery guard (docs/design.md §5): a state-changing request must come from a
 * page of this server (or a configured trusted origin). SameSite=Strict cookies already stop most
 * forgeries; this second wall covers browsers and paths where SameSite does not apply.
 *
 * "This server" is the configured public origin (`PUBLIC_ORIGIN`, or this machine's loopback
 * addresses without it), never the request's Host header: the sender writes Host, so a page that
 * reaches the server under another name (DNS rebinding, a look-alike host) would otherwise have
 * its Origin match a Host of its own choosing.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './apiError';
import type { AppEnv } from './appEnv';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function originOfReferer(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return undefined;
  }
}

/** Refuses POST/PUT/PATCH/DELETE whose Origin (or Referer) is missing or foreign with 403. */
export function originCheck(options: {
  ownOrigins: readonly string[];
  trustedOrigins: readonly string[];
}): MiddlewareHandler<AppEnv> {
  const allowedOrigins = new Set([...options.ownOrigins, ...options.trustedOrigins]);
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin') ?? originOfReferer(c.req.header('referer'));
      const allowed = origin !== undefined && origin !== 'null' && allowedOrigins.has(origin);
      if (!allowed) throw new ApiError('bad_origin');
    }
    await next();
  };
}
