/**
 * Request and response bodies for sign-in, the current session and device administration. The
 * server parses requests with these schemas; the client parses responses with them.
 */
import { z } from 'zod';
import { lineText } from './plainText';
import type { Role } from '../../domain';

export const roleSchema = z.enum(['teacher', 'office', 'attendance_lead', 'admin', 'governor']);
// Fails to compile if the wire roles and the domain's roles drift apart.
const _rolesMatch: [z.infer<typeof roleSchema>, Role] extends [Role, z.infer<typeof roleSchema>]
  ? true
  : never = true;

export const signInRequestSchema = z.strictObject({
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email('is not an email address').max(254, 'is longer than 254 characters')),
  password: z.string().min(1, 'is required').max(1024, 'is longer than 1024 characters'),
  /** The device id this browser was given at an earlier sign-in, if it still has it. */
  deviceId: z.uuid('is not a device id').optional(),
  /** A name for this device that admins will see ("Class 3 iPad"). */
  deviceLabel: lineText({
    min: 1,
    max: 100,
    trim: true,
    tooLong: 'is longer than 100 characters',
  }).optional(),
  /** Which school to act at, for staff with roles at more than one. */
  schoolId: z.uuid('is not a school id').optional(),
});
export type SignInRequest = z.infer<typeof signInRequestSchema>;

export const schoolRoleSchema = z.strictObject({
  schoolId: z.uuid(),
  schoolName: z.string(),
  role: roleSchema,
});
export type SchoolRole = z.infer<typeof schoolRoleSchema>;

/** Answer to sign-in and to `GET /api/auth/me`. */
export const sessionResponseSchema = z.strictObject({
  staff: z.strictObject({ id: z.uuid(), name: z.string(), email: z.string() }),
  /** Every role the person has, at every school. */
  roles: z.array(schoolRoleSchema),
  device: z.strictObject({ id: z.uuid() }),
  /** The school this session acts at. */
  school: z.strictObject({ id: z.uuid(), name: z.string() }),
  expiresAt: z.iso.datetime(),
});
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

export const signOutResponseSchema = z.strictObject({ status: z.literal('ok') });

export const deviceSummarySchema = z.strictObject({
  id: z.uuid(),
  /** The name an admin gave it ("Class 3 tablet"), shown wherever the device appears. */
  name: z.string().nullable(),
  /** What the browser called itself at sign-in, if anything. */
  label: z.string().nullable(),
  userAgent: z.string().nullable(),
  enrolledBy: z.strictObject({ id: z.uuid(), name: z.string() }),
  enrolledAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  /** The last mark number this device has synced (docs/design.md §7.2). */
  lastClientSeq: z.number().int().nonnegative(),
});
export type DeviceSummary = z.infer<typeof deviceSummarySchema>;

export const deviceListResponseSchema = z.strictObject({
  devices: z.array(deviceSummarySchema),
});

export const deviceIdParamSchema = z.strictObject({ id: z.uuid('is not a device id') });

export const deviceRevokeResponseSchema = z.strictObject({ device: deviceSummarySchema });

/** The longest device name: enough for "Year 6 trolley tablet 12", short enough for a table. */
export const DEVICE_NAME_MAX = 60;

export const deviceRenameRequestSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .min(1, 'Give the device a name, such as “Class 3 tablet”.')
    .max(DEVICE_NAME_MAX, `Keep the name to ${DEVICE_NAME_MAX} characters or fewer.`),
});

export const deviceRenameResponseSchema = z.strictObject({ device: deviceSummarySchema });
