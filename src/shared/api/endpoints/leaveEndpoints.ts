/**
 * Leave of absence (docs/api.md, "Leave requests"). The parent page's endpoints are public in the
 * contract, like the parent page's others: a parent is not staff, so the handler checks the
 * parent's own cookie, and each is throttled and audited. The office sees the queue; the role the
 * school names in its leave settings (the attendance lead by default) decides.
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  leaveDecisionSchema,
  leaveEvidenceResponseSchema,
  leaveIdParamSchema,
  leaveQueueQuerySchema,
  leaveQueueResponseSchema,
  leaveRequestBodySchema,
  leaveRequestResponseSchema,
  leaveRulesSchema,
  leaveSettingsResponseSchema,
  parentLeaveResponseSchema,
  parentLeavesResponseSchema,
} from '../leaveSchemas';

const office = { roles: ['office', 'attendance_lead', 'admin'] } as const;
const deciders = { roles: ['attendance_lead', 'admin'] } as const;

export const requestLeave = defineEndpoint({
  name: 'parent.requestLeave',
  method: 'POST',
  path: '/api/parent/leave',
  summary: 'A parent asks for leave of absence for their child, with an optional evidence file.',
  access: 'public',
  body: jsonBody(leaveRequestBodySchema),
  response: jsonResponse(parentLeaveResponseSchema, { status: 201 }),
  errors: ['not_signed_in', 'not_found', 'rate_limited'],
});

export const parentLeaveRequests = defineEndpoint({
  name: 'parent.leaveRequests',
  method: 'GET',
  path: '/api/parent/leave',
  summary: "The signed-in parent's leave requests and the school's decisions.",
  access: 'public',
  response: jsonResponse(parentLeavesResponseSchema),
  errors: ['not_signed_in'],
});

export const parentLeaveLetter = defineEndpoint({
  name: 'parent.leaveLetter',
  method: 'GET',
  path: '/api/parent/leave/:id/letter',
  summary: "The school's decision letter about one of the parent's leave requests, as a PDF.",
  access: 'public',
  params: leaveIdParamSchema,
  response: { kind: 'file', mediaType: 'application/pdf' },
  errors: ['not_signed_in', 'not_found'],
});

export const leaveQueue = defineEndpoint({
  name: 'leave.queue',
  method: 'GET',
  path: '/api/leave/requests',
  summary: 'Leave requests by status, with attendance and the school rules each breaks.',
  access: office,
  query: leaveQueueQuerySchema,
  response: jsonResponse(leaveQueueResponseSchema),
  errors: [],
});

export const leaveEvidence = defineEndpoint({
  name: 'leave.evidence',
  method: 'GET',
  path: '/api/leave/requests/:id/evidence',
  summary: "A leave request's evidence file (base64 in JSON).",
  access: office,
  params: leaveIdParamSchema,
  response: jsonResponse(leaveEvidenceResponseSchema),
  errors: ['not_found'],
});

export const decideLeave = defineEndpoint({
  name: 'leave.decide',
  method: 'POST',
  path: '/api/leave/requests/:id/decide',
  summary:
    'Grants (entering C in advance) or refuses a leave request, with a reason; writes and emails the letter.',
  access: deciders,
  params: leaveIdParamSchema,
  body: jsonBody(leaveDecisionSchema),
  response: jsonResponse(leaveRequestResponseSchema),
  errors: ['not_found', 'changed_since'],
});

export const leaveLetter = defineEndpoint({
  name: 'leave.letter',
  method: 'GET',
  path: '/api/leave/requests/:id/letter',
  summary: 'The decision letter of a leave request, as a PDF.',
  access: office,
  params: leaveIdParamSchema,
  response: { kind: 'file', mediaType: 'application/pdf' },
  errors: ['not_found'],
});

export const recordRefusedLeave = defineEndpoint({
  name: 'leave.recordRefused',
  method: 'POST',
  path: '/api/leave/requests/:id/record-absences',
  summary: 'Records each N in the sessions of refused leave as G, through the audited event path.',
  access: office,
  params: leaveIdParamSchema,
  response: jsonResponse(leaveRequestResponseSchema),
  errors: ['not_found', 'changed_since'],
});

export const leaveSettings = defineEndpoint({
  name: 'leave.settings',
  method: 'GET',
  path: '/api/leave/settings',
  summary: "The school's leave rules and who decides.",
  access: office,
  response: jsonResponse(leaveSettingsResponseSchema),
  errors: [],
});

export const saveLeaveSettings = defineEndpoint({
  name: 'leave.saveSettings',
  method: 'PUT',
  path: '/api/leave/settings',
  summary: "Saves the school's leave rules and who decides.",
  access: { roles: ['admin'] },
  body: jsonBody(leaveRulesSchema),
  response: jsonResponse(leaveSettingsResponseSchema),
  errors: [],
});

export const LEAVE_ENDPOINTS = [
  requestLeave,
  parentLeaveRequests,
  parentLeaveLetter,
  leaveQueue,
  leaveEvidence,
  decideLeave,
  leaveLetter,
  recordRefusedLeave,
  leaveSettings,
  saveLeaveSettings,
] as const;
