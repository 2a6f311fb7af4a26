/**
 * Pupil photos and the medical note (docs/api.md, "Photos and flags"). A photo travels as base64
 * inside JSON so it is parsed by a schema at both ends like every other answer, and is fetched by
 * its opaque id (never a name or UPN in a URL). The medical note is read only by the roles that
 * may see it.
 */
import { z } from 'zod';

export const PHOTO_ROUTES = {
  photo: '/api/photos/:photoId',
  settings: '/api/admin/photos',
  upload: '/api/admin/photos/upload',
  medicalNote: '/api/pupils/:pupilId/medical-note',
} as const;

/** The largest photo kept: a register tile shows it at about 64 px, so 200 KB is plenty. */
export const PHOTO_MAX_BYTES = 200 * 1024;
/** What the tablet keeps of photos (docs/design.md §5 "Photos and flags"); least recently shown goes first. */
export const PHOTO_CACHE_BUDGET_BYTES = 20 * 1024 * 1024;

export const PHOTO_MEDIA_TYPES = ['image/jpeg', 'image/png'] as const;
export const photoMediaTypeSchema = z.enum(PHOTO_MEDIA_TYPES);
export type PhotoMediaType = z.infer<typeof photoMediaTypeSchema>;

/** Base64 of at most PHOTO_MAX_BYTES bytes. */
const base64Photo = z
  .string()
  .max(Math.ceil(PHOTO_MAX_BYTES / 3) * 4, {
    message: `The photo is larger than ${PHOTO_MAX_BYTES / 1024} KB. Make it smaller (a head-and-shoulders photo 300 pixels wide is plenty) and try again.`,
  })
  .regex(/^[A-Za-z0-9+/]+={0,2}$/u, { message: 'The photo is not base64.' });

export const photoParamsSchema = z.strictObject({ photoId: z.uuid() });

export const photoResponseSchema = z.strictObject({
  photoId: z.uuid(),
  mediaType: photoMediaTypeSchema,
  data: base64Photo,
});
export type PhotoResponse = z.infer<typeof photoResponseSchema>;

export const photoSettingsSchema = z.strictObject({
  /** Whether the register shows photos at this school. */
  enabled: z.boolean(),
  /** Pupils on roll today, and how many of them have a photo. */
  pupilsOnRoll: z.int().min(0),
  withPhoto: z.int().min(0),
});
export type PhotoSettings = z.infer<typeof photoSettingsSchema>;

export const savePhotoSettingsSchema = z.strictObject({ enabled: z.boolean() });

/** One image file; its name (without the folder) says whose photo it is: the pupil's UPN. */
export const photoUploadSchema = z.strictObject({
  fileName: z.string().min(1).max(255),
  data: base64Photo,
});

export const photoUploadResponseSchema = z.strictObject({
  /** The pupil the file was matched to, as the roll names them. */
  pupilName: z.string(),
  mediaType: photoMediaTypeSchema,
  /** True when the pupil already had a photo, now replaced. */
  replaced: z.boolean(),
});
export type PhotoUploadResponse = z.infer<typeof photoUploadResponseSchema>;

export const medicalNoteParamsSchema = z.strictObject({ pupilId: z.uuid() });

export const medicalNoteResponseSchema = z.strictObject({
  pupilId: z.uuid(),
  medical: z.boolean(),
  /** The note the school imported, or null when it has none. */
  note: z.string().nullable(),
});
export type MedicalNoteResponse = z.infer<typeof medicalNoteResponseSchema>;
