/**
 * The school's settings (docs/api.md, "Settings"): the attendance lead and admins read the rules
 * and their versions, preview new rules and save them as a new version. Teachers and office
 * staff are refused (403). A rule the domain's parser refuses answers `invalid_request` with
 * `details.issues` (settingsSchemas.ts).
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  previewSettingsRequestSchema,
  previewSettingsResponseSchema,
  saveSettingsRequestSchema,
  saveSettingsResponseSchema,
  settingsResponseSchema,
} from '../settingsSchemas';

const editors = { roles: ['attendance_lead', 'admin'] } as const;

export const readSettings = defineEndpoint({
  name: 'settings.read',
  method: 'GET',
  path: '/api/settings',
  summary: 'The rules in force today, every version and the history.',
  access: editors,
  response: jsonResponse(settingsResponseSchema),
  errors: [],
});

export const previewSettings = defineEndpoint({
  name: 'settings.preview',
  method: 'POST',
  path: '/api/settings/preview',
  summary: 'What new rules would decide for one arrival, and what they change; saves nothing.',
  access: editors,
  body: jsonBody(previewSettingsRequestSchema),
  response: jsonResponse(previewSettingsResponseSchema),
  errors: [],
});

export const saveSettings = defineEndpoint({
  name: 'settings.save',
  method: 'POST',
  path: '/api/settings',
  summary: 'Saves new rules as a version in force from a date.',
  access: editors,
  body: jsonBody(saveSettingsRequestSchema),
  response: jsonResponse(saveSettingsResponseSchema, { status: 201 }),
  errors: [],
});

export const SETTINGS_ENDPOINTS = [readSettings, previewSettings, saveSettings] as const;
