/**
 * `GET /api/openapi.json`: the OpenAPI document of every endpoint (openApiDocument.ts), built once
 * per server and cacheable, since it holds no one's data.
 */
import type { Hono } from 'hono';
import { openApi } from '../../shared/api/endpoints/coreEndpoints';
import { ENDPOINTS } from '../../shared/api/endpoints/index';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from './appEnv';
import { openApiDocument } from './openApiDocument';
import { FileReply, serveEndpoint } from './serveEndpoint';

/** The package's version, for the document's `info.version`. */
const API_VERSION = '0.1.0';

export function registerOpenApiRoute(app: Hono<AppEnv>, deps: AppDeps): void {
  let text: string | undefined;
  serveEndpoint(app, deps, openApi, () => {
    text ??= JSON.stringify(openApiDocument(ENDPOINTS, API_VERSION));
    return new FileReply(text, { fileName: null, cacheControl: 'public, max-age=3600' });
  });
}
