/**
 * Statutory returns on the wire (docs/api.md, "Statutory returns"): the school census's
 * attendance module with its pre-submission checks, and the local authority's lists with the
 * record of when each was sent. Objects are strict, as elsewhere.
 */
import { z } from 'zod';
import { CENSUS_TERMS, DELETION_GROUND_KEYS, LA_LISTS } from '../../domain/index';
import { roleSchema } from './authSchemas';
import { freeText, lineText } from './plainText';
import { reportFormatSchema } from './reportSchemas';
import { wireDateSchema } from './syncSchemas';

export const censusQuerySchema = z.strictObject({
  term: z.enum(CENSUS_TERMS),
  /** The academic year the census is taken in, as the year it starts (2025 for 2025/26). */
  year: z.coerce.number().int().min(2000).max(2100),
});
export type CensusQuery = z.infer<typeof censusQuerySchema>;

const figures = z.strictObject({
  part: z.enum(['termly', 'summerHalfTerm2']),
  possible: z.number().int().nonnegative(),
  authorised: z.number().int().nonnegative(),
  unauthorised: z.number().int().nonnegative(),
  reasons: z.array(z.strictObject({ code: z.string(), sessions: z.number().int().positive() })),
  noReasonYet: z.number().int().nonnegative(),
});

const censusPupil = z.strictObject({
  pupilId: z.uuid(),
  upn: z.string().nullable(),
  name: z.string(),
  dateOfBirth: wireDateSchema,
  onRollOnCensusDay: z.boolean(),
  periods: z.array(figures),
});

export const censusResponseSchema = z.strictObject({
  title: z.string(),
  term: z.enum(CENSUS_TERMS),
  year: z.number().int(),
  censusDay: wireDateSchema,
  ageDate: wireDateSchema,
  periods: z.array(
    z.strictObject({
      part: z.enum(['termly', 'summerHalfTerm2']),
      from: wireDateSchema,
      to: wireDateSchema,
      openSessions: z.number().int().nonnegative(),
    }),
  ),
  pupils: z.array(censusPupil),
  excluded: z.array(
    z.strictObject({
      pupilId: z.uuid(),
      name: z.string(),
      dateOfBirth: wireDateSchema,
      reason: z.string(),
    }),
  ),
  issues: z.array(
    z.strictObject({
      rule: z.string(),
      dfeRule: z.string().nullable(),
      severity: z.enum(['error', 'query']),
      pupilId: z.uuid().nullable(),
      message: z.string(),
    }),
  ),
  /** Sums over the pupils, per period, in the order of `periods`. */
  totals: z.array(figures.omit({ reasons: true, noReasonYet: true })),
});
export type CensusResponse = z.infer<typeof censusResponseSchema>;

export const laListParamSchema = z.strictObject({ list: z.enum(LA_LISTS) });

export const laListQuerySchema = z
  .strictObject({
    /** The days the list covers; default: the school year so far. */
    from: wireDateSchema.optional(),
    to: wireDateSchema.optional(),
    format: reportFormatSchema.optional(),
  })
  .superRefine((q, ctx) => {
    if (q.from !== undefined && q.to !== undefined && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
  });
export type LaListQuery = z.infer<typeof laListQuerySchema>;

const sentRecord = z.strictObject({
  id: z.uuid(),
  from: wireDateSchema,
  to: wireDateSchema,
  pupilCount: z.number().int().nonnegative(),
  sentAt: z.iso.datetime({ offset: true }),
  sentBy: z.strictObject({ id: z.uuid(), name: z.string(), role: roleSchema }),
  sentTo: z.string().nullable(),
  note: z.string().nullable(),
});
export type LaSentRecord = z.infer<typeof sentRecord>;

export const laRowSchema = z.strictObject({
  pupilId: z.uuid(),
  upn: z.string().nullable(),
  name: z.string(),
  dateOfBirth: wireDateSchema,
  yearGroup: z.string().nullable(),
  /** The day the row is about: admission, deletion, run start, timetable start… */
  date: wireDateSchema,
  /** When the authority must hear, when the list has a deadline. */
  dueBy: wireDateSchema.nullable(),
  dueByIsEstimate: z.boolean(),
  /** The deletion ground's key (deletions and missing), or null. */
  grounds: z.enum(DELETION_GROUND_KEYS).nullable(),
  /** What the row says in words: the ground, the sessions, the run, the timetable. */
  detail: z.string(),
  /** The number behind the row (unauthorised sessions, a run's sessions), or null. */
  sessions: z.number().int().nonnegative().nullable(),
  /** The last time a sent list held this pupil (this list), or null. */
  lastSentAt: z.iso.datetime({ offset: true }).nullable(),
});
export type LaRow = z.infer<typeof laRowSchema>;

export const laListResponseSchema = z.strictObject({
  list: z.enum(LA_LISTS),
  title: z.string(),
  from: wireDateSchema,
  to: wireDateSchema,
  rows: z.array(laRowSchema),
  /** Pupils the list would hold but the law does not need told (a standard transition…). */
  notRequired: z.array(z.strictObject({ pupilId: z.uuid(), name: z.string(), why: z.string() })),
  sent: z.array(sentRecord),
});
export type LaListResponse = z.infer<typeof laListResponseSchema>;

export const laSentRequestSchema = z.strictObject({
  from: wireDateSchema,
  to: wireDateSchema,
  /** The pupils the list sent held (as shown on screen when it was sent). */
  pupilIds: z.array(z.uuid()).max(5000),
  sentTo: lineText({
    min: 1,
    max: 200,
    trim: true,
    tooShort: 'is required: say where the list went (the authority’s portal, an email address)',
    tooLong: 'must be 200 characters or fewer',
  }),
  note: freeText({ max: 1000, trim: true, tooLong: 'must be 1000 characters or fewer' }).optional(),
});
export type LaSentRequest = z.infer<typeof laSentRequestSchema>;

export const laSentResponseSchema = sentRecord;
