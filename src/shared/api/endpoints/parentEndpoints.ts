/**
 * Parents in the loop (docs/api.md, "Parents"). The office's endpoints (contacts, first-day
 * messages, the "Reported by parents" queue) are for office staff, attendance leads and admins.
 * The parent page's endpoints are public in the contract: a parent is not staff, so they carry
 * their own proof (a single-use link's token, then the parent cookie it sets), checked by the
 * handler, and every one is throttled and audited.
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  absenceReportRequestSchema,
  absenceReportResponseSchema,
  absenceReportsQuerySchema,
  absenceReportsResponseSchema,
  acceptReportRequestSchema,
  contactFieldsSchema,
  createPupilContactSchema,
  messageSettingsResponseSchema,
  messageSettingsSchema,
  messagesQuerySchema,
  messagesResponseSchema,
  parentChildrenResponseSchema,
  parentIdParamSchema,
  parentLinkRequestSchema,
  parentLinkResponseSchema,
  parentSignInRequestSchema,
  pupilContactResponseSchema,
  pupilContactsQuerySchema,
  pupilContactsResponseSchema,
  sendFirstDayRequestSchema,
  sendFirstDayResponseSchema,
} from '../parentSchemas';

const office = { roles: ['office', 'attendance_lead', 'admin'] } as const;

export const listPupilContacts = defineEndpoint({
  name: 'parents.listContacts',
  method: 'GET',
  path: '/api/parents/contacts',
  summary: "A pupil's contacts in the order to call them.",
  access: office,
  query: pupilContactsQuerySchema,
  response: jsonResponse(pupilContactsResponseSchema),
  errors: ['not_found'],
});

export const addPupilContact = defineEndpoint({
  name: 'parents.addContact',
  method: 'POST',
  path: '/api/parents/contacts',
  summary: 'Adds a contact to a pupil.',
  access: office,
  body: jsonBody(createPupilContactSchema),
  response: jsonResponse(pupilContactResponseSchema, { status: 201 }),
  errors: ['not_found'],
});

export const updatePupilContact = defineEndpoint({
  name: 'parents.updateContact',
  method: 'PUT',
  path: '/api/parents/contacts/:id',
  summary: 'Changes a contact.',
  access: office,
  params: parentIdParamSchema,
  body: jsonBody(contactFieldsSchema),
  response: jsonResponse(pupilContactResponseSchema),
  errors: ['not_found'],
});

export const removePupilContact = defineEndpoint({
  name: 'parents.removeContact',
  method: 'DELETE',
  path: '/api/parents/contacts/:id',
  summary: "Takes a contact off the pupil's list.",
  access: office,
  params: parentIdParamSchema,
  response: jsonResponse(pupilContactResponseSchema),
  errors: ['not_found'],
});

export const getMessageSettings = defineEndpoint({
  name: 'parents.getMessageSettings',
  method: 'GET',
  path: '/api/parents/message-settings',
  summary: "The school's first-day message wording.",
  access: office,
  response: jsonResponse(messageSettingsResponseSchema),
  errors: [],
});

export const putMessageSettings = defineEndpoint({
  name: 'parents.putMessageSettings',
  method: 'PUT',
  path: '/api/parents/message-settings',
  summary: "Saves the school's first-day message wording.",
  access: office,
  body: jsonBody(messageSettingsSchema),
  response: jsonResponse(messageSettingsResponseSchema),
  errors: [],
});

export const sendFirstDayMessages = defineEndpoint({
  name: 'parents.sendFirstDay',
  method: 'POST',
  path: '/api/parents/first-day-messages',
  summary: 'Sends first-day messages about the chosen pupils, once each.',
  access: office,
  body: jsonBody(sendFirstDayRequestSchema),
  response: jsonResponse(sendFirstDayResponseSchema),
  errors: ['not_found', 'rate_limited', 'mail_failed'],
});

export const listFirstDayMessages = defineEndpoint({
  name: 'parents.listFirstDay',
  method: 'GET',
  path: '/api/parents/first-day-messages',
  summary: 'The first-day messages of one session and how each went.',
  access: office,
  query: messagesQuerySchema,
  response: jsonResponse(messagesResponseSchema),
  errors: [],
});

export const listAbsenceReports = defineEndpoint({
  name: 'parents.listReports',
  method: 'GET',
  path: '/api/parents/reports',
  summary: 'Absences reported by parents: the office queue.',
  access: office,
  query: absenceReportsQuerySchema,
  response: jsonResponse(absenceReportsResponseSchema),
  errors: [],
});

export const acceptAbsenceReport = defineEndpoint({
  name: 'parents.acceptReport',
  method: 'POST',
  path: '/api/parents/reports/:id/accept',
  summary: 'Accepts a report: records its code and reason through the audited event path.',
  access: office,
  params: parentIdParamSchema,
  body: jsonBody(acceptReportRequestSchema),
  response: jsonResponse(absenceReportResponseSchema),
  errors: ['not_found', 'changed_since', 'events_rejected'],
});

export const declineAbsenceReport = defineEndpoint({
  name: 'parents.declineReport',
  method: 'POST',
  path: '/api/parents/reports/:id/decline',
  summary: 'Declines a report; the register is not changed.',
  access: office,
  params: parentIdParamSchema,
  response: jsonResponse(absenceReportResponseSchema),
  errors: ['not_found', 'changed_since'],
});

// ── The parent page (public in the contract: the handler checks the parent's own proof) ────────

export const requestParentLink = defineEndpoint({
  name: 'parent.requestLink',
  method: 'POST',
  path: '/api/parent/link',
  summary: 'Emails a single-use sign-in link to a known parent address.',
  access: 'public',
  body: jsonBody(parentLinkRequestSchema),
  response: jsonResponse(parentLinkResponseSchema, { status: 202 }),
  errors: ['rate_limited'],
});

export const parentSignIn = defineEndpoint({
  name: 'parent.signIn',
  method: 'POST',
  path: '/api/parent/sign-in',
  summary: "Signs a parent in with their link's token.",
  access: 'public',
  body: jsonBody(parentSignInRequestSchema),
  response: jsonResponse(parentChildrenResponseSchema),
  errors: ['link_invalid', 'rate_limited'],
});

export const parentChildren = defineEndpoint({
  name: 'parent.children',
  method: 'GET',
  path: '/api/parent/children',
  summary: "The signed-in parent's own children.",
  access: 'public',
  response: jsonResponse(parentChildrenResponseSchema),
  errors: ['not_signed_in'],
});

export const parentReports = defineEndpoint({
  name: 'parent.reports',
  method: 'GET',
  path: '/api/parent/absences',
  summary: 'The absences this parent has reported.',
  access: 'public',
  response: jsonResponse(absenceReportsResponseSchema),
  errors: ['not_signed_in'],
});

export const reportAbsence = defineEndpoint({
  name: 'parent.reportAbsence',
  method: 'POST',
  path: '/api/parent/absences',
  summary: 'Reports an absence of one of their children for the office to decide.',
  access: 'public',
  body: jsonBody(absenceReportRequestSchema),
  response: jsonResponse(absenceReportResponseSchema, { status: 201 }),
  errors: ['not_signed_in', 'not_found', 'rate_limited'],
});

export const PARENT_ENDPOINTS = [
  listPupilContacts,
  addPupilContact,
  updatePupilContact,
  removePupilContact,
  getMessageSettings,
  putMessageSettings,
  sendFirstDayMessages,
  listFirstDayMessages,
  listAbsenceReports,
  acceptAbsenceReport,
  declineAbsenceReport,
  requestParentLink,
  parentSignIn,
  parentChildren,
  parentReports,
  reportAbsence,
] as const;
