/**
 * The school's MIS (docs/api.md, "The school's MIS"; docs/mis.md): Tickmark writes every mark
 * into the MIS in the background. These endpoints show how far it has got, try failed marks
 * again and compare a day's marks on both sides. For office staff, attendance leads and admins.
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  misReconciliationQuerySchema,
  misReconciliationResponseSchema,
  misRetryRequestSchema,
  misRetryResponseSchema,
  misStatusResponseSchema,
} from '../misSchemas';

const office = { roles: ['office', 'attendance_lead', 'admin'] } as const;

export const misStatus = defineEndpoint({
  name: 'mis.status',
  method: 'GET',
  path: '/api/mis/status',
  summary: 'How many marks have reached the MIS, and those that have not, with the reason.',
  access: office,
  response: jsonResponse(misStatusResponseSchema),
  errors: [],
});

export const misRetry = defineEndpoint({
  name: 'mis.retry',
  method: 'POST',
  path: '/api/mis/retry',
  summary: 'Tries failed marks again (checked against the MIS first where it may hold them).',
  access: office,
  body: jsonBody(misRetryRequestSchema),
  response: jsonResponse(misRetryResponseSchema),
  errors: ['not_found'],
});

export const misReconciliation = defineEndpoint({
  name: 'mis.reconciliation',
  method: 'GET',
  path: '/api/mis/reconciliation',
  summary: "A day's marks in Tickmark against the MIS's, with every difference (or as CSV).",
  access: office,
  query: misReconciliationQuerySchema,
  response: jsonResponse(misReconciliationResponseSchema, { csv: true }),
  errors: ['not_found', 'mis_unreachable'],
});

export const MIS_ENDPOINTS = [misStatus, misRetry, misReconciliation] as const;
