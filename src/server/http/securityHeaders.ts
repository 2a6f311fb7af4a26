/**
 * The browser protections every answer carries, pages, files, API answers and errors alike
 * (Hono's `secureHeaders`, with Tickmark's own policy):
 *
 * - a Content-Security-Policy that lets the page run only the app's own scripts and styles and
 *   talk only to this server, so an injected name or note could never run or send data away
 *   (tested in Chromium: the built PWA runs under it without one violation);
 * - `frame-ancestors 'none'` and `X-Frame-Options: DENY`: no other site may frame the register to
 *   trick a tap;
 * - `X-Content-Type-Options: nosniff`: a CSV or JSON answer is never run as a script;
 * - `Referrer-Policy: same-origin`: addresses (which hold pupil and group ids) never leave for
 *   another site, while our own pages still send one (the Origin check's fallback);
 * - `Strict-Transport-Security` only when the browser reached us over HTTPS: sent over plain
 *   HTTP it is ignored, and it must never pin a school to HTTPS it has not set up;
 * - `Cache-Control: no-store` on every API answer that sets none (all but the OpenAPI document):
 *   they hold pupils' names, marks and reasons, which must not stay in a shared tablet's or a
 *   proxy's cache. The app's files keep their own caching (staticClient.ts).
 */
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { Config } from '../config';
import type { AppEnv } from './appEnv';
import { isHttps } from './requestInfo';

/** The policy the built PWA runs under. */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  // Charts and downloads make blob: and data: images on the page.
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/** A year: long enough that a tablet away for the summer holiday still remembers. */
const HSTS = 'max-age=31536000';

export function securityHeaders(config: Config): MiddlewareHandler<AppEnv> {
  const headers = secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    referrerPolicy: 'same-origin',
    xFrameOptions: 'DENY',
    // Set below, only over HTTPS.
    strictTransportSecurity: false,
  });
  return async (c, next) => {
    await headers(c, next);
    if (config.tls !== null || isHttps(c, config.trustProxy)) {
      c.res.headers.set('Strict-Transport-Security', HSTS);
    }
    // An answer that says it may be cached (the OpenAPI document, which holds no one's data)
    // keeps its own.
    const isApi = c.req.path === '/api' || c.req.path.startsWith('/api/');
    if (isApi && !c.res.headers.has('Cache-Control')) {
      c.res.headers.set('Cache-Control', 'no-store');
    }
  };
}
