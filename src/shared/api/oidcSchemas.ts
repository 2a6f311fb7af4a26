/**
 * Signing in through the school's OpenID Connect provider (Microsoft 365, Google Workspace):
 * whether it is offered, the start (the browser is sent to the provider) and the finish (the
 * provider sent the browser back to OIDC_RETURN_PAGE_PATH, which hands its query to the server).
 * docs/api.md, "Signing in with Microsoft or Google", says how the steps fit together.
 */
import { z } from 'zod';

/**
 * The page the provider sends the browser back to (the redirect URI to register with Microsoft
 * or Google is the server's address followed by this path).
 */
export const OIDC_RETURN_PAGE_PATH = '/sign-in/oidc';

export const oidcOfferSchema = z.strictObject({
  /** "Microsoft", "Google" or the school's own name for its provider; null when not offered. */
  providerName: z.string().nullable(),
});
export type OidcOffer = z.infer<typeof oidcOfferSchema>;

export const oidcStartRequestSchema = z.strictObject({
  /** The device id this browser was given at an earlier sign-in, if it still has it. */
  deviceId: z.uuid('is not a device id').optional(),
});

export const oidcStartResponseSchema = z.strictObject({
  /** Where to send the browser: the provider's sign-in page. */
  authorizationUrl: z.url(),
});

export const oidcFinishRequestSchema = z.strictObject({
  /** The return page's query string as the provider sent it (`?code=…&state=…`). */
  callbackQuery: z
    .string('is required')
    .min(1, 'is required')
    .max(4096, 'is longer than 4096 characters')
    .startsWith('?', 'must be the return page’s query string, starting with ?'),
  /** Which school to act at, for staff with roles at more than one. */
  schoolId: z.uuid('is not a school id').optional(),
});
export type OidcFinishRequest = z.infer<typeof oidcFinishRequestSchema>;
