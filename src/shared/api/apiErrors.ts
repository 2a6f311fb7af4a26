/**
 * Every error the API can answer with: a stable `reason` code, its HTTP status and a plain en-GB
 * message that says what to do (docs/design.md §9). The server may give a more specific message (a
 * validation error names the fields), but the client can always fall back to this one by code.
 */
import { z } from 'zod';

export const API_ERRORS = {
  malformed_json: {
    status: 400,
    message: 'The request body is not valid JSON.',
  },
  invalid_request: {
    status: 400,
    message: 'The request has missing or wrong fields.',
  },
  bad_credentials: {
    status: 401,
    message: 'Email or password not recognised.',
  },
  not_signed_in: {
    status: 401,
    message: 'You are not signed in, or your session has ended. Please sign in again.',
  },
  forbidden: {
    status: 403,
    message: 'Your role at this school does not allow this.',
  },
  no_school_role: {
    status: 403,
    message:
      'Your account does not have a role at this school yet. Ask your school’s Tickmark administrator to add one.',
  },
  bad_origin: {
    status: 403,
    message:
      'This request came from a page Tickmark does not trust, so it was refused. Open Tickmark from its own address and try again.',
  },
  device_mismatch: {
    status: 403,
    message:
      'These marks were sent for a different device than the one you are signed in on. Sign in again on this device.',
  },
  setup_token_invalid: {
    status: 403,
    message:
      'This setup link is not valid. Use the link the server printed when it started, or restart the server for a new one.',
  },
  already_set_up: {
    status: 409,
    message: 'Tickmark is already set up on this server. Sign in instead.',
  },
  link_invalid: {
    status: 410,
    message:
      'This link has expired, has been used, or was replaced by a newer one. Ask your school’s Tickmark administrator to send you a new link.',
  },
  code_invalid: {
    status: 401,
    message:
      'That sign-in code is not right, has expired or has been used. Ask for a new code and type the newest one.',
  },
  account_disabled: {
    status: 409,
    message: 'This account is disabled. Enable it first.',
  },
  mail_failed: {
    status: 502,
    message:
      'The email could not be sent, so nothing was changed. Try again, or ask whoever runs the server to check its mail settings.',
  },
  oidc_failed: {
    status: 401,
    message:
      'Signing in through your organisation’s account did not work. Try again, or sign in with your Tickmark password.',
  },
  oidc_off: {
    status: 404,
    message:
      'This Tickmark server does not offer sign-in through Microsoft or Google. Sign in with your email address and password.',
  },
  oidc_unreachable: {
    status: 502,
    message:
      'Your organisation’s sign-in service did not answer. Try again in a minute, or sign in with your Tickmark password.',
  },
  oidc_no_account: {
    status: 403,
    message:
      'There is no Tickmark account for this email address at any school. Ask your school’s Tickmark administrator to add you, using the email address you sign in to your organisation with.',
  },
  oidc_email_unverified: {
    status: 403,
    message:
      'Your organisation’s sign-in did not confirm your email address, so Tickmark cannot tell whose account this is. Sign in with your Tickmark password, or ask your IT administrator to include a verified email address.',
  },
  already_exists: {
    status: 409,
    message: 'Something with these details already exists.',
  },
  not_found: {
    status: 404,
    message: 'There is nothing at this address.',
  },
  sequence_gap: {
    status: 409,
    message:
      'Some marks from this device are missing before the ones just sent. The device will send them again in order.',
  },
  client_seq_reused: {
    status: 409,
    message:
      'This device sent two different marks under the same number. Nothing was saved from this batch; contact support.',
  },
  changed_since: {
    status: 409,
    message:
      'What you asked to change has changed since you last looked. Reload, check, and try again.',
  },
  events_rejected: {
    status: 422,
    message:
      'Some marks broke the register’s rules, so nothing from this batch was saved. Each refused mark says why; send the others again.',
  },
  payload_too_large: {
    status: 413,
    message: 'The request is too large. Send less at a time.',
  },
  unsupported_media_type: {
    status: 415,
    message: 'Send the request body as JSON with the header Content-Type: application/json.',
  },
  mis_unreachable: {
    status: 502,
    message:
      'The school’s MIS did not answer, so the marks could not be compared. Try again in a few minutes.',
  },
  rate_limited: {
    status: 429,
    message: 'Too many failed sign-ins. Please wait a few minutes and try again.',
  },
  internal: {
    status: 500,
    message:
      'Something went wrong on the server. Your request was not completed; please try again.',
  },
  unavailable: {
    status: 503,
    message: 'The server cannot reach its database just now. Please try again in a moment.',
  },
} as const satisfies Record<string, { status: number; message: string }>;

export type ApiErrorReason = keyof typeof API_ERRORS;

export const API_ERROR_REASONS = Object.keys(API_ERRORS) as ApiErrorReason[];

/** One problem with a request field; `path` is dotted (`roles.0.schoolId`), or '' for the body. */
export const fieldIssueSchema = z.strictObject({
  path: z.string(),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** The body of every error response. */
export const apiErrorBodySchema = z.strictObject({
  status: z.literal('error'),
  reason: z.enum(API_ERROR_REASONS as [ApiErrorReason, ...ApiErrorReason[]]),
  message: z.string(),
  /** `invalid_request`: `{ issues: FieldIssue[] }`; `rate_limited`: `{ retryAfterSeconds }`. */
  details: z.unknown().optional(),
  /** On server-side failures (5xx): the id of the request in the server's log, to quote. */
  requestId: z.string().optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;
