/**
 * Statutory returns (docs/api.md, "Statutory returns"): the school census's attendance module
 * (checks as JSON, the module as XML) and the local authority's lists (JSON or CSV) with the
 * record of when each was sent. For the office, the attendance lead and admins.
 */
import {
  censusQuerySchema,
  censusResponseSchema,
  laListParamSchema,
  laListQuerySchema,
  laListResponseSchema,
  laSentRequestSchema,
  laSentResponseSchema,
} from '../statutorySchemas';
import { defineDownload, defineEndpoint, jsonBody, jsonResponse } from '../endpoint';

const statutory = { roles: ['office', 'attendance_lead', 'admin'] } as const;

export const census = defineEndpoint({
  name: 'statutory.census',
  method: 'GET',
  path: '/api/statutory/census',
  summary: "A census's attendance module per pupil, with the pre-submission checks.",
  access: statutory,
  query: censusQuerySchema,
  response: jsonResponse(censusResponseSchema),
  errors: [],
});

export const censusXml = defineDownload({
  name: 'statutory.censusXml',
  path: '/api/statutory/census.xml',
  summary: "A census's attendance module as XML, in the census's structure.",
  access: statutory,
  query: censusQuerySchema,
  mediaType: 'application/xml',
});

export const laList = defineEndpoint({
  name: 'statutory.laList',
  method: 'GET',
  path: '/api/statutory/la/:list',
  summary: "One of the local authority's lists, and when it was sent.",
  access: statutory,
  params: laListParamSchema,
  query: laListQuerySchema,
  response: jsonResponse(laListResponseSchema, { csv: true }),
  errors: [],
});

export const laSent = defineEndpoint({
  name: 'statutory.laSent',
  method: 'POST',
  path: '/api/statutory/la/:list/sent',
  summary: 'Records that a local-authority list was sent: who, when, where and which pupils.',
  access: statutory,
  params: laListParamSchema,
  body: jsonBody(laSentRequestSchema),
  response: jsonResponse(laSentResponseSchema, { status: 201 }),
  errors: ['not_found'],
});

export const STATUTORY_ENDPOINTS = [census, censusXml, laList, laSent] as const;
