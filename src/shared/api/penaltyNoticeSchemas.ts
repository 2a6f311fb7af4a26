/**
 * Penalty notices on the wire (docs/api.md, "Casework"): one per parent and per child, its steps
 * under the national framework (the rules are the domain's, src/domain/casework/penaltyNotices.ts),
 * and the record the local authority asks for (the list, also as CSV).
 */
import { z } from 'zod';
import { freeText } from './plainText';
import { reportFormatSchema } from './reportSchemas';
import { wireDateSchema } from './syncSchemas';

export const PENALTY_NOTICE_STAGES = [
  'considered',
  'notice_to_improve',
  'issued',
  'paid',
  'withdrawn',
  'escalated',
] as const;

const person = z.strictObject({ id: z.uuid(), name: z.string() });
const reason = freeText({ min: 1, max: 2000, trim: true, tooShort: 'is required' });

export const noticeIdParamSchema = z.strictObject({ noticeId: z.uuid() });

export const penaltyNoticeStepSchema = z.strictObject({
  stage: z.enum(PENALTY_NOTICE_STAGES),
  on: wireDateSchema,
  /** A notice to improve: the last day of its improvement period. */
  periodEnds: wireDateSchema.nullable(),
  /** Issued: the parent's first or second notice for this child within three years. */
  ordinal: z.union([z.literal(1), z.literal(2)]).nullable(),
  /** Paid: the amount, in pence, under the national framework. */
  amountPence: z.int().nullable(),
  /** Withdrawn or escalated: why. */
  reason: z.string().nullable(),
  recordedBy: person,
  recordedAt: z.iso.datetime({ offset: true }),
});

export const penaltyNoticeSchema = z.strictObject({
  id: z.uuid(),
  pupil: z.strictObject({ id: z.uuid(), displayName: z.string() }),
  parent: z.strictObject({ contactId: z.uuid(), name: z.string() }),
  actionId: z.uuid().nullable(),
  stage: z.enum(PENALTY_NOTICE_STAGES),
  steps: z.array(penaltyNoticeStepSchema),
  /** What may be recorded next (empty once paid, withdrawn or escalated). */
  next: z.array(z.enum(PENALTY_NOTICE_STAGES)),
  /** Issued: the last day at the reduced rate (first notices) and the last day to pay. */
  reducedBy: wireDateSchema.nullable(),
  payBy: wireDateSchema.nullable(),
});
export type PenaltyNoticeDto = z.infer<typeof penaltyNoticeSchema>;

export const penaltyNoticeListQuerySchema = z.strictObject({
  pupilId: z.uuid().optional(),
  format: reportFormatSchema.optional(),
});

export const penaltyNoticeListResponseSchema = z.strictObject({
  notices: z.array(penaltyNoticeSchema),
});

export const considerNoticeRequestSchema = z.strictObject({
  /** The parent: one of the pupil's contacts with parental responsibility. */
  contactId: z.uuid(),
  on: wireDateSchema,
  /** The case action the notice belongs to, if any. */
  actionId: z.uuid().optional(),
});

export const advanceNoticeRequestSchema = z.discriminatedUnion('stage', [
  z.strictObject({
    stage: z.literal('notice_to_improve'),
    on: wireDateSchema,
    periodEnds: wireDateSchema,
  }),
  z.strictObject({ stage: z.literal('issued'), on: wireDateSchema }),
  z.strictObject({ stage: z.literal('paid'), on: wireDateSchema }),
  z.strictObject({ stage: z.literal('withdrawn'), on: wireDateSchema, reason }),
  z.strictObject({ stage: z.literal('escalated'), on: wireDateSchema, reason }),
]);
export type AdvanceNoticeRequest = z.input<typeof advanceNoticeRequestSchema>;

export const penaltyNoticeResponseSchema = z.strictObject({ notice: penaltyNoticeSchema });
