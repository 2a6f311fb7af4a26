/**
 * Every API endpoint, found rather than listed, so an endpoint added later is checked by the
 * security tests without anyone remembering to add it:
 * - `registeredEndpoints`: what the app really serves (Hono's own route table, middleware and the
 *   catch-all 404 left out), each with its method;
 * - `declaredRoutes`: every path constant exported by `src/shared/api/*Routes.ts` and `routes.ts`
 *   (any exported object whose string values start with `/api/`).
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import type { AppEnv } from '../../../src/server/http/appEnv';
import { rolesOf } from '../../../src/shared/api/endpoint';
import { ENDPOINTS } from '../../../src/shared/api/endpoints/index';

export interface Endpoint {
  readonly method: string;
  /** The route pattern, with `:name` placeholders. */
  readonly path: string;
}

/**
 * Endpoints another server posts to, never a browser: they read no cookie and prove themselves
 * with a shared secret instead, so they take requests with no Origin (a mail provider posting a
 * family's reply). Each is also in PUBLIC_ENDPOINTS.
 */
export const SERVER_TO_SERVER_ENDPOINTS: readonly Endpoint[] = [
  { method: 'POST', path: '/api/parents/inbound-email' },
];

/** Endpoints anyone may call without a session (docs/api.md). */
export const PUBLIC_ENDPOINTS: readonly Endpoint[] = [
  { method: 'GET', path: '/api/health' },
  { method: 'POST', path: '/api/auth/sign-in' },
  // Succeeds without a session on purpose, so a double click is harmless; it changes nothing.
  { method: 'POST', path: '/api/auth/sign-out' },
  // First run: nobody can be signed in before the first admin exists. GET says only whether setup
  // is still needed; POST needs the one-time token printed on the server's console.
  { method: 'GET', path: '/api/setup' },
  { method: 'POST', path: '/api/setup' },
  // A link to set a password: the person has no password yet (or forgot it). Both need the
  // link's token; the first says only whose link it is.
  { method: 'POST', path: '/api/account/link' },
  { method: 'POST', path: '/api/account/password' },
  // The parent page (docs/parents.md): a parent is not staff. Asking for a sign-in link needs only
  // an email (the answer is the same for any address), signing in needs the link's token, and the
  // others check the parent's own cookie; each is throttled and audited.
  { method: 'POST', path: '/api/parent/link' },
  { method: 'POST', path: '/api/parent/sign-in' },
  { method: 'GET', path: '/api/parent/children' },
  { method: 'GET', path: '/api/parent/absences' },
  { method: 'POST', path: '/api/parent/absences' },
  // Leave of absence from the parent page: the same parent cookie, the request throttled, each
  // action audited; the letter only for the parent's own request.
  { method: 'POST', path: '/api/parent/leave' },
  { method: 'GET', path: '/api/parent/leave' },
  { method: 'GET', path: '/api/parent/leave/:id/letter' },
  // A code by text instead of the link: asking needs only a mobile number (the same answer for
  // any number), signing in needs the texted code.
  { method: 'POST', path: '/api/parent/code' },
  { method: 'POST', path: '/api/parent/code/sign-in' },
  // A mail provider posting a family's reply: no session, but the shared INBOUND_MAIL_SECRET.
  { method: 'POST', path: '/api/parents/inbound-email' },
  // Signing in through the school's OpenID Connect provider: nobody is signed in yet. GET says
  // only whether it is offered; start stores an attempt; finish needs the provider's answer and
  // the attempt's cookie from this browser.
  { method: 'GET', path: '/api/auth/oidc' },
  { method: 'POST', path: '/api/auth/oidc/start' },
  { method: 'POST', path: '/api/auth/oidc/finish' },
  // The API's own description (OpenAPI): shapes only, no school's data.
  { method: 'GET', path: '/api/openapi.json' },
];

export const isPublic = (e: Endpoint): boolean =>
  PUBLIC_ENDPOINTS.some((p) => p.method === e.method && p.path === e.path);

/** The app's own route table: one entry per method and path under /api/. */
export function registeredEndpoints(app: Hono<AppEnv>): Endpoint[] {
  const seen = new Map<string, Endpoint>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue; // middleware and the JSON 404 catch-all
    if (!route.path.startsWith('/api/') || route.path.includes('*')) continue;
    seen.set(`${route.method} ${route.path}`, { method: route.method, path: route.path });
  }
  return [...seen.values()].sort((a, b) =>
    `${a.path} ${a.method}`.localeCompare(`${b.path} ${b.method}`),
  );
}

const API_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../src/shared/api');

/** Every `/api/...` path constant exported from the shared route files. */
export async function declaredRoutes(): Promise<string[]> {
  const files = readdirSync(API_DIR).filter(
    (f) => (f.endsWith('Routes.ts') || f === 'routes.ts') && !f.endsWith('.test.ts'),
  );
  const paths = new Set<string>();
  for (const file of files) {
    const module = (await import(join(API_DIR, file))) as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
      for (const inner of Object.values(value as Record<string, unknown>)) {
        if (typeof inner === 'string' && inner.startsWith('/api/')) paths.add(inner);
      }
    }
  }
  return [...paths].sort();
}

/** The path with every `:name` filled: from `values` when given, else a fresh random uuid. */
export function fillPath(path: string, values: Readonly<Record<string, string>> = {}): string {
  return path.replace(/:([A-Za-z]+)/g, (_whole, name: string) =>
    encodeURIComponent(values[name] ?? randomUUID()),
  );
}

export const hasParams = (path: string): boolean => /:[A-Za-z]+/.test(path);

export const isWrite = (method: string): boolean => !['GET', 'HEAD', 'OPTIONS'].includes(method);

/**
 * Endpoints whose definition (src/shared/api/endpoints) admits every role — `signed_in`, or a
 * role list naming `teacher` — as `METHOD path`: a teacher may use those.
 */
export function declaredForEveryone(): Set<string> {
  const open = new Set<string>();
  for (const endpoint of ENDPOINTS) {
    const roles = rolesOf(endpoint.access);
    const forEveryone =
      endpoint.access === 'signed_in' || (roles !== null && roles.includes('teacher'));
    if (forEveryone) open.add(`${endpoint.method} ${endpoint.path}`);
  }
  return open;
}
