/**
 * The OpenAPI document at `/api/openapi.json` is generated from the contract: it must be a valid
 * OpenAPI 3.1 document (checked against the specification's own schema), name every endpoint
 * with its method, and every `$ref` in it must lead somewhere.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../src/shared/api/endpoints/index';
import { errorsOf } from '../../src/shared/api/endpoint';
import { API_ERRORS } from '../../src/shared/api/apiErrors';
import { createApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import type { Database } from '../../src/server/db/database';
import { openApiPath } from '../../src/server/http/openApiDocument';
import { silentLogger } from '../../src/server/logger';

type Json = Record<string, unknown>;

const noDatabase = new Proxy({} as Database, {
  get: (_target, key) => {
    if (key === 'then') return undefined;
    throw new Error(`Serving the document used the database (${String(key)}).`);
  },
});

/** Every `$ref` in `value`, with where it was found. */
function refsIn(value: unknown, at = '#'): { ref: string; at: string }[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => refsIn(v, `${at}/${i}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value as Json).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string'
      ? [{ ref: inner, at }]
      : refsIn(inner, `${at}/${key}`),
  );
}

function resolves(document: Json, ref: string): boolean {
  if (!ref.startsWith('#/')) return false;
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return false;
    node = (node as Json)[key];
  }
  return true;
}

describe('GET /api/openapi.json', async () => {
  const app = createApp({
    config: loadConfig({ LOG_LEVEL: 'silent' }),
    db: noDatabase,
    logger: silentLogger,
  });
  const response = await app.request('/api/openapi.json');
  const document = (await response.json()) as Json;

  it('is public and may be cached, being nobody’s data', () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('has every endpoint of the contract, with its method', () => {
    const paths = document.paths as Record<string, Record<string, Json>>;
    const missing = ENDPOINTS.filter(
      (e) => paths[openApiPath(e.path)]?.[e.method.toLowerCase()]?.operationId !== e.name,
    ).map((e) => `${e.method} ${e.path}`);
    expect(missing).toEqual([]);
    const operations = Object.values(paths).flatMap((p) => Object.keys(p));
    expect(operations).toHaveLength(ENDPOINTS.length);
  });

  it('answers each endpoint’s error reasons under their statuses', () => {
    const paths = document.paths as Record<string, Record<string, Json>>;
    for (const e of ENDPOINTS) {
      const responses = paths[openApiPath(e.path)]?.[e.method.toLowerCase()]?.responses as Json;
      for (const reason of errorsOf(e)) {
        const answer = responses[String(API_ERRORS[reason].status)] as Json | undefined;
        expect(answer?.description, `${e.name} ${reason}`).toContain(`\`${reason}\``);
      }
    }
  });

  it('gives each schema no address of its own, so every $ref is read from the document', () => {
    expect(JSON.stringify(document)).not.toMatch(/"\$id"|"\$defs"/);
  });

  it('has every $ref resolve inside the document', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(ENDPOINTS.length);
    expect(refs.filter((r) => !resolves(document, r.ref))).toEqual([]);
  });
});
