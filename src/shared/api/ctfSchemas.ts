/**
 * The Common Transfer File API on the wire (docs/api.md "Statutory returns: CTF"). The file's own
 * values are checked by the domain (src/domain/statutory/), not here: these schemas carry the
 * request and the answer.
 */
import { z } from 'zod';
/** The largest CTF accepted in one request (the whole request body may be 1 MiB). */
export const MAX_CTF_BYTES = 1000 * 1000;

/** A pupil the office may make a CTF for: every pupil of the school, leavers first. */
export const ctfPupilSchema = z.strictObject({
  id: z.uuid(),
  displayName: z.string(),
  upn: z.string().nullable(),
  dateOfBirth: z.iso.date(),
  yearGroup: z.string().nullable(),
  /** The last day on roll; null while the pupil is on roll. */
  onRollTo: z.iso.date().nullable(),
});
export const ctfPupilsResponseSchema = z.strictObject({
  school: z.strictObject({
    name: z.string(),
    lea: z.string().nullable(),
    estab: z.string().nullable(),
  }),
  pupils: z.array(ctfPupilSchema),
  /** The next file number for each destination the school has sent to (`LLLEEEE` → 1–999). */
  nextSequence: z.number().int().min(1).max(999),
});
export type CtfPupilsResponse = z.infer<typeof ctfPupilsResponseSchema>;

const digits = (n: number, what: string) =>
  z.string().regex(new RegExp(`^[0-9]{${n}}$`), { message: `must be the ${n}-digit ${what}` });

export const ctfExportQuerySchema = z.strictObject({
  pupilId: z.uuid('is not a pupil id'),
  /** The destination: a school's LEA and Estab, `MMM`/`MMMM` (not known) or `XXX`/`XXXX` (abroad). */
  destLea: z.union([digits(3, 'local authority number'), z.literal('MMM'), z.literal('XXX')]),
  destEstab: z.union([digits(4, 'establishment number'), z.literal('MMMM'), z.literal('XXXX')]),
  destName: z.string().max(100, 'must be 100 characters or fewer').optional(),
  /** The file number in the name, 1–999. */
  sequence: z.coerce.number().int('must be a whole number').min(1).max(999),
});
export type CtfExportQuery = z.infer<typeof ctfExportQuerySchema>;

export const ctfImportRequestSchema = z.strictObject({
  fileName: z.string().min(1, 'is required').max(255, 'must be 255 characters or fewer'),
  /** The file's text (UTF-8). */
  xml: z
    .string()
    .min(1, 'is empty')
    .max(MAX_CTF_BYTES, 'is larger than a CTF Tickmark reads in one go'),
  /** Check only: say what the import would do, change nothing. */
  dryRun: z.boolean().default(false),
});
export type CtfImportRequest = z.input<typeof ctfImportRequestSchema>;

export const ctfImportedPupilSchema = z.strictObject({
  upn: z.string(),
  pupilId: z.uuid(),
  displayName: z.string(),
  years: z.array(
    z.strictObject({
      year: z.number().int(),
      schoolName: z.string(),
      sessionsPossible: z.number().int(),
      sessionsAttended: z.number().int(),
      sessionsAuthorised: z.number().int(),
      sessionsUnauthorised: z.number().int(),
      marks: z.number().int(),
    }),
  ),
});

export const ctfImportResponseSchema = z.strictObject({
  /** `checked` for a dry run; `imported` when the history was stored. */
  outcome: z.enum(['checked', 'imported']),
  importId: z.uuid().nullable(),
  source: z.strictObject({ lea: z.string(), estab: z.string(), name: z.string() }),
  ctfVersion: z.string(),
  pupils: z.array(ctfImportedPupilSchema),
});
export type CtfImportResponse = z.infer<typeof ctfImportResponseSchema>;
