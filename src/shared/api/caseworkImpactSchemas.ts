/**
 * "Did it work?" and celebrating attendance on the wire (docs/api.md, "Casework: did it work?"
 * and "Celebrating attendance"). The figures are the domain's (src/domain/casework/impact.ts,
 * celebrate.ts): every rate comes with its possible sessions, and a rate is null ("n/a") when
 * there is none. Objects are strict, as elsewhere.
 */
import { z } from 'zod';
import { CASE_ACTION_KINDS, MAX_IMPACT_WEEKS } from '../../domain/index';
import { localDateSchema, wireDateSchema } from './wireTime';

const weeksField = z.coerce
  .number()
  .int('must be a whole number of school weeks')
  .min(1, 'must be 1 or more school weeks')
  .max(MAX_IMPACT_WEEKS, `must be at most ${MAX_IMPACT_WEEKS} school weeks`);

const rangeSchema = z.strictObject({ from: localDateSchema, to: localDateSchema });

/** `from` to `to`, both given, both included, `to` not before `from`. */
const periodFields = { from: wireDateSchema, to: wireDateSchema };
function checkPeriod(q: { from: string; to: string }, ctx: z.RefinementCtx): void {
  if (q.from > q.to)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
}

export const impactWindowSchema = z.strictObject({
  /** The days counted, or null when there is no school week on that side yet. */
  range: rangeSchema.nullable(),
  schoolWeeks: z.int(),
  possible: z.int(),
  attended: z.int(),
  overallAbsence: z.int(),
  attendancePercent: z.number().nullable(),
  persistent: z.boolean(),
});
export type ImpactWindowWire = z.infer<typeof impactWindowSchema>;

export const actionImpactSchema = z.strictObject({
  actionId: z.uuid(),
  kind: z.enum(CASE_ACTION_KINDS),
  title: z.string(),
  doneOn: localDateSchema,
  before: impactWindowSchema,
  after: impactWindowSchema,
  /** All the school weeks after it have passed. */
  complete: z.boolean(),
  change: z.enum(['better', 'worse', 'same', 'unknown']),
  changePoints: z.number().nullable(),
});
export type ActionImpactWire = z.infer<typeof actionImpactSchema>;

export const impactQuerySchema = z.strictObject({ weeks: weeksField.optional() });

export const pupilImpactResponseSchema = z.strictObject({
  pupilId: z.uuid(),
  weeks: z.int(),
  asOf: localDateSchema,
  /** The pupil's actions done, in every case of theirs, oldest first. */
  actions: z.array(actionImpactSchema),
});
export type PupilImpactResponse = z.infer<typeof pupilImpactResponseSchema>;

export const schoolImpactQuerySchema = z
  .strictObject({ ...periodFields, weeks: weeksField.optional() })
  .superRefine(checkPeriod);

const outcomeSchema = z.strictObject({
  kind: z.enum([...CASE_ACTION_KINDS, 'any']),
  pupils: z.int(),
  persistentBefore: z.int(),
  movedOut: z.int(),
  stillPersistent: z.int(),
  tooSoon: z.int(),
});
export type PersistenceOutcomeWire = z.infer<typeof outcomeSchema>;

export const schoolImpactResponseSchema = z.strictObject({
  from: localDateSchema,
  to: localDateSchema,
  weeks: z.int(),
  asOf: localDateSchema,
  persistentAbsencePercent: z.number(),
  /** Pupils aged 5 to 15, by the kind of action (and `any`, each pupil once). */
  byKind: z.array(outcomeSchema),
  outsideAgeRange: z.array(outcomeSchema),
});
export type SchoolImpactResponse = z.infer<typeof schoolImpactResponseSchema>;

export const certificatesQuerySchema = z
  .strictObject({ ...periodFields, groupId: z.uuid().optional() })
  .superRefine(checkPeriod);
export type CertificatesQuery = z.input<typeof certificatesQuerySchema>;

const celebratedPupilSchema = z.strictObject({
  id: z.uuid(),
  displayName: z.string(),
  groupName: z.string().nullable(),
});

export const certificatesResponseSchema = z.strictObject({
  /** The days counted: `to` stops at today. */
  from: localDateSchema,
  to: localDateSchema,
  /** The school's certificate rates, highest first. */
  percents: z.array(z.number()),
  awards: z.array(
    z.strictObject({
      pupil: celebratedPupilSchema,
      level: z.number(),
      attended: z.int(),
      possible: z.int(),
      attendancePercent: z.number(),
    }),
  ),
});
export type CertificatesResponse = z.infer<typeof certificatesResponseSchema>;

export const bestClassQuerySchema = z.strictObject({
  /** Any day of the school week; the week runs Monday to Sunday. */
  week: wireDateSchema,
});

const rankedClassSchema = z.strictObject({
  group: z.strictObject({ id: z.uuid(), name: z.string() }),
  rank: z.int(),
  attended: z.int(),
  possible: z.int(),
  attendancePercent: z.number(),
});

export const bestClassResponseSchema = z.strictObject({
  week: z.strictObject({ from: localDateSchema, to: localDateSchema }),
  /** The best class, or every class that ties for it. */
  best: z.array(rankedClassSchema),
  ranking: z.array(rankedClassSchema),
  /** Classes with no possible session that week. */
  unranked: z.array(z.strictObject({ id: z.uuid(), name: z.string() })),
});
export type BestClassResponse = z.infer<typeof bestClassResponseSchema>;
