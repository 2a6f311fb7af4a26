/**
 * The contract (src/shared/api/endpoints) and the server agree: every route the server serves
 * under /api is defined there, and every definition is served, with the same method and path.
 * A route added with a bare `app.get` (or a definition nobody registers) fails here.
 */
import type { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/shared/api/endpoints/index';
import { createApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { Database } from '../../src/server/db/database';
import type { AppEnv } from '../../src/server/http/appEnv';
import { silentLogger } from '../../src/server/logger';

/** Registering routes touches no database: a stand-in that refuses every use proves it. */
const noDatabase = new Proxy({} as Database, {
  get: (_target, key) => {
    if (key === 'kind') return 'postgres';
    if (key === 'then') return undefined;
    throw new Error(`The contract test used the database (${String(key)}).`);
  },
});

function servedRoutes(app: Hono<AppEnv>): string[] {
  const served = new Set<string>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue; // middleware and the JSON 404 catch-all
    if (!route.path.startsWith('/api/') || route.path.includes('*')) continue;
    served.add(`${route.method} ${route.path}`);
  }
  return [...served].sort();
}

describe('the API contract', () => {
  const app = createApp({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    db: noDatabase,
    logger: silentLogger,
  });
  const served = servedRoutes(app);
  const defined = ENDPOINTS.map((e) => `${e.method} ${e.path}`).sort();

  it('defines every route the server serves', () => {
    expect(served.filter((r) => !defined.includes(r))).toEqual([]);
  });

  it('has every definition served', () => {
    expect(defined.filter((r) => !served.includes(r))).toEqual([]);
  });

  it('names each endpoint once, and each method and path once', () => {
    const names = ENDPOINTS.map((e) => e.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    expect(defined.filter((r, i) => defined.indexOf(r) !== i)).toEqual([]);
  });

  it('gives every path parameter a schema that reads it', () => {
    const missing = ENDPOINTS.filter((e) => e.path.includes(':') && e.params === undefined).map(
      (e) => e.name,
    );
    expect(missing).toEqual([]);
  });
});
