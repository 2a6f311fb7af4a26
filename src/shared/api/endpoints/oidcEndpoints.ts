/**
 * Signing in through the school's OpenID Connect provider (docs/api.md, "Signing in with
 * Microsoft or Google"). All three are public: nobody is signed in yet.
 */
import { sessionResponseSchema } from '../authSchemas';
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  oidcFinishRequestSchema,
  oidcOfferSchema,
  oidcStartRequestSchema,
  oidcStartResponseSchema,
} from '../oidcSchemas';

export const oidcOffer = defineEndpoint({
  name: 'auth.oidcOffer',
  method: 'GET',
  path: '/api/auth/oidc',
  summary: 'Whether sign-in through the school’s provider is offered, and its name.',
  access: 'public',
  response: jsonResponse(oidcOfferSchema),
  errors: [],
});

export const oidcStart = defineEndpoint({
  name: 'auth.oidcStart',
  method: 'POST',
  path: '/api/auth/oidc/start',
  summary: 'Starts a sign-in at the provider: the address to send the browser to.',
  access: 'public',
  body: jsonBody(oidcStartRequestSchema),
  response: jsonResponse(oidcStartResponseSchema),
  errors: ['oidc_off', 'oidc_unreachable'],
});

export const oidcFinish = defineEndpoint({
  name: 'auth.oidcFinish',
  method: 'POST',
  path: '/api/auth/oidc/finish',
  summary: 'Finishes it with the provider’s answer; sets the session and device cookies.',
  access: 'public',
  body: jsonBody(oidcFinishRequestSchema),
  response: jsonResponse(sessionResponseSchema),
  errors: [
    'oidc_off',
    'oidc_unreachable',
    'oidc_failed',
    'oidc_no_account',
    'oidc_email_unverified',
    'no_school_role',
  ],
});

export const OIDC_ENDPOINTS = [oidcOffer, oidcStart, oidcFinish] as const;
