/**
 * Parents in their own language (docs/api.md, "Parents"): the office's wording screen, the
 * families' replies in the pupil's record, a sign-in code by text for the parent page, and the
 * inbound route a mail provider posts replies to (public in the contract: it carries the shared
 * secret `INBOUND_MAIL_SECRET`, checked by the handler).
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  inboundReplyResponseSchema,
  parentCodeRequestSchema,
  parentCodeResponseSchema,
  parentCodeSignInSchema,
  pupilRepliesQuerySchema,
  pupilRepliesResponseSchema,
  saveWordingRequestSchema,
  wordingLanguageParamSchema,
  wordingResponseSchema,
} from '../familySchemas';
import { parentChildrenResponseSchema } from '../parentSchemas';

const office = { roles: ['office', 'attendance_lead', 'admin'] } as const;

export const getFirstDayWording = defineEndpoint({
  name: 'parents.getWording',
  method: 'GET',
  path: '/api/parents/wording',
  summary: "The school's first-day wording in every language, and the school's phone.",
  access: office,
  response: jsonResponse(wordingResponseSchema),
  errors: [],
});

export const saveFirstDayWording = defineEndpoint({
  name: 'parents.saveWording',
  method: 'PUT',
  path: '/api/parents/wording/:language',
  summary: "Saves one language's first-day wording (and the school's phone).",
  access: office,
  params: wordingLanguageParamSchema,
  body: jsonBody(saveWordingRequestSchema),
  response: jsonResponse(wordingResponseSchema),
  errors: [],
});

export const listPupilReplies = defineEndpoint({
  name: 'parents.listReplies',
  method: 'GET',
  path: '/api/parents/replies',
  summary: "Families' replies to first-day emails about one pupil, newest first.",
  access: office,
  query: pupilRepliesQuerySchema,
  response: jsonResponse(pupilRepliesResponseSchema),
  errors: ['not_found'],
});

export const receiveEmailReply = defineEndpoint({
  name: 'parents.inboundReply',
  method: 'POST',
  path: '/api/parents/inbound-email',
  summary: 'A mail provider posts a reply to a first-day email as raw MIME (shared secret).',
  access: 'public',
  body: { kind: 'text', mediaType: 'message/rfc822' },
  response: jsonResponse(inboundReplyResponseSchema, { status: 202 }),
  errors: ['not_signed_in', 'not_found'],
});

export const requestParentCode = defineEndpoint({
  name: 'parent.requestCode',
  method: 'POST',
  path: '/api/parent/code',
  summary: 'Texts a six-digit sign-in code to a known parent mobile.',
  access: 'public',
  body: jsonBody(parentCodeRequestSchema),
  response: jsonResponse(parentCodeResponseSchema, { status: 202 }),
  errors: ['rate_limited'],
});

export const parentCodeSignIn = defineEndpoint({
  name: 'parent.codeSignIn',
  method: 'POST',
  path: '/api/parent/code/sign-in',
  summary: 'Signs a parent in with the code texted to their mobile.',
  access: 'public',
  body: jsonBody(parentCodeSignInSchema),
  response: jsonResponse(parentChildrenResponseSchema),
  errors: ['code_invalid', 'rate_limited'],
});

export const FAMILY_ENDPOINTS = [
  getFirstDayWording,
  saveFirstDayWording,
  listPupilReplies,
  receiveEmailReply,
  requestParentCode,
  parentCodeSignIn,
] as const;
