/**
 * The two cookies. Both are HttpOnly (page scripts, and so XSS, cannot read them) and
 * SameSite=Strict (never sent on a request started by another site). Secure follows
 * SECURE_COOKIES: always, never, or (auto) when the server serves TLS itself, its PUBLIC_ORIGIN
 * is https, or the request came over HTTPS.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config';
import type { AppEnv } from '../http/appEnv';
import { isHttps } from '../http/requestInfo';

export const SESSION_COOKIE = 'tickmark_session';
export const DEVICE_COOKIE = 'tickmark_device';
/** A parent's session on the parent page (server/parents/): sent only to `/api/parent`. */
export const PARENT_COOKIE = 'tickmark_parent';

// Browsers cap cookie lifetime at 400 days; a device stays enrolled until revoked, and each
// sign-in on it sets the cookie again.
const DEVICE_COOKIE_MAX_AGE = 400 * 24 * 60 * 60;

function secure(c: Context<AppEnv>, config: Config): boolean {
  if (config.secureCookies === 'always') return true;
  if (config.secureCookies === 'never') return false;
  // Served over TLS, or opened at an https:// address (a proxy in front ends TLS): the browser
  // talks HTTPS, so the cookies must never travel without it.
  if (config.tls !== null || config.publicOrigin?.startsWith('https:') === true) return true;
  return isHttps(c, config.trustProxy);
}

export function readSessionCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, SESSION_COOKIE);
}

export function readDeviceCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, DEVICE_COOKIE);
}

export function setSessionCookie(
  c: Context<AppEnv>,
  config: Config,
  token: string,
  maxAgeSeconds: number,
): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c, config),
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

export function setDeviceCookie(c: Context<AppEnv>, config: Config, token: string): void {
  setCookie(c, DEVICE_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c, config),
    // Only the API needs it.
    path: '/api',
    maxAge: DEVICE_COOKIE_MAX_AGE,
  });
}

export function clearSessionCookie(c: Context<AppEnv>, config: Config): void {
  deleteCookie(c, SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c, config),
    path: '/',
  });
}

export function readParentCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, PARENT_COOKIE);
}

export function setParentCookie(
  c: Context<AppEnv>,
  config: Config,
  token: string,
  maxAgeSeconds: number,
): void {
  setCookie(c, PARENT_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c, config),
    path: '/api/parent',
    maxAge: maxAgeSeconds,
  });
}
/**
 * The cookie binding an OpenID Connect attempt to the browser that started it (oidcSignIn.ts):
 * the attempt's state, for ten minutes, sent only to the sign-in's own endpoints.
 */
export const OIDC_COOKIE = 'tickmark_oidc';
const OIDC_COOKIE_PATH = '/api/auth/oidc';

export function setOidcCookie(
  c: Context<AppEnv>,
  config: Config,
  state: string,
  maxAgeSeconds: number,
): void {
  setCookie(c, OIDC_COOKIE, state, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c, config),
    path: OIDC_COOKIE_PATH,
    maxAge: maxAgeSeconds,
  });
}

export function readOidcCookie(c: Context<AppEnv>): string | undefined {
  return getCookie(c, OIDC_COOKIE);
}

export function clearOidcCookie(c: Context<AppEnv>, config: Config): void {
  deleteCookie(c, OIDC_COOKIE, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c, config),
    path: OIDC_COOKIE_PATH,
  });
}
