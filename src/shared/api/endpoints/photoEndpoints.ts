/**
 * Pupil photos and the medical note (docs/api.md, "Photos and flags"). Any signed-in member of
 * staff at the school but a governor fetches a photo by its opaque id while the school shows
 * photos; admins turn photos on or off and import them one file at a time. Only office staff,
 * attendance leads and admins read the medical note behind a tile's flag: a teacher sees the
 * flag, not the note.
 */
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  medicalNoteParamsSchema,
  medicalNoteResponseSchema,
  PHOTO_ROUTES,
  photoParamsSchema,
  photoResponseSchema,
  photoSettingsSchema,
  photoUploadResponseSchema,
  photoUploadSchema,
  savePhotoSettingsSchema,
} from '../photoSchemas';

const admins = { roles: ['admin'] } as const;
/**
 * Staff who may see a pupil: every role but governor (docs/governors.md).
 */
const registerRoles = { roles: ['teacher', 'office', 'attendance_lead', 'admin'] } as const;

export const getPhoto = defineEndpoint({
  name: 'photos.get',
  method: 'GET',
  path: PHOTO_ROUTES.photo,
  summary: 'One pupil photo by its opaque id, while the school shows photos.',
  access: registerRoles,
  params: photoParamsSchema,
  response: jsonResponse(photoResponseSchema),
  errors: ['not_found'],
});

export const readPhotoSettings = defineEndpoint({
  name: 'photos.settings',
  method: 'GET',
  path: PHOTO_ROUTES.settings,
  summary: 'Whether the register shows photos, and how many pupils have one.',
  access: admins,
  response: jsonResponse(photoSettingsSchema),
  errors: [],
});

export const savePhotoSettings = defineEndpoint({
  name: 'photos.saveSettings',
  method: 'PUT',
  path: PHOTO_ROUTES.settings,
  summary: 'Turns photos on the register on or off.',
  access: admins,
  body: jsonBody(savePhotoSettingsSchema),
  response: jsonResponse(photoSettingsSchema),
  errors: [],
});

export const uploadPhoto = defineEndpoint({
  name: 'photos.upload',
  method: 'POST',
  path: PHOTO_ROUTES.upload,
  summary: 'Imports one photo, named by the pupil’s UPN; replaces the one they had.',
  access: admins,
  body: jsonBody(photoUploadSchema),
  response: jsonResponse(photoUploadResponseSchema, { status: 201 }),
  errors: ['not_found'],
});

export const readMedicalNote = defineEndpoint({
  name: 'pupils.medicalNote',
  method: 'GET',
  path: PHOTO_ROUTES.medicalNote,
  summary: 'The medical note behind a pupil’s flag (office, attendance lead, admin).',
  access: { roles: ['office', 'attendance_lead', 'admin'] },
  params: medicalNoteParamsSchema,
  response: jsonResponse(medicalNoteResponseSchema),
  errors: ['not_found'],
});

export const PHOTO_ENDPOINTS = [
  getPhoto,
  readPhotoSettings,
  savePhotoSettings,
  uploadPhoto,
  readMedicalNote,
] as const;
