/**
 * Signing in through the school's OpenID Connect provider (docs/design.md §5.3), as the sign-in
 * screen uses it: whether the server offers it, sending the browser to the provider, and, back
 * on the return page, handing the provider's answer to the server and enrolling the tablet as a
 * password sign-in does (pinLock.ts's completeSignIn; the PIN comes next).
 */
import { oidcFinish, oidcOffer, oidcStart } from '../../shared/api/endpoints/oidcEndpoints';
import { call, type FetchLike } from '../api/call';
import type { AppDb } from '../db/appDb';
import { getMeta } from '../db/meta';
import { readDeviceAuth } from './deviceAuthStore';
import { completeSignIn } from './pinLock';
import type { SignInOutcome } from './signIn';

/** The provider's name for the button, or null when not offered (or the server is out of reach). */
export async function fetchOidcProvider(fetch?: FetchLike): Promise<string | null> {
  const result = await call(oidcOffer, {}, fetch === undefined ? {} : { fetch });
  return result.ok ? result.value.providerName : null;
}

/**
 * Starts an attempt and answers the provider's address to send the browser to, or the message
 * to show when it cannot start.
 */
export async function startOidcSignIn(
  db: AppDb,
  options: { readonly fetch?: FetchLike } = {},
): Promise<{ ok: true; url: string } | { ok: false; message: string }> {
  const deviceId = await getMeta(db, 'deviceId');
  const result = await call(
    oidcStart,
    { body: deviceId === undefined ? {} : { deviceId } },
    options.fetch === undefined ? {} : { fetch: options.fetch },
  );
  return result.ok
    ? { ok: true, url: result.value.authorizationUrl }
    : { ok: false, message: result.error.message };
}

/** Finishes with the return page's query string, and enrols the tablet. */
export async function finishOidcSignIn(
  db: AppDb,
  callbackQuery: string,
  options: { readonly fetch?: FetchLike } = {},
): Promise<SignInOutcome> {
  // As for a password (signIn.ts): while marks wait to be sent, stay at the tablet's school.
  const unsent = await db.outbox.where('status').equals('pending').count();
  const tabletSchool = (await readDeviceAuth(db)).staff[0];
  const schoolId = unsent > 0 ? tabletSchool?.schoolId : undefined;
  const result = await call(
    oidcFinish,
    { body: { callbackQuery, ...(schoolId === undefined ? {} : { schoolId }) } },
    options.fetch === undefined ? {} : { fetch: options.fetch },
  );
  if (!result.ok) return { ok: false, error: { kind: 'refused', message: result.error.message } };
  const staff = await completeSignIn(db, result.value);
  if (staff === null) {
    return {
      ok: false,
      error: {
        kind: 'refused',
        message:
          'Your account does not have a role at this school yet. Ask your school’s Tickmark administrator to add one.',
      },
    };
  }
  return { ok: true, staff };
}
