/**
 * Health, sign-in and the session, device administration, sync and a pupil's entry history
 * (docs/api.md, "Sign-in" and "Sync").
 */
import { z } from 'zod';
import {
  deviceIdParamSchema,
  deviceListResponseSchema,
  deviceRenameRequestSchema,
  deviceRenameResponseSchema,
  deviceRevokeResponseSchema,
  sessionResponseSchema,
  signInRequestSchema,
  signOutResponseSchema,
} from '../authSchemas';
import { pupilEntriesQuerySchema, pupilEntriesResponseSchema } from '../entrySchemas';
import { defineDownload, defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  pullQuerySchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  snapshotResponseSchema,
} from '../syncSchemas';

/**
 * Every role that takes or changes registers: every role but governor, who sees no pupil
 * (docs/governors.md).
 */
const registerRoles = { roles: ['teacher', 'office', 'attendance_lead', 'admin'] } as const;

export const healthResponseSchema = z.strictObject({
  status: z.literal('ok'),
  /** Which database the server runs on. */
  database: z.enum(['built-in', 'postgres']),
});

export const health = defineEndpoint({
  name: 'health',
  method: 'GET',
  path: '/api/health',
  summary: 'The server is up and its database answers.',
  access: 'public',
  response: jsonResponse(healthResponseSchema),
  errors: [],
});

export const openApi = defineDownload({
  name: 'openApi',
  path: '/api/openapi.json',
  summary: 'This document: every endpoint, generated from the contract in src/shared/api.',
  access: 'public',
  mediaType: 'application/json',
});

export const signIn = defineEndpoint({
  name: 'auth.signIn',
  method: 'POST',
  path: '/api/auth/sign-in',
  summary: 'Signs in with email and password; sets the session and device cookies.',
  access: 'public',
  body: jsonBody(signInRequestSchema),
  response: jsonResponse(sessionResponseSchema),
  errors: ['bad_credentials', 'rate_limited', 'no_school_role'],
});

export const signOut = defineEndpoint({
  name: 'auth.signOut',
  method: 'POST',
  path: '/api/auth/sign-out',
  summary: 'Ends the session (if any) and clears its cookie.',
  access: 'public',
  response: jsonResponse(signOutResponseSchema),
  errors: [],
});

export const me = defineEndpoint({
  name: 'auth.me',
  method: 'GET',
  path: '/api/auth/me',
  summary: 'Who is signed in, their roles, the school and this device.',
  access: 'signed_in',
  response: jsonResponse(sessionResponseSchema),
  errors: [],
});

export const listDevices = defineEndpoint({
  name: 'admin.listDevices',
  method: 'GET',
  path: '/api/admin/devices',
  summary: "The school's enrolled devices.",
  access: { roles: ['admin'] },
  response: jsonResponse(deviceListResponseSchema),
  errors: [],
});

export const revokeDevice = defineEndpoint({
  name: 'admin.revokeDevice',
  method: 'POST',
  path: '/api/admin/devices/:id/revoke',
  summary: 'Withdraws a lost device: its sessions end; its queued marks still arrive, flagged.',
  access: { roles: ['admin'] },
  params: deviceIdParamSchema,
  response: jsonResponse(deviceRevokeResponseSchema),
  errors: ['not_found'],
});

export const renameDevice = defineEndpoint({
  name: 'admin.renameDevice',
  method: 'POST',
  path: '/api/admin/devices/:id/name',
  summary: 'Names a device ("Class 3 tablet"): 1–60 characters, unique at the school.',
  access: { roles: ['admin'] },
  params: deviceIdParamSchema,
  body: jsonBody(deviceRenameRequestSchema),
  response: jsonResponse(deviceRenameResponseSchema),
  errors: ['not_found', 'already_exists'],
});

export const syncPush = defineEndpoint({
  name: 'sync.push',
  method: 'POST',
  path: '/api/sync/push',
  summary: "A batch of the device's outbox; each event is answered on its own.",
  access: registerRoles,
  body: { kind: 'json', schema: pushRequestSchema, perItem: true },
  response: jsonResponse(pushResponseSchema),
  errors: ['device_mismatch', 'sequence_gap', 'client_seq_reused', 'events_rejected'],
});

export const syncPull = defineEndpoint({
  name: 'sync.pull',
  method: 'GET',
  path: '/api/sync/pull',
  summary: 'Events after a cursor, or a reset when the cursor belongs to another epoch.',
  access: registerRoles,
  query: pullQuerySchema,
  response: jsonResponse(pullResponseSchema),
  errors: [],
});

export const syncSnapshot = defineEndpoint({
  name: 'sync.snapshot',
  method: 'GET',
  path: '/api/sync/snapshot',
  summary: "The school's roster and current entries, for a new or reset device.",
  access: registerRoles,
  response: jsonResponse(snapshotResponseSchema),
  errors: [],
});

export const pupilIdParamsSchema = z.strictObject({ id: z.uuid() });

export const pupilEntries = defineEndpoint({
  name: 'pupils.entries',
  method: 'GET',
  path: '/api/pupils/:id/entries',
  summary: "A pupil's entries between two dates, each with its full history.",
  access: registerRoles,
  params: pupilIdParamsSchema,
  query: pupilEntriesQuerySchema,
  response: jsonResponse(pupilEntriesResponseSchema),
  errors: ['not_found', 'forbidden'],
});

export const CORE_ENDPOINTS = [
  health,
  openApi,
  signIn,
  signOut,
  me,
  listDevices,
  revokeDevice,
  renameDevice,
  syncPush,
  syncPull,
  syncSnapshot,
  pupilEntries,
] as const;
