/**
 * Reports (docs/api.md, "Reports"; who sees what is in reportRoutes.ts). Every list also answers
 * as a CSV attachment with `?format=csv`.
 */
import { defineEndpoint, jsonResponse } from '../endpoint';
import { REPORT_ROUTES } from '../reportRoutes';
import {
  absenceListQuerySchema,
  absenceListResponseSchema,
  absenceMappingQuerySchema,
  absenceMappingResponseSchema,
  certificateQuerySchema,
  certificateResponseSchema,
  dutyAlertsQuerySchema,
  dutyAlertsResponseSchema,
  latenessQuerySchema,
  latenessResponseSchema,
  penaltyNoticeQuerySchema,
  penaltyNoticeResponseSchema,
  pupilIdParamSchema,
  summaryQuerySchema,
  summaryResponseSchema,
} from '../reportSchemas';

const everyone = { roles: ['teacher', 'office', 'attendance_lead', 'admin'] } as const;
const teachersAndLeads = { roles: ['teacher', 'attendance_lead', 'admin'] } as const;
const leads = { roles: ['attendance_lead', 'admin'] } as const;

export const certificate = defineEndpoint({
  name: 'reports.certificate',
  method: 'GET',
  path: REPORT_ROUTES.certificate,
  summary: "One pupil's attendance certificate.",
  access: everyone,
  params: pupilIdParamSchema,
  query: certificateQuerySchema,
  response: jsonResponse(certificateResponseSchema),
  errors: ['not_found'],
});

export const summary = defineEndpoint({
  name: 'reports.summary',
  method: 'GET',
  path: REPORT_ROUTES.summary,
  summary: 'A group, year group, school or organisation summary.',
  access: everyone,
  query: summaryQuerySchema,
  response: jsonResponse(summaryResponseSchema, { csv: true }),
  errors: ['not_found'],
});

export const absence = defineEndpoint({
  name: 'reports.absence',
  method: 'GET',
  path: REPORT_ROUTES.absence,
  summary: 'Persistent and severe absence, and the at-risk bands.',
  access: teachersAndLeads,
  query: absenceListQuerySchema,
  response: jsonResponse(absenceListResponseSchema, { csv: true }),
  errors: [],
});

export const penaltyNotices = defineEndpoint({
  name: 'reports.penaltyNotices',
  method: 'GET',
  path: REPORT_ROUTES.penaltyNotices,
  summary: 'Pupils at, or near, the penalty-notice threshold.',
  access: teachersAndLeads,
  query: penaltyNoticeQuerySchema,
  response: jsonResponse(penaltyNoticeResponseSchema, { csv: true }),
  errors: [],
});

export const lateness = defineEndpoint({
  name: 'reports.lateness',
  method: 'GET',
  path: REPORT_ROUTES.lateness,
  summary: 'Lates and minutes per pupil against the letter and escalation thresholds.',
  access: everyone,
  query: latenessQuerySchema,
  response: jsonResponse(latenessResponseSchema, { csv: true }),
  errors: [],
});

export const dutyAlerts = defineEndpoint({
  name: 'reports.dutyAlerts',
  method: 'GET',
  path: REPORT_ROUTES.dutyAlerts,
  summary: 'Duties to the local authority, and band falls since the last review.',
  access: leads,
  query: dutyAlertsQuerySchema,
  response: jsonResponse(dutyAlertsResponseSchema, { csv: true }),
  errors: [],
});

export const absenceMapping = defineEndpoint({
  name: 'reports.absenceMapping',
  method: 'GET',
  path: REPORT_ROUTES.absenceMapping,
  summary: 'Pupils absent on the same sessions as this one far more often than chance.',
  access: leads,
  params: pupilIdParamSchema,
  query: absenceMappingQuerySchema,
  response: jsonResponse(absenceMappingResponseSchema, { csv: true }),
  errors: ['not_found'],
});

export const REPORT_ENDPOINTS = [
  certificate,
  summary,
  absence,
  penaltyNotices,
  lateness,
  dutyAlerts,
  absenceMapping,
] as const;
