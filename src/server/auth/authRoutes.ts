/** Sign in, sign out, and who am I. Handlers parse, call, respond. */
import type { Hono } from 'hono';
import { me, signIn as signInEndpoint, signOut } from '../../shared/api/endpoints/coreEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { clientAddress } from '../http/requestInfo';
import { serveEndpoint } from '../http/serveEndpoint';
import {
  clearSessionCookie,
  readDeviceCookie,
  readSessionCookie,
  setDeviceCookie,
  setSessionCookie,
} from './cookies';
import { revokeSession } from './sessions';
import { signIn } from './signIn';

/** Adds sign-in, sign-out and `me` to the app. */
export function registerAuthRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, signInEndpoint, async ({ c, body }) => {
    const result = await signIn(deps, body, {
      address: clientAddress(c, deps.config.trustProxy),
      userAgent: c.req.header('user-agent') ?? null,
      deviceToken: readDeviceCookie(c),
    });
    setSessionCookie(c, deps.config, result.sessionToken, result.sessionMaxAgeSeconds);
    if (result.newDeviceToken !== null) setDeviceCookie(c, deps.config, result.newDeviceToken);
    return result.response;
  });

  // Signing out works even when the session has already ended: the cookie is cleared either way.
  serveEndpoint(app, deps, signOut, async ({ c }) => {
    const token = readSessionCookie(c);
    if (token !== undefined && token !== '') await revokeSession(deps.db, token, deps.clock.now());
    clearSessionCookie(c, deps.config);
    return { status: 'ok' as const };
  });

  serveEndpoint(app, deps, me, ({ auth }) => ({
    staff: auth.staff,
    roles: [...auth.allRoles],
    device: { id: auth.deviceId },
    school: auth.school,
    expiresAt: auth.expiresAt.toISOString(),
  }));
}
