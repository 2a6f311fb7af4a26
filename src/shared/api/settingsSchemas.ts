/**
 * The school's settings: its rules (register times and overrides, thresholds, codes per role,
 * hours in the day) as versions with an effective date (docs/design.md §2.1). The attendance lead
 * and admins read, preview and save them; the rules themselves are checked by the domain's
 * configuration parser, whose problems come back as `details.issues` (`path` inside the
 * configuration, such as `sessions.AM.registerCloses`, and a message saying how to fix it).
 */
import { z } from 'zod';
import { roleSchema } from './authSchemas';
import { isoInstantSchema, localDateSchema, wireDateSchema } from './wireTime';

/** The rules as written: the versioned settings (`sessions`, `thresholds`…), checked by the domain. */
export const rulesSchema = z.record(z.string(), z.unknown());
export type RulesInput = z.infer<typeof rulesSchema>;

/** A problem or warning inside the configuration, at its path (`thresholds.penaltyNotice.sessions`). */
export const settingsIssueSchema = z.strictObject({ path: z.string(), message: z.string() });
export type SettingsIssue = z.infer<typeof settingsIssueSchema>;

const wallTimeText = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'is not a time (HH:MM)' });

export const saveSettingsRequestSchema = z.strictObject({
  /** The first day the new rules are in force: today or later. */
  effectiveFrom: wireDateSchema,
  rules: rulesSchema,
  /** Why, in the maker's words. */
  note: z.string().trim().max(500, { message: 'must be at most 500 characters' }).optional(),
});
export type SaveSettingsRequest = z.infer<typeof saveSettingsRequestSchema>;

export const previewSettingsRequestSchema = z.strictObject({
  rules: rulesSchema,
  /** The pupil's year group (N1, N2, R, 1–13), and their class when an override names it. */
  yearGroup: z.string(),
  groupId: z.string().optional(),
  part: z.enum(['AM', 'PM']),
  arrival: wallTimeText,
  /** The day the rules would be in force (for the time zone); today when left out. */
  date: wireDateSchema.optional(),
});
export type PreviewSettingsRequest = z.infer<typeof previewSettingsRequestSchema>;

export const previewSettingsResponseSchema = z.strictObject({
  code: z.enum(['/', '\\', 'L', 'U']),
  minutesLate: z.int().min(0),
  /** "A Year 3 pupil arriving at 09:06 is L, 21 minutes late (register 08:45 to 09:15)." */
  sentence: z.string(),
  /** What the rules change from those in force today, one sentence each. */
  changes: z.array(z.string()),
  warnings: z.array(settingsIssueSchema),
});
export type PreviewSettingsResponse = z.infer<typeof previewSettingsResponseSchema>;

export const settingsVersionSchema = z.strictObject({
  /** 0 is the rules the school had before its first version. */
  version: z.int().min(0),
  /** Null for version 0. */
  effectiveFrom: localDateSchema.nullable(),
  madeBy: z.strictObject({ name: z.string(), role: roleSchema }).nullable(),
  madeAt: isoInstantSchema.nullable(),
  note: z.string().nullable(),
  /** The difference from the version before, in words. */
  changes: z.array(z.string()),
  rules: rulesSchema,
});
export type SettingsVersion = z.infer<typeof settingsVersionSchema>;

export const settingsResponseSchema = z.strictObject({
  /** Today at the school. */
  today: localDateSchema,
  /** The version in force today. */
  inForce: z.int().min(0),
  /** The rules in force today, every setting filled in (defaults included), as written. */
  rules: rulesSchema,
  warnings: z.array(settingsIssueSchema),
  /** Every version, newest first, with version 0 last. */
  versions: z.array(settingsVersionSchema),
  /** The school's classes, for overrides by class and the preview. */
  groups: z.array(z.strictObject({ id: z.string(), name: z.string(), yearGroup: z.string() })),
});
export type SettingsResponse = z.infer<typeof settingsResponseSchema>;

export const saveSettingsResponseSchema = z.strictObject({
  version: settingsVersionSchema,
  settings: settingsResponseSchema,
});
export type SaveSettingsResponse = z.infer<typeof saveSettingsResponseSchema>;
