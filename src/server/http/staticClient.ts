/**
 * Serves the built PWA (dist/client) beside the API: files as they are, and index.html for any
 * other page address so the client-side router can take it (SPA fallback). Never for /api/: an
 * unknown API path must be a JSON 404, not the app shell.
 */
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import type { AppEnv } from './appEnv';

const isApi = (path: string): boolean => path === '/api' || path.startsWith('/api/');

// Vite fingerprints files under /assets/, so they never change and may be cached for a year.
// Everything else (index.html, the service worker, the manifest) must be revalidated, or app
// updates would never reach the tablets.
const cacheControl = (path: string): string =>
  path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';

function withCaching(serve: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const res = await serve(c, next);
    if (res instanceof Response && res.ok)
      res.headers.set('Cache-Control', cacheControl(c.req.path));
    return res;
  };
}

/** Adds static serving from `clientDir` to `app`; call after the API routes. */
export function serveClient(app: Hono<AppEnv>, clientDir: string): void {
  const files = withCaching(serveStatic<AppEnv>({ root: clientDir }));
  const shell = withCaching(serveStatic<AppEnv>({ root: clientDir, path: 'index.html' }));

  app.use('*', async (c, next) => (isApi(c.req.path) ? next() : files(c, next)));
  // A path with a file extension that was not found is a missing file, not a page.
  app.get('*', async (c, next) =>
    isApi(c.req.path) || /\.[A-Za-z0-9]+$/.test(c.req.path) ? next() : shell(c, next),
  );
}
