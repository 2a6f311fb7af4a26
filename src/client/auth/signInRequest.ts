/**
 * The online sign-in (docs/design.md §3.3): email and password to `POST /api/auth/sign-in`. The
 * server sets HttpOnly cookies for the session and the device; the answer says who signed in, their
 * roles, the school and this device's id. Every failure becomes a message a teacher can act on.
 */
import { z } from 'zod';
import type { SessionResponse } from '../../shared/api/authSchemas';
import { signIn } from '../../shared/api/endpoints/coreEndpoints';
import { signInWaitMessage } from '../../shared/api/signInWait';
import { call, type ApiFailure, type FetchLike } from '../api/call';

export type { FetchLike } from '../api/call';

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

export const FIRST_SIGN_IN_OFFLINE =
  'You need a connection to sign in the first time on this tablet.';
export const SIGN_IN_OFFLINE =
  'You need a connection to sign in. Staff who have signed in on this tablet before can unlock with their PIN.';

const rateLimitDetailsSchema = z.object({ retryAfterSeconds: z.int().min(0) });

/** A sign-in must not hang on a tablet whose wifi has dropped: PINs unlock offline instead. */
export const SIGN_IN_TIMEOUT_MS = 20_000;

/**
 * Signs in online, through the one client (api/call.ts).
 *
 * @param hasSignedInBefore - whether anyone has signed in on this tablet, which changes what an
 *   offline failure tells the user.
 */
export async function requestSignIn(
  input: SignInInput,
  options: {
    readonly fetch?: FetchLike;
    readonly hasSignedInBefore: boolean;
    /** Default {@link SIGN_IN_TIMEOUT_MS}. */
    readonly timeoutMs?: number;
  },
): Promise<SignInResult> {
  const body = {
    email: input.email.trim(),
    password: input.password,
    ...(input.deviceId === undefined ? {} : { deviceId: input.deviceId }),
    ...(input.schoolId === undefined ? {} : { schoolId: input.schoolId }),
    ...(input.deviceLabel === undefined || input.deviceLabel.trim() === ''
      ? {}
      : { deviceLabel: input.deviceLabel.trim() }),
  };
  // The browser adds Origin itself; cookies are same-origin and HttpOnly.
  const result = await call(
    signIn,
    { body },
    {
      timeoutMs: options.timeoutMs ?? SIGN_IN_TIMEOUT_MS,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    },
  );
  if (result.ok) return result;
  return { ok: false, error: signInFailureOf(result.error, options.hasSignedInBefore) };
}

/** The one client's failure, as the sign-in screen tells it. */
function signInFailureOf(error: ApiFailure, hasSignedInBefore: boolean): SignInFailure {
  const offline: SignInFailure = {
    kind: 'offline',
    message: hasSignedInBefore ? SIGN_IN_OFFLINE : FIRST_SIGN_IN_OFFLINE,
  };
  switch (error.kind) {
    case 'offline': {
      if (error.status === 429) {
        const details = rateLimitDetailsSchema.safeParse(error.details);
        const seconds = details.success ? details.data.retryAfterSeconds : error.retryAfterSeconds;
        return {
          kind: 'rate_limited',
          message:
            seconds === undefined
              ? error.reason === undefined
                ? signInWaitMessage(300)
                : error.message
              : signInWaitMessage(seconds),
          ...(seconds === undefined ? {} : { retryAfterSeconds: seconds }),
        };
      }
      // A server fault that says so is worth reading; no answer, or a proxy's page, is offline.
      return error.reason === undefined ? offline : { kind: 'refused', message: error.message };
    }
    case 'not_signed_in':
      return { kind: 'bad_credentials', message: error.message };
    case 'refused':
      // A proxy or captive portal answering without a Tickmark body is as good as no connection.
      return error.reason === 'unknown' ? offline : { kind: 'refused', message: error.message };
    case 'bad_response':
      return {
        kind: 'refused',
        message:
          'The office server’s answer was not understood. This tablet may need updating: reload Tickmark and try again.',
      };
  }
}
