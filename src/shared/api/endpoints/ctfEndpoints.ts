/**
 * Common Transfer Files (docs/api.md "Statutory returns: CTF"): a leaver's CTF out, a joiner's
 * CTF in. Office staff, the attendance lead and admins.
 */
import { defineDownload, defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  ctfExportQuerySchema,
  ctfImportRequestSchema,
  ctfImportResponseSchema,
  ctfPupilsResponseSchema,
} from '../ctfSchemas';

const office = { roles: ['office', 'attendance_lead', 'admin'] } as const;

export const ctfPupils = defineEndpoint({
  name: 'ctf.pupils',
  method: 'GET',
  path: '/api/statutory/ctf/pupils',
  summary: 'The pupils a CTF can be made for, leavers first, and the next file number.',
  access: office,
  response: jsonResponse(ctfPupilsResponseSchema),
  errors: [],
});

export const ctfExport = defineDownload({
  name: 'ctf.export',
  path: '/api/statutory/ctf/export.xml',
  summary: "A leaver's Common Transfer File, checked, named as the specification says.",
  access: office,
  query: ctfExportQuerySchema,
  mediaType: 'application/xml',
});

export const ctfImport = defineEndpoint({
  name: 'ctf.import',
  method: 'POST',
  path: '/api/statutory/ctf/imports',
  summary: "A joining pupil's CTF: their attendance becomes history at the previous school.",
  access: office,
  body: jsonBody(ctfImportRequestSchema),
  response: jsonResponse(ctfImportResponseSchema),
  errors: ['not_found'],
});

export const CTF_ENDPOINTS = [ctfPupils, ctfExport, ctfImport] as const;
