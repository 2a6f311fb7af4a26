/**
 * The one way into the domain for configuration: raw JSON in, typed configuration or a list of
 * readable problems out (docs/design.md §2: "clear error messages naming the field").
 */
import type { z } from 'zod';
import { configErrorMap } from './configMessages';
import { formatConfigPath, type ConfigIssue } from './configIssue';
import { organisationConfigSchema, schoolConfigSchema } from './configSchema';
import { organisationWarnings, registerWindowWarnings } from './registerWindowWarnings';
import type { OrganisationConfig, SchoolConfig } from './schoolConfig';

/** Warnings are reported either way: a school may accept them, but should see them. */
export type ConfigParseResult<T> =
  | { ok: true; value: T; warnings: ConfigIssue[] }
  | { ok: false; errors: ConfigIssue[]; warnings: ConfigIssue[] };

export type ParseConfigResult = ConfigParseResult<OrganisationConfig>;

function parseWith<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  warnings: ConfigIssue[],
): ConfigParseResult<T> {
  const parsed = schema.safeParse(raw, { error: configErrorMap });
  if (parsed.success) return { ok: true, value: parsed.data, warnings };
  const errors = parsed.error.issues.map((issue) => ({
    path: formatConfigPath(issue.path),
    message: issue.message,
  }));
  return { ok: false, errors, warnings };
}

/**
 * Parses an organisation's configuration (a trust, federation or single school) from JSON.
 *
 * @returns the typed configuration with defaults filled in, or every error found; warnings
 *   (e.g. a register open more than 30 minutes) in both cases.
 */
export function parseOrganisationConfig(raw: unknown): ParseConfigResult {
  return parseWith(organisationConfigSchema, raw, organisationWarnings(raw));
}

/** Parses one school's configuration; paths start at the school (`sessions.AM.start`). */
export function parseSchoolConfig(raw: unknown): ConfigParseResult<SchoolConfig> {
  return parseWith(schoolConfigSchema, raw, registerWindowWarnings(raw));
}
