/**
 * First run (anyone holding the printed link's token) and the schools of an organisation (admins).
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  organisationSchoolsResponseSchema,
  schoolAddedResponseSchema,
  schoolDetailsSchema,
  setupRequestSchema,
  setupResponseSchema,
  setupStatusResponseSchema,
} from '../setupSchemas';

export const setupStatus = defineEndpoint({
  name: 'setup.status',
  method: 'GET',
  path: '/api/setup',
  summary: 'Whether this server still needs its first-run setup.',
  access: 'public',
  response: jsonResponse(setupStatusResponseSchema),
  errors: [],
});

export const runSetup = defineEndpoint({
  name: 'setup.run',
  method: 'POST',
  path: '/api/setup',
  summary: 'Creates the organisation, its first school and its first admin.',
  access: 'public',
  body: jsonBody(setupRequestSchema),
  response: jsonResponse(setupResponseSchema, { status: 201 }),
  errors: ['setup_token_invalid', 'already_set_up'],
});

export const listOrganisationSchools = defineEndpoint({
  name: 'admin.listSchools',
  method: 'GET',
  path: '/api/admin/schools',
  summary: "The schools of the admin's organisation.",
  access: { roles: ['admin'] },
  response: jsonResponse(organisationSchoolsResponseSchema),
  errors: [],
});

export const addOrganisationSchool = defineEndpoint({
  name: 'admin.addSchool',
  method: 'POST',
  path: '/api/admin/schools',
  summary: 'Adds a school to the organisation.',
  access: { roles: ['admin'] },
  body: jsonBody(schoolDetailsSchema),
  response: jsonResponse(schoolAddedResponseSchema, { status: 201 }),
  errors: ['already_exists'],
});

export const SETUP_ENDPOINTS = [
  setupStatus,
  runSetup,
  listOrganisationSchools,
  addOrganisationSchool,
] as const;
