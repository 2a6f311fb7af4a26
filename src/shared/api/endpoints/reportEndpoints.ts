/**
 * Reports (docs/api.md, "Reports"). Every report is a GET; every list also answers as a CSV
 * attachment with `?format=csv` (`csv: true` below), same query otherwise.
 *
 * Who sees what (the server decides, per request):
 * - `attendance_lead` and `admin`: every report for the whole school, and the organisation
 *   summary over every school of the organisation where they are attendance lead or admin;
 * - `office`: the whole school's certificates, group/year/school summaries and lateness list
 *   (certificates and late letters are office work); the case-work lists (persistent absence,
 *   penalty notices, duty alerts, absence mapping) and the organisation summary are 403;
 * - `teacher`: only the pupils of their own groups (`staff_group`): certificates (another pupil is
 *   404), their groups' summaries (another group, a year, the school or the organisation is 403),
 *   and the absence, penalty-notice and lateness lists narrowed to their pupils; duty alerts and
 *   absence mapping (which compares a pupil with the whole school) are 403.
 * A pupil counts in the group they are in on the range's last day (the latest group joined by
 * then, or for a pupil who joined later, their first group).
 */
import { defineEndpoint, jsonResponse } from '../endpoint';
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
  path: '/api/reports/pupils/:pupilId/certificate',
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
  path: '/api/reports/summary',
  summary: 'A group, year group, school or organisation summary.',
  access: everyone,
  query: summaryQuerySchema,
  response: jsonResponse(summaryResponseSchema, { csv: true }),
  errors: ['not_found'],
});

export const absence = defineEndpoint({
  name: 'reports.absence',
  method: 'GET',
  path: '/api/reports/absence',
  summary: 'Persistent and severe absence, and the at-risk bands.',
  access: teachersAndLeads,
  query: absenceListQuerySchema,
  response: jsonResponse(absenceListResponseSchema, { csv: true }),
  errors: [],
});

export const penaltyNotices = defineEndpoint({
  name: 'reports.penaltyNotices',
  method: 'GET',
  path: '/api/reports/penalty-notices',
  summary: 'Pupils at, or near, the penalty-notice threshold.',
  access: teachersAndLeads,
  query: penaltyNoticeQuerySchema,
  response: jsonResponse(penaltyNoticeResponseSchema, { csv: true }),
  errors: [],
});

export const lateness = defineEndpoint({
  name: 'reports.lateness',
  method: 'GET',
  path: '/api/reports/lateness',
  summary: 'Lates and minutes per pupil against the letter and escalation thresholds.',
  access: everyone,
  query: latenessQuerySchema,
  response: jsonResponse(latenessResponseSchema, { csv: true }),
  errors: [],
});

export const dutyAlerts = defineEndpoint({
  name: 'reports.dutyAlerts',
  method: 'GET',
  path: '/api/reports/duty-alerts',
  summary: 'Duties to the local authority, and band falls since the last review.',
  access: leads,
  query: dutyAlertsQuerySchema,
  response: jsonResponse(dutyAlertsResponseSchema, { csv: true }),
  errors: [],
});

export const absenceMapping = defineEndpoint({
  name: 'reports.absenceMapping',
  method: 'GET',
  path: '/api/reports/pupils/:pupilId/absence-mapping',
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
