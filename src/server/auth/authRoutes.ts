/** Sign in, sign out, and who am I. Handlers parse, call, respond. */
import type { Hono } from 'hono';
import { signInRequestSchema } from '../../shared/api/authSchemas';
import type { SessionResponse } from '../../shared/api/authSchemas';
import { ROUTES } from '../../shared/api/routes';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { readJsonBody } from '../http/parseRequest';
import { clientAddress } from '../http/requestInfo';
import {
  clearSessionCookie,
  readDeviceCookie,
  readSessionCookie,
  setDeviceCookie,
  setSessionCookie,
} from './cookies';
import { requireSession } from './requireSession';
import { revokeSession } from './sessions';
import { signIn } from './signIn';

/** Adds sign-in, sign-out and `me` to the app. */
export function registerAuthRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(ROUTES.signIn, async (c) => {
    const input = await readJsonBody(c, signInRequestSchema);
    const result = await signIn(deps, input, {
      address: clientAddress(c, deps.config.trustProxy),
      userAgent: c.req.header('user-agent') ?? null,
      deviceToken: readDeviceCookie(c),
    });
    setSessionCookie(c, deps.config, result.sessionToken, result.sessionMaxAgeSeconds);
    if (result.newDeviceToken !== null) setDeviceCookie(c, deps.config, result.newDeviceToken);
    return c.json(result.response);
  });

  // Signing out works even when the session has already ended: the cookie is cleared either way.
  app.post(ROUTES.signOut, async (c) => {
    const token = readSessionCookie(c);
    if (token !== undefined && token !== '') await revokeSession(deps.db, token, deps.clock.now());
    clearSessionCookie(c, deps.config);
    return c.json({ status: 'ok' as const });
  });

  app.get(ROUTES.me, requireSession(deps), (c) => {
    const auth = c.get('auth');
    const body: SessionResponse = {
      staff: auth.staff,
      roles: [...auth.allRoles],
      device: { id: auth.deviceId },
      school: auth.school,
      expiresAt: auth.expiresAt.toISOString(),
    };
    return c.json(body);
  });
}
