/**
 * The data endpoints (docs/api.md, "Data in and out"): imports and the school calendar for admins,
 * exports for admins and attendance leads, admission and leaving dates for admins and the office,
 * and the schools a person can switch between. Everything acts at the school the session acts
 * at; `POST /api/auth/switch-school` moves the session to another school where the person has a
 * role.
 *
 * An import has steps and never writes pupils, staff or marks before the last:
 * 1. upload: `createImport` (JSON, may carry the whole CSV when it is under the 1 MB body limit),
 *    then `appendImportChunk` for the rest of a large file (raw `text/csv`, in order);
 * 2. `previewImport` parses and validates every row and says what would change;
 * 3. `confirmImport` starts the write as a job (one transaction) and answers 202; `getImport`
 *    reports its progress (rows done of rows total) and, at the end, the result.
 * A done pupils import can be undone for 7 days (`undoImport`): every pupil, group and membership
 * it changed goes back as it was, while nothing has changed the roll since.
 */
import { sessionResponseSchema } from '../authSchemas';
import {
  bankHolidaysRequestSchema,
  bankHolidaysResponseSchema,
  calendarImportRequestSchema,
  calendarPutRequestSchema,
  calendarResponseSchema,
  createImportRequestSchema,
  exportRangeQuerySchema,
  importChunkQuerySchema,
  importChunkResponseSchema,
  importConfirmRequestSchema,
  importIdParamSchema,
  importJobResponseSchema,
  importListResponseSchema,
  pupilIdParamSchema,
  pupilListResponseSchema,
  pupilRollRequestSchema,
  pupilRollResponseSchema,
  schoolListResponseSchema,
  switchSchoolRequestSchema,
} from '../dataSchemas';
import { defineDownload, defineEndpoint, jsonBody, jsonResponse } from '../endpoint';

const admin = { roles: ['admin'] } as const;
const exporter = { roles: ['admin', 'attendance_lead'] } as const;
const rollKeeper = { roles: ['admin', 'office'] } as const;

export const listImports = defineEndpoint({
  name: 'data.listImports',
  method: 'GET',
  path: '/api/data/imports',
  summary: "The school's recent imports.",
  access: admin,
  response: jsonResponse(importListResponseSchema),
  errors: [],
});

export const createImport = defineEndpoint({
  name: 'data.createImport',
  method: 'POST',
  path: '/api/data/imports',
  summary: 'Starts an import, with the whole file when it is small.',
  access: admin,
  body: jsonBody(createImportRequestSchema),
  response: jsonResponse(importJobResponseSchema, { status: 201 }),
  errors: [],
});

export const getImport = defineEndpoint({
  name: 'data.getImport',
  method: 'GET',
  path: '/api/data/imports/:id',
  summary: 'One import, its preview and the progress of its job.',
  access: admin,
  params: importIdParamSchema,
  response: jsonResponse(importJobResponseSchema),
  errors: ['not_found'],
});

export const appendImportChunk = defineEndpoint({
  name: 'data.appendImportChunk',
  method: 'POST',
  path: '/api/data/imports/:id/chunks',
  summary: 'Appends the next chunk of the file (raw text/csv).',
  access: admin,
  params: importIdParamSchema,
  query: importChunkQuerySchema,
  body: { kind: 'text', mediaType: 'text/csv' },
  response: jsonResponse(importChunkResponseSchema),
  errors: ['not_found', 'changed_since'],
});

export const previewImport = defineEndpoint({
  name: 'data.previewImport',
  method: 'POST',
  path: '/api/data/imports/:id/preview',
  summary: 'Parses and checks the uploaded file; writes nothing.',
  access: admin,
  params: importIdParamSchema,
  response: jsonResponse(importJobResponseSchema),
  errors: ['not_found'],
});

export const confirmImport = defineEndpoint({
  name: 'data.confirmImport',
  method: 'POST',
  path: '/api/data/imports/:id/confirm',
  summary: 'Starts writing the previewed import as a job.',
  access: admin,
  params: importIdParamSchema,
  body: jsonBody(importConfirmRequestSchema),
  response: jsonResponse(importJobResponseSchema, { status: 202 }),
  errors: ['not_found'],
});

export const undoImport = defineEndpoint({
  name: 'data.undoImport',
  method: 'POST',
  path: '/api/data/imports/:id/undo',
  summary: 'Undoes a done pupils import (within 7 days).',
  access: admin,
  params: importIdParamSchema,
  response: jsonResponse(importJobResponseSchema),
  errors: ['not_found', 'changed_since'],
});

export const listRoll = defineEndpoint({
  name: 'data.listRoll',
  method: 'GET',
  path: '/api/data/pupils',
  summary: 'Every pupil with admission and leaving dates and grounds.',
  access: rollKeeper,
  response: jsonResponse(pupilListResponseSchema),
  errors: [],
});

export const setPupilRoll = defineEndpoint({
  name: 'data.setPupilRoll',
  method: 'PUT',
  path: '/api/data/pupils/:id/roll',
  summary: "A pupil's admission date, leaving date and grounds.",
  access: rollKeeper,
  params: pupilIdParamSchema,
  body: jsonBody(pupilRollRequestSchema),
  response: jsonResponse(pupilRollResponseSchema),
  errors: ['not_found', 'changed_since'],
});

export const exportMarksCsv = defineDownload({
  name: 'data.exportMarksCsv',
  path: '/api/data/exports/marks.csv',
  summary: 'Every current entry between two dates, as CSV.',
  access: exporter,
  query: exportRangeQuerySchema,
  mediaType: 'text/csv',
});

export const getCalendar = defineEndpoint({
  name: 'data.getCalendar',
  method: 'GET',
  path: '/api/data/calendar',
  summary: 'Terms, closures and bank holidays.',
  access: admin,
  response: jsonResponse(calendarResponseSchema),
  errors: [],
});

export const putCalendar = defineEndpoint({
  name: 'data.putCalendar',
  method: 'PUT',
  path: '/api/data/calendar',
  summary: 'Replaces the terms and closures (or checks them, with dryRun).',
  access: admin,
  body: jsonBody(calendarPutRequestSchema),
  response: jsonResponse(calendarResponseSchema),
  errors: [],
});

export const calendarCsv = defineDownload({
  name: 'data.calendarCsv',
  path: '/api/data/calendar.csv',
  summary: 'Terms and closures as CSV.',
  access: admin,
  mediaType: 'text/csv',
});

export const importCalendar = defineEndpoint({
  name: 'data.importCalendar',
  method: 'POST',
  path: '/api/data/calendar/import',
  summary: 'Replaces the terms and closures from a CSV file.',
  access: admin,
  body: jsonBody(calendarImportRequestSchema),
  response: jsonResponse(calendarResponseSchema),
  errors: [],
});

export const importBankHolidays = defineEndpoint({
  name: 'data.importBankHolidays',
  method: 'POST',
  path: '/api/data/bank-holidays',
  summary: 'Replaces the bank holidays from the gov.uk feed.',
  access: admin,
  body: jsonBody(bankHolidaysRequestSchema),
  response: jsonResponse(bankHolidaysResponseSchema),
  errors: [],
});

export const listSchools = defineEndpoint({
  name: 'data.listSchools',
  method: 'GET',
  path: '/api/data/schools',
  summary: "The schools of the person's organisation where they have a role.",
  access: 'signed_in',
  response: jsonResponse(schoolListResponseSchema),
  errors: [],
});

export const switchSchool = defineEndpoint({
  name: 'auth.switchSchool',
  method: 'POST',
  path: '/api/auth/switch-school',
  summary: 'The session acts at another school where the person has a role.',
  access: 'signed_in',
  body: jsonBody(switchSchoolRequestSchema),
  response: jsonResponse(sessionResponseSchema),
  errors: ['forbidden'],
});

export const DATA_ENDPOINT_LIST = [
  listImports,
  createImport,
  getImport,
  appendImportChunk,
  previewImport,
  confirmImport,
  undoImport,
  listRoll,
  setPupilRoll,
  exportMarksCsv,
  getCalendar,
  putCalendar,
  calendarCsv,
  importCalendar,
  importBankHolidays,
  listSchools,
  switchSchool,
] as const;
