/** Sign in, sign out, and who am I. Handlers parse, call, respond. */
import type { Context, Hono } from 'hono';
import { me, signIn as signInEndpoint, signOut } from '../../shared/api/endpoints/coreEndpoints';
import { oidcFinish, oidcOffer, oidcStart } from '../../shared/api/endpoints/oidcEndpoints';
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
import { createOidcSignIn } from './oidcSignIn';
import { revokeSession } from './sessions';
import { signIn, type SignedIn } from './signIn';

/** Sets the cookies of a sign-in, by password or through the provider alike. */
function signedIn(c: Context<AppEnv>, deps: AppDeps, result: SignedIn) {
  setSessionCookie(c, deps.config, result.sessionToken, result.sessionMaxAgeSeconds);
  if (result.newDeviceToken !== null) setDeviceCookie(c, deps.config, result.newDeviceToken);
  return result.response;
}

/** Adds sign-in (by password and through the school's provider), sign-out and `me` to the app. */
export function registerAuthRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, signInEndpoint, async ({ c, body }) => {
    const result = await signIn(deps, body, {
      address: clientAddress(c, deps.config.trustProxy),
      userAgent: c.req.header('user-agent') ?? null,
      deviceToken: readDeviceCookie(c),
    });
    return signedIn(c, deps, result);
  });

  const oidc = createOidcSignIn(deps);
  serveEndpoint(app, deps, oidcOffer, () => ({ providerName: oidc.providerName }));
  serveEndpoint(app, deps, oidcStart, async ({ c, body }) => ({
    authorizationUrl: await oidc.start(c, body),
  }));
  serveEndpoint(app, deps, oidcFinish, async ({ c, body }) =>
    signedIn(c, deps, await oidc.finish(c, body)),
  );

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
