/**
 * Signing in through the school's OpenID Connect provider (Microsoft 365, Google Workspace;
 * docs/design.md §5, docs/api.md "Signing in with Microsoft or Google"), with `openid-client`.
 *
 * The authorisation-code flow with PKCE, state and nonce. `start` keeps the attempt server-side
 * (`oidc_attempt`: the state's SHA-256, the PKCE verifier, the nonce, the device the browser
 * claims) for ten minutes, and binds it to this browser with a short-lived HttpOnly cookie
 * holding the state, so a link to someone else's half-finished sign-in cannot sign a victim in
 * as that someone. `finish` spends the attempt first (single use, whatever happens next), then
 * has the provider's answer checked by openid-client (code exchanged with the verifier, the id
 * token's signature, issuer, audience, expiry and nonce), and matches the id token's email, which
 * the provider must say it verified, to an active staff account. Nothing is ever created: no
 * account is a refusal. The session and device are then made exactly as for a password
 * (signIn.ts's startSignedIn).
 */
import type { Context } from 'hono';
import * as client from 'openid-client';
import type { OidcFinishRequest } from '../../shared/api/oidcSchemas';
import { OIDC_RETURN_PAGE_PATH } from '../../shared/api/oidcSchemas';
import type { AppDeps } from '../appDeps';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { clearOidcCookie, readDeviceCookie, readOidcCookie, setOidcCookie } from './cookies';
import { findClaimedDevice } from './devices';
import { isLoopbackIssuer, type OidcSettings } from './oidcSettings';
import { startSignedIn, type SignedIn } from './signIn';
import { findStaffByEmail } from './staffDirectory';
import { hashToken } from './tokens';

/** How long a started sign-in may take at the provider. */
export const OIDC_ATTEMPT_MINUTES = 10;
/** Attempts are forgotten this long after they expire (kept a while to tell "used" from "none"). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;
/** How long to wait for the provider's discovery document or token endpoint. */
const PROVIDER_TIMEOUT_SECONDS = 15;

export interface OidcSignIn {
  /** The words on the button ("Microsoft"), or null when the server does not offer it. */
  readonly providerName: string | null;
  /** Stores a new attempt and answers the provider's address for the browser. */
  start(c: Context<AppEnv>, input: { readonly deviceId?: string | undefined }): Promise<string>;
  /** Checks the provider's answer and signs the person in. */
  finish(c: Context<AppEnv>, input: OidcFinishRequest): Promise<SignedIn>;
}

/** The address the provider sends the browser back to: the server's own, then the return page. */
function redirectUri(c: Context<AppEnv>, deps: AppDeps): string {
  const origin = deps.config.publicOrigin ?? c.req.header('origin') ?? deps.config.ownOrigins[0];
  return `${origin ?? ''}${OIDC_RETURN_PAGE_PATH}`;
}

/** Reads the provider's discovery document once; a failure is retried on the next sign-in. */
function providerConfiguration(settings: OidcSettings): () => Promise<client.Configuration> {
  let found: Promise<client.Configuration> | null = null;
  return () => {
    found ??= client
      .discovery(settings.issuer, settings.clientId, settings.clientSecret, undefined, {
        timeout: PROVIDER_TIMEOUT_SECONDS,
        // Plain HTTP only to a provider on this machine (a test's); config.ts refuses others.
        ...(isLoopbackIssuer(settings.issuer) ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((err: unknown) => {
        found = null;
        throw err;
      });
    return found;
  };
}

function unreachable(deps: AppDeps, err: unknown): ApiError {
  deps.logger.warn('OpenID Connect provider did not answer', {
    error: err instanceof Error ? err.message : String(err),
  });
  return new ApiError('oidc_unreachable');
}

/** The id token's email, lower-cased, when the provider says it verified it; else null. */
export function verifiedEmailOf(claims: client.IDToken): string | null {
  const email = claims.email;
  if (typeof email !== 'string' || email.trim() === '') return null;
  // Google and most providers: `email_verified`. Microsoft Entra ID sends no such claim; its
  // optional claim `xms_edov` says the email's domain is verified by the tenant.
  const verified = claims.email_verified === true || claims.xms_edov === true;
  return verified ? email.trim().toLowerCase() : null;
}

/** The sign-in for this server's settings (`deps.config.oidc`). */
export function createOidcSignIn(deps: AppDeps): OidcSignIn {
  const settings = deps.config.oidc;
  if (settings === null) {
    const off = (): never => {
      throw new ApiError('oidc_off');
    };
    return { providerName: null, start: off, finish: off };
  }
  const configuration = providerConfiguration(settings);
  const provider = settings.providerName;

  return {
    providerName: provider,

    async start(c, input) {
      const now = deps.clock.now();
      const config = await configuration().catch((err: unknown) => {
        throw unreachable(deps, err);
      });
      const state = client.randomState();
      const nonce = client.randomNonce();
      const codeVerifier = client.randomPKCECodeVerifier();
      const challenge = await client.calculatePKCECodeChallenge(codeVerifier);
      await deps.db.transaction(async (tx) => {
        await tx.query('DELETE FROM oidc_attempt WHERE expires_at < $1', [
          new Date(now.getTime() - FORGET_AFTER_MS),
        ]);
        await tx.query(
          `INSERT INTO oidc_attempt (state_hash, code_verifier, nonce, device_id, created_at, expires_at)
           VALUES ($1, $2, $3, $4, $5, $6)`,
          [
            hashToken(state),
            codeVerifier,
            nonce,
            input.deviceId ?? null,
            now,
            new Date(now.getTime() + OIDC_ATTEMPT_MINUTES * 60 * 1000),
          ],
        );
      });
      setOidcCookie(c, deps.config, state, OIDC_ATTEMPT_MINUTES * 60);
      return client
        .buildAuthorizationUrl(config, {
          redirect_uri: redirectUri(c, deps),
          scope: 'openid email profile',
          // A classroom tablet is shared: whoever signed in at the provider last must not be
          // signed in again silently as the next person. Once per person per tablet, then a PIN.
          prompt: 'login',
          response_type: 'code',
          code_challenge: challenge,
          code_challenge_method: 'S256',
          state,
          nonce,
        })
        .toString();
    },

    async finish(c, input) {
      const now = deps.clock.now();
      const expired = new ApiError('oidc_failed', {
        message: `This sign-in with ${provider} has expired, was already used, or was started in another browser. Go back to the sign-in screen and choose “Sign in with ${provider}” again.`,
      });
      const params = new URLSearchParams(input.callbackQuery);
      const state = params.get('state');
      const bound = readOidcCookie(c);
      clearOidcCookie(c, deps.config);
      if (state === null || state === '' || bound !== state) throw expired;

      // Spent before anything else, so the same answer can never be used twice.
      const { rows } = await deps.db.query<{
        code_verifier: string;
        nonce: string;
        device_id: string | null;
      }>(
        `UPDATE oidc_attempt SET used_at = $2
          WHERE state_hash = $1 AND used_at IS NULL AND expires_at > $2
          RETURNING code_verifier, nonce, device_id`,
        [hashToken(state), now],
      );
      const attempt = rows[0];
      if (attempt === undefined) throw expired;

      const config = await configuration().catch((err: unknown) => {
        throw unreachable(deps, err);
      });
      let claims: client.IDToken | undefined;
      try {
        const tokens = await client.authorizationCodeGrant(
          config,
          new URL(`${redirectUri(c, deps)}${input.callbackQuery}`),
          {
            pkceCodeVerifier: attempt.code_verifier,
            expectedState: state,
            expectedNonce: attempt.nonce,
            idTokenExpected: true,
          },
        );
        claims = tokens.claims();
      } catch (err) {
        if (err instanceof client.AuthorizationResponseError) {
          throw new ApiError('oidc_failed', {
            message: `${provider} did not sign you in (${err.error_description ?? err.error}). Try again, or sign in with your Tickmark password.`,
          });
        }
        if (err instanceof TypeError) throw unreachable(deps, err);
        deps.logger.warn('OpenID Connect sign-in refused', {
          error: err instanceof Error ? err.message : String(err),
        });
        throw new ApiError('oidc_failed');
      }
      if (claims === undefined) throw new ApiError('oidc_failed');

      const email = verifiedEmailOf(claims);
      if (email === null) throw new ApiError('oidc_email_unverified');
      const staff = await findStaffByEmail(deps.db, email);
      if (staff === null) {
        throw new ApiError('oidc_no_account', {
          message: `There is no Tickmark account for ${email} at any school. Ask your school’s Tickmark administrator to add you with this email address, then sign in with ${provider} again.`,
        });
      }
      if (staff.disabledAt !== null) {
        throw new ApiError('oidc_no_account', {
          message: `The Tickmark account for ${email} is disabled. Ask your school’s Tickmark administrator to enable it.`,
        });
      }
      const claimed = await findClaimedDevice(deps.db, {
        deviceId: attempt.device_id ?? undefined,
        token: readDeviceCookie(c),
      });
      return startSignedIn(deps, staff, {
        claimed,
        schoolId: input.schoolId,
        deviceLabel: null,
        userAgent: c.req.header('user-agent') ?? null,
      });
    },
  };
}
