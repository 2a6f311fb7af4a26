/**
 * Cross-site request forgery guard (docs/design.md §5): a state-changing request must come from a
 * page of this server (or a configured trusted origin). SameSite=Strict cookies already stop most
 * forgeries; this second wall covers browsers and paths where SameSite does not apply.
 */
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './apiError';
import type { AppEnv } from './appEnv';
import { ownOrigin } from './requestInfo';

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
  trustedOrigins: readonly string[];
  trustProxy: boolean;
}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!SAFE_METHODS.has(c.req.method)) {
      const origin = c.req.header('origin') ?? originOfReferer(c.req.header('referer'));
      const allowed =
        origin !== undefined &&
        origin !== 'null' &&
        (origin === ownOrigin(c, options.trustProxy) || options.trustedOrigins.includes(origin));
      if (!allowed) throw new ApiError('bad_origin');
    }
    await next();
  };
}
