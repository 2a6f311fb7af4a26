/**
 * Staff accounts (docs/api.md, "Staff accounts"): an admin lists the school's staff, adds one,
 * sends a link to set a password (an invitation, or a reset for an account that has one), and
 * disables or enables an account; the person opens the link and sets their password.
 */
import { z } from 'zod';
import { roleSchema } from './authSchemas';
import { emailField, newPasswordField } from './setupSchemas';

/** The page a link opens; the token follows `#`, so no server or proxy log ever holds it. */
export const SET_PASSWORD_PAGE_PATH = '/account/password';

/** How long a link works (docs/reliability.md, "Staff account links"). A reset is shorter: the account is in use. */
export const INVITATION_LIFETIME_HOURS = 7 * 24;
export const RESET_LIFETIME_HOURS = 24;

export const staffIdParamSchema = z.strictObject({
  id: z.uuid('is not a staff id'),
});

const ROLE_NAMES = roleSchema.options;
const roleField = z.enum(ROLE_NAMES, { error: `must be one of ${ROLE_NAMES.join(', ')}` });

export const newStaffSchema = z.strictObject({
  name: z
    .string('is required')
    .trim()
    .min(1, 'is required')
    .max(200, 'is longer than 200 characters')
    .refine((t) => !t.includes('\u0000'), 'must not contain the NUL character (U+0000)'),
  email: emailField,
  roles: z
    .array(roleField, 'must be a list of roles')
    .min(1, 'must name at least one role')
    .max(ROLE_NAMES.length, 'names a role twice')
    .refine((roles) => new Set(roles).size === roles.length, 'names a role twice'),
});
export type NewStaff = z.infer<typeof newStaffSchema>;

/**
 * Where an account stands: `active` (has a password, enabled), `invited` (no password yet, a live
 * link), `no_password` (no password and no live link), `disabled`.
 */
export const accountStatusSchema = z.enum(['active', 'invited', 'no_password', 'disabled']);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

export const staffAccountSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  email: z.string(),
  roles: z.array(roleField),
  status: accountStatusSchema,
  /** The live (unused, unexpired) link, if any. */
  link: z
    .strictObject({ kind: z.enum(['invitation', 'reset']), expiresAt: z.iso.datetime() })
    .nullable(),
  disabledAt: z.iso.datetime().nullable(),
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

export const staffListResponseSchema = z.strictObject({
  staff: z.array(staffAccountSchema),
  /** Whether links go by email (SMTP configured) or are shown to the admin to hand over. */
  mail: z.enum(['email', 'shown']),
});
export type StaffListResponse = z.infer<typeof staffListResponseSchema>;

export const staffAccountResponseSchema = z.strictObject({
  status: z.literal('ok'),
  staff: staffAccountSchema,
});

export const linkSentResponseSchema = z.strictObject({
  status: z.literal('ok'),
  kind: z.enum(['invitation', 'reset']),
  /** `email`: sent to the person; `shown`: no SMTP configured, `link` is for the admin to hand over. */
  delivery: z.enum(['email', 'shown']),
  link: z.string().nullable(),
  expiresAt: z.iso.datetime(),
  staff: staffAccountSchema,
});
export type LinkSentResponse = z.infer<typeof linkSentResponseSchema>;

const tokenField = z.string('is required').min(1, 'is required').max(200, 'is not a link token');

export const linkCheckRequestSchema = z.strictObject({ token: tokenField });

export const linkCheckResponseSchema = z.strictObject({
  kind: z.enum(['invitation', 'reset']),
  name: z.string(),
  email: z.string(),
  expiresAt: z.iso.datetime(),
});
export type LinkCheckResponse = z.infer<typeof linkCheckResponseSchema>;

export const setPasswordRequestSchema = z.strictObject({
  token: tokenField,
  password: newPasswordField,
});

export const setPasswordResponseSchema = z.strictObject({
  status: z.literal('ok'),
  email: z.string(),
});
