/**
 * The OpenAPI 3.1 document, generated from the contract (src/shared/api/endpoints): every
 * endpoint's path, method, parameters, body, answers and error reasons, with each zod schema
 * turned into JSON Schema 2020-12 (the dialect OpenAPI 3.1 uses) by zod itself. docs/api.md keeps
 * the prose; this document keeps the shapes, so the two cannot drift apart.
 */
import { z } from 'zod';
import { API_ERRORS, apiErrorBodySchema, type ApiErrorReason } from '../../shared/api/apiErrors';
import { errorsOf, rolesOf, type Endpoint } from '../../shared/api/endpoint';
import { SESSION_COOKIE } from '../auth/cookies';

type JsonObject = Record<string, unknown>;

const ERROR_SCHEMA_ID = 'ApiError';
const refTo = (id: string) => ({ $ref: `#/components/schemas/${id}` });

/** Every distinct schema of the contract gets one component id, named where it is first used. */
function schemaIds(endpoints: readonly Endpoint[]): Map<z.ZodType, string> {
  const ids = new Map<z.ZodType, string>([[apiErrorBodySchema, ERROR_SCHEMA_ID]]);
  const name = (schema: z.ZodType | undefined, id: string) => {
    if (schema !== undefined && !ids.has(schema)) ids.set(schema, id);
  };
  for (const endpoint of endpoints) {
    if (endpoint.body?.kind === 'json') name(endpoint.body.schema, `${endpoint.name}.body`);
    if (endpoint.response.kind === 'json') {
      name(endpoint.response.schema, `${endpoint.name}.response`);
    }
  }
  return ids;
}

const TO_JSON_SCHEMA = {
  target: 'draft-2020-12',
  // What goes over the wire is what each end parses: the schemas' input side.
  io: 'input',
  // Refinements and transforms have no JSON Schema form; their input shape still does.
  unrepresentable: 'any',
} as const;

/** The query's or path's fields as OpenAPI parameters. */
function parametersOf(schema: z.ZodType | undefined, where: 'query' | 'path'): JsonObject[] {
  if (schema === undefined) return [];
  const json = z.toJSONSchema(schema, TO_JSON_SCHEMA) as JsonObject;
  const properties = (json.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
    schema: property,
  }));
}

function requestBodyOf(endpoint: Endpoint, ids: Map<z.ZodType, string>): JsonObject | null {
  const body = endpoint.body;
  if (body === undefined) return null;
  if (body.kind === 'text') {
    return { required: true, content: { [body.mediaType]: { schema: { type: 'string' } } } };
  }
  return {
    required: true,
    ...(body.perItem === true
      ? { description: 'Each item is checked on its own and answered in the response.' }
      : {}),
    content: { 'application/json': { schema: refTo(ids.get(body.schema) ?? '') } },
  };
}

function successOf(endpoint: Endpoint, ids: Map<z.ZodType, string>): [string, JsonObject] {
  const response = endpoint.response;
  if (response.kind === 'file') {
    return [
      '200',
      {
        description: 'A file.',
        content: { [response.mediaType]: { schema: { type: 'string' } } },
      },
    ];
  }
  const content: JsonObject = {
    'application/json': { schema: refTo(ids.get(response.schema) ?? '') },
  };
  if (response.csv === true) content['text/csv'] = { schema: { type: 'string' } };
  return [
    String(response.status),
    {
      description: response.csv === true ? 'JSON, or with `?format=csv` a CSV attachment.' : 'OK.',
      content,
    },
  ];
}

/** One answer per error status, listing the reasons that share it. */
function errorResponsesOf(endpoint: Endpoint): Record<string, JsonObject> {
  const byStatus = new Map<number, ApiErrorReason[]>();
  for (const reason of errorsOf(endpoint)) {
    const status = API_ERRORS[reason].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), reason]);
  }
  const responses: Record<string, JsonObject> = {};
  for (const [status, reasons] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: reasons.map((r) => `\`${r}\`: ${API_ERRORS[r].message}`).join(' '),
      content: { 'application/json': { schema: refTo(ERROR_SCHEMA_ID) } },
    };
  }
  return responses;
}

function accessText(endpoint: Endpoint): string {
  const roles = rolesOf(endpoint.access);
  if (roles !== null) return `Roles: ${roles.join(', ')}.`;
  return endpoint.access === 'public' ? 'Public.' : 'Any signed-in staff member.';
}

function operationOf(endpoint: Endpoint, ids: Map<z.ZodType, string>): JsonObject {
  const [status, success] = successOf(endpoint, ids);
  const requestBody = requestBodyOf(endpoint, ids);
  const roles = rolesOf(endpoint.access);
  return {
    operationId: endpoint.name,
    tags: [endpoint.name.split('.')[0]],
    summary: endpoint.summary,
    description: `${accessText(endpoint)} See docs/api.md for the conventions and the protocol.`,
    ...(endpoint.access === 'public' ? { security: [] } : {}),
    'x-tickmark-access': roles ?? endpoint.access,
    parameters: [
      ...parametersOf(endpoint.params, 'path'),
      ...parametersOf(endpoint.query, 'query'),
    ],
    ...(requestBody === null ? {} : { requestBody }),
    responses: { [status]: success, ...errorResponsesOf(endpoint) },
  };
}

/** `/api/pupils/:id/entries` → `/api/pupils/{id}/entries`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, '{$1}');
}

/** Builds the document for `endpoints`. */
export function openApiDocument(endpoints: readonly Endpoint[], version: string): JsonObject {
  const ids = schemaIds(endpoints);
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of ids) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    ...TO_JSON_SCHEMA,
    uri: (id) => `#/components/schemas/${id}`,
  });
  const components: Record<string, JsonObject> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // Each component sits inside the document, not at its own address: drop the dialect marker
    // and the `$id` zod gives each one (the document's jsonSchemaDialect says 2020-12 once).
    const { $schema: _dialect, $id: _id, ...rest } = schema as JsonObject;
    components[id] = rest;
  }
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const endpoint of endpoints) {
    const path = openApiPath(endpoint.path);
    paths[path] = { ...paths[path], [endpoint.method.toLowerCase()]: operationOf(endpoint, ids) };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Tickmark API',
      version,
      description:
        'Offline-first attendance registers for schools in England. Generated from the contract in src/shared/api/endpoints; the conventions, the sync protocol and examples are in docs/api.md.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }],
    paths,
    components: {
      schemas: components,
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'Set by `POST /api/auth/sign-in` (HttpOnly).',
        },
      },
    },
  };
}
