/**
 * Did it work, and celebrating attendance (docs/api.md, "Casework: did it work?" and
 * "Celebrating attendance"): a pupil's attendance before and after each action, the pupils who
 * moved out of persistent absence after each kind of action, certificates in bulk, and the best
 * class of the week. For the attendance lead and admins, as the rest of casework.
 */
import {
  bestClassQuerySchema,
  bestClassResponseSchema,
  certificatesQuerySchema,
  certificatesResponseSchema,
  impactQuerySchema,
  pupilImpactResponseSchema,
  schoolImpactQuerySchema,
  schoolImpactResponseSchema,
} from '../caseworkImpactSchemas';
import { pupilIdParamSchema } from '../caseworkSchemas';
import { defineDownload, defineEndpoint, jsonResponse } from '../endpoint';

const lead = { roles: ['attendance_lead', 'admin'] } as const;

export const pupilImpact = defineEndpoint({
  name: 'casework.pupilImpact',
  method: 'GET',
  path: '/api/casework/pupils/:pupilId/impact',
  summary: "A pupil's attendance in the school weeks before and after each action done.",
  access: lead,
  params: pupilIdParamSchema,
  query: impactQuerySchema,
  response: jsonResponse(pupilImpactResponseSchema),
  errors: ['not_found'],
});

export const schoolImpact = defineEndpoint({
  name: 'casework.schoolImpact',
  method: 'GET',
  path: '/api/casework/impact',
  summary: 'Pupils who moved out of persistent absence after each kind of action, over a period.',
  access: lead,
  query: schoolImpactQuerySchema,
  response: jsonResponse(schoolImpactResponseSchema),
  errors: [],
});

export const certificates = defineEndpoint({
  name: 'casework.certificates',
  method: 'GET',
  path: '/api/casework/celebrate/certificates',
  summary: "Pupils at or above the school's certificate rates over a period.",
  access: lead,
  query: certificatesQuerySchema,
  response: jsonResponse(certificatesResponseSchema),
  errors: [],
});

export const certificatesPdf = defineDownload({
  name: 'casework.certificatesPdf',
  path: '/api/casework/celebrate/certificates.pdf',
  summary: 'The same certificates as one PDF, one page per pupil.',
  access: lead,
  query: certificatesQuerySchema,
  mediaType: 'application/pdf',
});

export const bestClass = defineEndpoint({
  name: 'casework.bestClass',
  method: 'GET',
  path: '/api/casework/celebrate/best-class',
  summary: 'The class (or classes, when they tie) with the best attendance in a school week.',
  access: lead,
  query: bestClassQuerySchema,
  response: jsonResponse(bestClassResponseSchema),
  errors: [],
});

export const CASEWORK_IMPACT_ENDPOINTS = [
  pupilImpact,
  schoolImpact,
  certificates,
  certificatesPdf,
  bestClass,
] as const;
