/**
 * The MIS connector's wire shapes (docs/api.md, "The school's MIS"): how many marks have reached
 * the MIS, the ones that have not and why, trying them again, and the day's reconciliation.
 */
import { z } from 'zod';
import { reportFormatSchema } from './reportSchemas';
import { wireDateSchema } from './syncSchemas';

const session = z.enum(['AM', 'PM']);

export const misWriteStatusSchema = z.enum(['pending', 'written', 'failed', 'superseded']);

/** A mark that has not reached the MIS yet and has had trouble, or has stopped trying. */
export const misProblemSchema = z.strictObject({
  eventId: z.uuid(),
  pupil: z.strictObject({ id: z.uuid(), displayName: z.string() }),
  date: wireDateSchema,
  session,
  code: z.string(),
  minutesLate: z.number().int().nullable(),
  status: misWriteStatusSchema,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** The MIS may hold it already: it is checked before being sent again. */
  unsure: z.boolean(),
  lastAttemptAt: z.string().nullable(),
});
export type MisProblem = z.infer<typeof misProblemSchema>;

export const misStatusResponseSchema = z.strictObject({
  /** Whether this school writes to an MIS (the server's WONDE_* settings). */
  connected: z.boolean(),
  /** Which MIS, in words, or null when not connected. */
  mis: z.string().nullable(),
  /** The first session date written, or null when not connected. */
  writeFrom: wireDateSchema.nullable(),
  counts: z.strictObject({
    pending: z.number().int(),
    written: z.number().int(),
    failed: z.number().int(),
    superseded: z.number().int(),
    /** Of pending and failed: how many may be in the MIS already (checked before a resend). */
    unsure: z.number().int(),
  }),
  /** Failed marks, then waiting ones that have failed at least once; newest session first. */
  problems: z.array(misProblemSchema),
});
export type MisStatusResponse = z.infer<typeof misStatusResponseSchema>;

export const misRetryRequestSchema = z.strictObject({
  /** The failed marks to try again; omit for every failed mark. */
  eventIds: z.array(z.uuid()).max(5000).optional(),
});
export const misRetryResponseSchema = z.strictObject({ retried: z.number().int() });

export const misReconciliationQuerySchema = z.strictObject({
  date: wireDateSchema,
  format: reportFormatSchema.optional(),
});

const sideMark = z
  .strictObject({ code: z.string(), minutesLate: z.number().int().nullable() })
  .nullable();

export const misReconciliationResponseSchema = z.strictObject({
  date: wireDateSchema,
  mis: z.string(),
  /** Sessions with a mark in Tickmark, for pupils with a UPN. */
  tickmarkMarks: z.number().int(),
  misMarks: z.number().int(),
  matching: z.number().int(),
  /** Pupils on roll with marks that day but no UPN, so the MIS cannot be matched. */
  withoutUpn: z.number().int(),
  differences: z.array(
    z.strictObject({
      upn: z.string(),
      /** Null when the MIS names a pupil Tickmark does not have. */
      pupil: z.strictObject({ id: z.uuid(), displayName: z.string() }).nullable(),
      session,
      kind: z.enum(['missing_in_mis', 'only_in_mis', 'different_code', 'different_minutes_late']),
      /** The difference in words. */
      words: z.string(),
      tickmark: sideMark,
      mis: sideMark,
    }),
  ),
});
export type MisReconciliationResponse = z.infer<typeof misReconciliationResponseSchema>;
