import { API_ERRORS } from '../../shared/api/apiErrors';
import type { ApiErrorReason } from '../../shared/api/apiErrors';

/**
 * An expected failure a handler answers with: a reason from the shared list, its status, and
 * optionally a more specific message, details for the client, and extra headers (Retry-After).
 * Thrown by handlers and middleware; the one error handler turns it into the JSON error body.
 */
export class ApiError extends Error {
  readonly reason: ApiErrorReason;
  readonly status: number;
  readonly details: unknown;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    reason: ApiErrorReason,
    options: { message?: string; details?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(options.message ?? API_ERRORS[reason].message);
    this.name = 'ApiError';
    this.reason = reason;
    this.status = API_ERRORS[reason].status;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}
