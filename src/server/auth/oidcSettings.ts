/**
 * OpenID Connect sign-in for a school on Microsoft 365 or Google Workspace, from the environment
 * (`OIDC_ISSUER`, `OIDC_CLIENT_ID`, `OIDC_CLIENT_SECRET`, `OIDC_PROVIDER_NAME`), checked at start
 * by config.ts. One provider per server: a trust's schools share one tenant in practice, and a
 * per-organisation setting can come later without changing the sign-in itself.
 */
import type { z } from 'zod';

export interface OidcSettings {
  /** The issuer URL; its `/.well-known/openid-configuration` is read on first use. */
  readonly issuer: URL;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The words on the button: "Sign in with Microsoft". */
  readonly providerName: string;
}

export interface OidcEnv {
  readonly OIDC_ISSUER: string | undefined;
  readonly OIDC_CLIENT_ID: string | undefined;
  readonly OIDC_CLIENT_SECRET: string | undefined;
  readonly OIDC_PROVIDER_NAME: string | undefined;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Whether plain HTTP may reach this issuer: only one on this machine (a test's provider). */
export function isLoopbackIssuer(issuer: URL): boolean {
  return LOOPBACK.has(issuer.hostname);
}

/**
 * Reads the OpenID Connect settings, adding an issue per wrong variable (never echoing the secret).
 *
 * @returns the settings, or null when none of the variables is set.
 */
export function readOidcSettings(env: OidcEnv, ctx: z.RefinementCtx): OidcSettings | null {
  const names = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;
  if (names.every((n) => env[n] === undefined)) {
    if (env.OIDC_PROVIDER_NAME !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_PROVIDER_NAME'],
        message:
          'is set but OIDC_ISSUER is not; set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too, or unset it',
      });
    }
    return null;
  }
  for (const n of names) {
    if (env[n] === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [n],
        message: `is not set; OpenID Connect sign-in needs ${names.join(', ')} (from your Microsoft Entra or Google app registration), or none of them`,
      });
    }
  }
  let issuer: URL | null = null;
  try {
    issuer = new URL(env.OIDC_ISSUER ?? '');
  } catch {
    // reported below
  }
  const plainHttpAllowed =
    issuer !== null && issuer.protocol === 'http:' && isLoopbackIssuer(issuer);
  if (
    env.OIDC_ISSUER !== undefined &&
    (issuer === null || (issuer.protocol !== 'https:' && !plainHttpAllowed))
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['OIDC_ISSUER'],
      message: `${JSON.stringify(env.OIDC_ISSUER)} is not an https issuer URL; use e.g. https://login.microsoftonline.com/<tenant id>/v2.0 or https://accounts.google.com`,
    });
  }
  if (issuer === null) return null;
  const providerName =
    env.OIDC_PROVIDER_NAME ?? (/google/i.test(issuer.hostname) ? 'Google' : 'Microsoft');
  return {
    issuer,
    clientId: env.OIDC_CLIENT_ID ?? '',
    clientSecret: env.OIDC_CLIENT_SECRET ?? '',
    providerName,
  };
}
