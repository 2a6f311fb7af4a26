/**
 * First run and further schools: the setup request (organisation, first school, first admin),
 * and the details of a school an organisation admin adds later. The setup page and the server
 * parse with the same schemas, so the page's messages are the server's.
 */
import { z } from 'zod';

/** The page the printed setup link opens; the token follows `#` so it never reaches a log. */
export const SETUP_PAGE_PATH = '/setup';

const noNul = (text: string): boolean => !text.includes('\u0000');

const nameField = (max: number) =>
  z
    .string('is required')
    .trim()
    .min(1, 'is required')
    .max(max, `is longer than ${max} characters`)
    .refine(noNul, 'must not contain the NUL character (U+0000)');

const digitsField = (digits: number, what: string, example: string) =>
  z
    .string('is required')
    .trim()
    .regex(
      new RegExp(`^\\d{${digits}}$`),
      `must be the ${digits}-digit ${what}, such as ${example}`,
    );

/** An IANA time zone name the JavaScript engine knows (`Europe/London`), held as it names it. */
export const timeZoneField = z
  .string('is required')
  .trim()
  .transform((text, ctx) => {
    // Intl also accepts offsets ("+01:00"), which follow no clock changes: ask for a place.
    if (/^[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+$/.test(text) || text === 'UTC') {
      try {
        return new Intl.DateTimeFormat('en-GB', { timeZone: text }).resolvedOptions().timeZone;
      } catch {
        // fall through to the message below
      }
    }
    ctx.addIssue({
      code: 'custom',
      message: 'is not a time zone; use an IANA name such as Europe/London',
    });
    return z.NEVER;
  });

export const schoolDetailsSchema = z.strictObject({
  name: nameField(200),
  /** Unique reference number from Get Information about Schools. */
  urn: digitsField(6, 'unique reference number (URN) from Get Information about Schools', '100000'),
  /** Local-authority number, the first part of the DfE number. */
  laNumber: digitsField(3, 'local-authority number', '202'),
  /** Establishment number, the second part of the DfE number. */
  establishmentNumber: digitsField(4, 'establishment number', '2000'),
  timeZone: timeZoneField,
});
export type SchoolDetails = z.infer<typeof schoolDetailsSchema>;

export const emailField = z
  .string('is required')
  .trim()
  .toLowerCase()
  .pipe(z.email('is not an email address').max(254, 'is longer than 254 characters'));

/**
 * A new password: length over complexity (NCSC), no composition rules. The server also refuses
 * very common and guessable passwords with a strength checker (auth/passwordStrength.ts).
 */
export const MIN_PASSWORD_LENGTH = 10;
export const newPasswordField = z
  .string('is required')
  .min(
    MIN_PASSWORD_LENGTH,
    `must be at least ${MIN_PASSWORD_LENGTH} characters; three random words make a good one`,
  )
  .max(1024, 'is longer than 1024 characters');

export const setupRequestSchema = z.strictObject({
  /** The token from the setup link the server printed. */
  token: z.string('is required').min(1, 'is required').max(200, 'is not a setup token'),
  organisation: z.discriminatedUnion(
    'kind',
    [
      /** A trust (or federation) that will hold several schools. */
      z.strictObject({ kind: z.literal('trust'), name: nameField(200) }),
      /** A single school: its organisation takes the school's name. */
      z.strictObject({ kind: z.literal('school') }),
    ],
    { error: "kind must be 'trust' or 'school'" },
  ),
  school: schoolDetailsSchema,
  admin: z.strictObject({
    name: nameField(200),
    email: emailField,
    password: newPasswordField,
  }),
});
export type SetupRequest = z.infer<typeof setupRequestSchema>;

export const setupStatusResponseSchema = z.strictObject({
  /** True while the database has no organisation, so the setup page should show its form. */
  needed: z.boolean(),
});

export const setupResponseSchema = z.strictObject({
  status: z.literal('ok'),
  organisation: z.strictObject({ id: z.uuid(), name: z.string() }),
  school: z.strictObject({ id: z.uuid(), name: z.string() }),
  admin: z.strictObject({ id: z.uuid(), email: z.string() }),
});
export type SetupResponse = z.infer<typeof setupResponseSchema>;

export const organisationSchoolSchema = z.strictObject({
  id: z.uuid(),
  name: z.string(),
  urn: z.string().nullable(),
  dfeNumber: z.string().nullable(),
  timeZone: z.string(),
});
export type OrganisationSchool = z.infer<typeof organisationSchoolSchema>;

export const organisationSchoolsResponseSchema = z.strictObject({
  organisation: z.strictObject({ id: z.uuid(), name: z.string() }),
  schools: z.array(organisationSchoolSchema),
});
export type OrganisationSchoolsResponse = z.infer<typeof organisationSchoolsResponseSchema>;

/** `POST /api/admin/schools` answers 201 with the school it added. */
export const schoolAddedResponseSchema = z.strictObject({
  status: z.literal('ok'),
  school: z.strictObject({ id: z.uuid(), name: z.string() }),
});
