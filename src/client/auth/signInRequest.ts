/**
 * The online sign-in (docs/design.md §3.3): email and password to `POST /api/auth/sign-in`. The
 * server sets HttpOnly cookies for the session and the device; the answer says who signed in, their
 * roles, the school and this device's id. Every failure becomes a message a teacher can act on.
 */
import { apiErrorBodySchema } from '../../shared/api/apiErrors';
import { sessionResponseSchema, type SessionResponse } from '../../shared/api/authSchemas';
import { ROUTES } from '../../shared/api/routes';
import { signInWaitMessage } from '../../shared/api/signInWait';
import { z } from 'zod';

export interface SignInInput {
  readonly email: string;
  readonly password: string;
  /** The id this tablet was given before, so the server re-uses the enrolment. */
  readonly deviceId?: string;
  readonly deviceLabel?: string;
  /** Sign in at this school only (a tablet with marks still to send for it). */
  readonly schoolId?: string;
}

export type SignInFailureKind = 'offline' | 'bad_credentials' | 'rate_limited' | 'refused';

export interface SignInFailure {
  readonly kind: SignInFailureKind;
  readonly message: string;
  /** For `rate_limited`: how long to wait, when the server said. */
  readonly retryAfterSeconds?: number;
}

export type SignInResult =
  | { readonly ok: true; readonly value: SessionResponse }
  | { readonly ok: false; readonly error: SignInFailure };

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export const FIRST_SIGN_IN_OFFLINE =
  'You need a connection to sign in the first time on this tablet.';
export const SIGN_IN_OFFLINE =
  'You need a connection to sign in. Staff who have signed in on this tablet before can unlock with their PIN.';

// The body's reason is loosened to any string: a newer server's reason still has a message.
const errorBodySchema = apiErrorBodySchema.extend({ reason: z.string() });
const rateLimitDetailsSchema = z.object({ retryAfterSeconds: z.number().int().min(0) });

/**
 * Signs in online.
 *
 * @param hasSignedInBefore - whether anyone has signed in on this tablet, which changes what an
 *   offline failure tells the user.
 */
export async function requestSignIn(
  input: SignInInput,
  options: { readonly fetch?: FetchLike; readonly hasSignedInBefore: boolean },
): Promise<SignInResult> {
  const doFetch: FetchLike = options.fetch ?? ((url, init) => globalThis.fetch(url, init));
  const offline: SignInFailure = {
    kind: 'offline',
    message: options.hasSignedInBefore ? SIGN_IN_OFFLINE : FIRST_SIGN_IN_OFFLINE,
  };
  const body = {
    email: input.email.trim(),
    password: input.password,
    ...(input.deviceId === undefined ? {} : { deviceId: input.deviceId }),
    ...(input.schoolId === undefined ? {} : { schoolId: input.schoolId }),
    ...(input.deviceLabel === undefined || input.deviceLabel.trim() === ''
      ? {}
      : { deviceLabel: input.deviceLabel.trim() }),
  };

  let response: Response;
  let json: unknown;
  try {
    // The browser adds Origin itself; cookies are same-origin and HttpOnly.
    response = await doFetch(ROUTES.signIn, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    json = text === '' ? null : (JSON.parse(text) as unknown);
  } catch {
    return { ok: false, error: offline };
  }

  if (response.ok) {
    const parsed = sessionResponseSchema.safeParse(json);
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      error: {
        kind: 'refused',
        message:
          'The office server’s answer was not understood. This tablet may need updating: reload Tickmark and try again.',
      },
    };
  }

  const error = errorBodySchema.safeParse(json);
  const message = error.success ? error.data.message : null;
  if (response.status === 429) {
    const details = error.success ? rateLimitDetailsSchema.safeParse(error.data.details) : null;
    const header = Number(response.headers.get('Retry-After'));
    const seconds = details?.success
      ? details.data.retryAfterSeconds
      : Number.isFinite(header) && header > 0
        ? header
        : undefined;
    return {
      ok: false,
      error: {
        kind: 'rate_limited',
        message:
          seconds === undefined ? (message ?? signInWaitMessage(300)) : signInWaitMessage(seconds),
        ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
      },
    };
  }
  if (response.status === 401) {
    return {
      ok: false,
      error: { kind: 'bad_credentials', message: message ?? 'Email or password not recognised.' },
    };
  }
  // A proxy or captive portal answering without a Tickmark body is as good as no connection.
  if (message === null) return { ok: false, error: offline };
  return { ok: false, error: { kind: 'refused', message } };
}
