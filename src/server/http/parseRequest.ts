/**
 * Parsing at the boundary (docs/design.md §5): every body, query and path parameter goes through a
 * zod schema from src/shared before a handler sees it. Bad input becomes a 4xx whose message says
 * which field is wrong and why.
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { FieldIssue } from '../../shared/api/apiErrors';
import { ApiError } from './apiError';
import type { AppEnv } from './appEnv';

function issuesOf(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({
          path: path === '' ? key : `${path}.${key}`,
          message: 'is not a field this request accepts',
        });
      }
    } else if (issue.code === 'invalid_type' && issue.input === undefined) {
      issues.push({ path, message: 'is required' });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}

/** Each bad field of `error` as "path message", joined with "; " (the wording of every 400). */
export function listIssues(error: z.ZodError): string {
  return issuesOf(error)
    .map((i) => (i.path === '' ? i.message : `${i.path} ${i.message}`))
    .join('; ');
}

/** Parses `value` with `schema`, or throws a 400 `invalid_request` listing each bad field. */
export function parseWith<S extends z.ZodType>(
  schema: S,
  value: unknown,
  what: string,
): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const issues = issuesOf(result.error);
  const listed = listIssues(result.error);
  throw new ApiError('invalid_request', {
    message: `The ${what} has problems: ${listed}.`,
    details: { issues },
  });
}

/**
 * Reads a JSON body and parses it with `schema`.
 *
 * @throws ApiError 415 when the body is not declared as JSON, 400 when it is not valid JSON or
 *   does not fit the schema (unknown fields included).
 */
export async function readJsonBody<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
): Promise<z.output<S>> {
  const type = c.req.header('content-type') ?? '';
  // Requiring JSON also forces a CORS preflight for any cross-site attempt (docs/design.md §5).
  if (!/^application\/json\s*(;|$)/i.test(type)) throw new ApiError('unsupported_media_type');
  const text = await c.req.text();
  if (text.trim() === '') {
    throw new ApiError('malformed_json', {
      message: 'The request body is empty; it must be a JSON object.',
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const why = err instanceof SyntaxError ? ` (${err.message})` : '';
    throw new ApiError('malformed_json', { message: `The request body is not valid JSON${why}.` });
  }
  return parseWith(schema, value, 'request body');
}

/** Parses the route's `:params` with `schema`. */
export function readParams<S extends z.ZodType>(c: Context<AppEnv>, schema: S): z.output<S> {
  return parseWith(schema, c.req.param(), 'address');
}
