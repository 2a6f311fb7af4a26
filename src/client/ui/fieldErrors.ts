/**
 * Field problems by dotted path (`school.urn`), from the shared schema on this side or from the
 * server's `details.issues`: both name the field the same way, so one form shows either.
 */
import type { z } from 'zod';

export type FieldErrors = Readonly<Record<string, string>>;

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.');
    const message =
      issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    errors[path] ??= message;
  }
  return errors;
}

export function fieldErrorsFromIssues(
  issues: readonly { readonly path: string; readonly message: string }[],
): FieldErrors {
  const errors: Record<string, string> = {};
  for (const issue of issues) errors[issue.path] ??= issue.message;
  return errors;
}
