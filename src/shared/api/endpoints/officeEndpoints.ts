/**
 * The office's endpoints (docs/api.md, "Office"): office staff, attendance leads and admins
 * only. Marks never go through these: the office writes them through its outbox and the push.
 */
import { defineDownload, defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  absenteesQuerySchema,
  absenteesResponseSchema,
  chaseQuerySchema,
  chaseResponseSchema,
  conflictsQuerySchema,
  conflictsResponseSchema,
  contactResponseSchema,
  contactsQuerySchema,
  contactsResponseSchema,
  createContactRequestSchema,
  createFireDrillRequestSchema,
  createSignOutRequestSchema,
  eventIdParamSchema,
  fireDrillResponseSchema,
  fireDrillsQuerySchema,
  fireDrillsResponseSchema,
  officeSessionQuerySchema,
  pupilSummaryQuerySchema,
  pupilSummaryResponseSchema,
  resolveConflictRequestSchema,
  resolveConflictResponseSchema,
  rollCallQuerySchema,
  rollCallResponseSchema,
  signOutResponseSchema,
  signOutReturnRequestSchema,
  signOutsQuerySchema,
  signOutsResponseSchema,
  todayResponseSchema,
  uuidParamSchema,
} from '../officeSchemas';

const office = { roles: ['office', 'attendance_lead', 'admin'] } as const;

export const today = defineEndpoint({
  name: 'office.today',
  method: 'GET',
  path: '/api/office/today',
  summary: "Every group's register for one session.",
  access: office,
  query: officeSessionQuerySchema,
  response: jsonResponse(todayResponseSchema),
  errors: [],
});

export const chase = defineEndpoint({
  name: 'office.chase',
  method: 'GET',
  path: '/api/office/chase',
  summary: 'Every current unexplained absence (N), oldest first.',
  access: office,
  query: chaseQuerySchema,
  response: jsonResponse(chaseResponseSchema),
  errors: [],
});

export const listContacts = defineEndpoint({
  name: 'office.listContacts',
  method: 'GET',
  path: '/api/office/contacts',
  summary: 'First-day contact attempts, by date and/or pupil.',
  access: office,
  query: contactsQuerySchema,
  response: jsonResponse(contactsResponseSchema),
  errors: [],
});

export const recordContact = defineEndpoint({
  name: 'office.recordContact',
  method: 'POST',
  path: '/api/office/contacts',
  summary: 'Records one first-day contact attempt.',
  access: office,
  body: jsonBody(createContactRequestSchema),
  response: jsonResponse(contactResponseSchema),
  errors: ['not_found'],
});

export const listSignOuts = defineEndpoint({
  name: 'office.listSignOuts',
  method: 'GET',
  path: '/api/office/sign-outs',
  summary: "The day's sign-out book.",
  access: office,
  query: signOutsQuerySchema,
  response: jsonResponse(signOutsResponseSchema),
  errors: [],
});

export const recordSignOut = defineEndpoint({
  name: 'office.recordSignOut',
  method: 'POST',
  path: '/api/office/sign-outs',
  summary: 'Records a pupil leaving the site.',
  access: office,
  body: jsonBody(createSignOutRequestSchema),
  response: jsonResponse(signOutResponseSchema),
  errors: ['not_found'],
});

export const recordReturn = defineEndpoint({
  name: 'office.recordReturn',
  method: 'POST',
  path: '/api/office/sign-outs/:id/return',
  summary: 'Records that a signed-out pupil came back.',
  access: office,
  params: uuidParamSchema,
  body: jsonBody(signOutReturnRequestSchema),
  response: jsonResponse(signOutResponseSchema),
  errors: ['not_found', 'changed_since'],
});

export const rollCall = defineEndpoint({
  name: 'office.rollCall',
  method: 'GET',
  path: '/api/office/roll-call',
  summary: 'Who is on site now, group by group.',
  access: office,
  query: rollCallQuerySchema,
  response: jsonResponse(rollCallResponseSchema),
  errors: [],
});

export const listFireDrills = defineEndpoint({
  name: 'office.listFireDrills',
  method: 'GET',
  path: '/api/office/fire-drills',
  summary: 'Past fire drills.',
  access: office,
  query: fireDrillsQuerySchema,
  response: jsonResponse(fireDrillsResponseSchema),
  errors: [],
});

export const recordFireDrill = defineEndpoint({
  name: 'office.recordFireDrill',
  method: 'POST',
  path: '/api/office/fire-drills',
  summary: 'Records a finished fire drill.',
  access: office,
  body: jsonBody(createFireDrillRequestSchema),
  response: jsonResponse(fireDrillResponseSchema),
  errors: ['already_exists'],
});

export const listConflicts = defineEndpoint({
  name: 'office.listConflicts',
  method: 'GET',
  path: '/api/office/conflicts',
  summary: "Tablets' marks that disagreed, awaiting the office's decision.",
  access: office,
  query: conflictsQuerySchema,
  response: jsonResponse(conflictsResponseSchema),
  errors: [],
});

export const resolveConflict = defineEndpoint({
  name: 'office.resolveConflict',
  method: 'POST',
  path: '/api/office/conflicts/:eventId/resolve',
  summary: 'Records the decision on one queued event.',
  access: office,
  params: eventIdParamSchema,
  body: jsonBody(resolveConflictRequestSchema),
  response: jsonResponse(resolveConflictResponseSchema),
  errors: ['not_found', 'changed_since'],
});

export const absentees = defineEndpoint({
  name: 'office.absentees',
  method: 'GET',
  path: '/api/office/absentees',
  summary: "The day's absentees.",
  access: office,
  query: absenteesQuerySchema,
  response: jsonResponse(absenteesResponseSchema),
  errors: [],
});

export const absenteesCsv = defineDownload({
  name: 'office.absenteesCsv',
  path: '/api/office/absentees.csv',
  summary: "The day's absentees as a CSV attachment.",
  access: office,
  query: absenteesQuerySchema,
  mediaType: 'text/csv',
});

export const pupilSummary = defineEndpoint({
  name: 'office.pupilSummary',
  method: 'GET',
  path: '/api/office/pupils/:id/summary',
  summary: "A pupil's attendance this term and this year: possible sessions, %, N and lates.",
  access: office,
  params: uuidParamSchema,
  query: pupilSummaryQuerySchema,
  response: jsonResponse(pupilSummaryResponseSchema),
  errors: ['not_found'],
});

export const OFFICE_ENDPOINT_LIST = [
  today,
  chase,
  listContacts,
  recordContact,
  listSignOuts,
  recordSignOut,
  recordReturn,
  rollCall,
  listFireDrills,
  recordFireDrill,
  listConflicts,
  resolveConflict,
  absentees,
  absenteesCsv,
  pupilSummary,
] as const;
