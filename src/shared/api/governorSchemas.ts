/**
 * Attendance targets and the governors' termly pack (docs/api.md, "Governors"; docs/governors.md).
 * Nothing here names a pupil: every figure is a count over a school or a group of pupils.
 */
import { z } from 'zod';
import type { CharacteristicGroup } from '../../domain/index';
import { freeText } from './plainText';
import {
  attendanceStatsSchema,
  characteristicGroupParamSchema,
  characteristicKeySchema,
  cohortCountsSchema,
  parseCharacteristicGroup,
  reportSchoolSchema,
} from './reportSchemas';
import { localDateSchema, wireDateSchema } from './wireTime';

const ratePercent = (what: string) =>
  z
    .number(`must be a number: the ${what} in percent, e.g. 96.5`)
    .min(0, 'must be 0 or more')
    .max(100, 'must be 100 or less')
    .refine((n) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-6, {
      message: 'must have at most two decimal places',
    });

/** A group of pupils on the wire, in words too: `{ key, value, label }`. */
export const targetGroupSchema = z.strictObject({
  key: characteristicKeySchema,
  value: z.string(),
  label: z.string(),
});

/** The school year a target is for, named by the year it starts in (2025 is 2025–26). */
const yearStartSchema = z.int('must be a whole year, e.g. 2025 for 2025–26').min(2000).max(2200);

// ── Targets ────────────────────────────────────────────────────────────────────────────────────

export const targetListQuerySchema = z.strictObject({
  /** The school year (by the year it starts in); default: the current one. */
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a year, e.g. 2025 for 2025–26')
    .transform(Number)
    .optional(),
});

export const proposeTargetSchema = z.strictObject({
  year: yearStartSchema,
  /** `key:value` (e.g. `sen:ehcPlan`) for one group of pupils; absent or null: the whole school. */
  group: characteristicGroupParamSchema
    .transform((text) => parseCharacteristicGroup(text) as CharacteristicGroup)
    .nullable()
    .optional(),
  attendancePercent: ratePercent('attendance to reach'),
  persistentPercent: ratePercent('persistent absence to stay at or under'),
  note: freeText({ max: 1000, trim: true, tooLong: 'must be 1000 characters or fewer' }).optional(),
});
export type ProposeTarget = z.infer<typeof proposeTargetSchema>;
/** What a client sends: the group as `key:value`. */
export type ProposeTargetInput = z.input<typeof proposeTargetSchema>;

export const targetDecisionSchema = z.strictObject({
  decision: z.enum(['approved', 'declined'], {
    error: 'must be "approved" or "declined"',
  }),
  note: freeText({ max: 1000, trim: true, tooLong: 'must be 1000 characters or fewer' }).optional(),
});
export type TargetDecision = z.infer<typeof targetDecisionSchema>;

export const targetIdParamSchema = z.strictObject({ id: z.uuid('is not a target id') });

const personSchema = z.strictObject({ name: z.string(), role: z.string() });

export const targetRecordSchema = z.strictObject({
  id: z.uuid(),
  year: yearStartSchema,
  /** "2025–26". */
  yearLabel: z.string(),
  /** Null: the whole school. */
  group: targetGroupSchema.nullable(),
  /** "Whole school" or the group in words. */
  groupLabel: z.string(),
  attendancePercent: z.number(),
  persistentPercent: z.number(),
  note: z.string().nullable(),
  proposedAt: z.iso.datetime(),
  proposedBy: personSchema,
  status: z.enum(['proposed', 'approved', 'declined']),
  decision: z
    .strictObject({
      decidedAt: z.iso.datetime(),
      decidedBy: personSchema,
      note: z.string().nullable(),
    })
    .nullable(),
  /** Approved and not replaced by a later approval for the same year and group. */
  inForce: z.boolean(),
});
export type TargetRecord = z.infer<typeof targetRecordSchema>;

export const targetListResponseSchema = z.strictObject({
  year: yearStartSchema,
  yearLabel: z.string(),
  /** Every proposal for the year, newest first: history is kept, never overwritten. */
  targets: z.array(targetRecordSchema),
});
export type TargetListResponse = z.infer<typeof targetListResponseSchema>;

export const targetResponseSchema = z.strictObject({ target: targetRecordSchema });

// ── The governors' pack ────────────────────────────────────────────────────────────────────────

export const governorPackQuerySchema = z.strictObject({
  /** The first day of one of the school's terms; default: the term holding today (or the last). */
  term: wireDateSchema.optional(),
});
export type GovernorPackQuery = z.infer<typeof governorPackQuerySchema>;

const termSchema = z.strictObject({
  name: z.string(),
  from: localDateSchema,
  to: localDateSchema,
});

/** Figures over pupils aged 5 to 15 (the DfE statistics' age range): rates beside possible sessions. */
const figuresSchema = z.strictObject({
  stats: attendanceStatsSchema,
  cohort: cohortCountsSchema,
});

const againstSchema = z.enum(['met', 'below', 'noSessions']).nullable();
const persistenceSchema = z.enum(['met', 'above', 'noPupils']).nullable();

export const trackedWeekSchema = z.strictObject({
  weekStart: localDateSchema,
  week: attendanceStatsSchema,
  /** From the start of the school year up to the end of this week. */
  toDate: attendanceStatsSchema,
  pupils: z.int(),
  persistent: z.int(),
  persistentPercent: z.number().nullable(),
  attendance: againstSchema,
  persistence: persistenceSchema,
});
export type TrackedWeekDto = z.infer<typeof trackedWeekSchema>;

export const packGroupRowSchema = z.strictObject({
  group: targetGroupSchema,
  /** Null where the figures are not shown: too few pupils, or not available. */
  figures: figuresSchema.nullable(),
  /** Fewer pupils than `smallGroupMinimum`: shown as "fewer than N pupils", never as figures. */
  suppressed: z.boolean(),
});

export const packBenchmarkSchema = z.strictObject({
  /** "All pupils", "SEN provision: EHC plan". */
  label: z.string(),
  benchmarks: z.array(
    z.strictObject({
      /** "England", "London", "Camden". */
      areaName: z.string(),
      period: z.string(),
      overallAbsencePercent: z.number(),
      persistentPercent: z.number().nullable(),
      /** Positive: the school's pupils each missed this many more days. */
      gapDaysPerPupil: z.number().nullable(),
      source: z.string(),
    }),
  ),
});
export type PackBenchmark = z.infer<typeof packBenchmarkSchema>;

export const packTargetSchema = z.strictObject({
  target: targetRecordSchema,
  /** The term's figures for the target's pupils (null where not available or suppressed). */
  figures: figuresSchema.nullable(),
  attendance: againstSchema,
  persistence: persistenceSchema,
  /**
   * Each school week of the term against this target: a group's counts each pupil only on the
   * days they were in the group. Null where the group is too small to show (as `figures`).
   */
  weeks: z.array(trackedWeekSchema).nullable(),
});

export const governorPackResponseSchema = z.strictObject({
  school: reportSchoolSchema,
  term: termSchema.extend({
    /** The day the figures run to: the term's last day, or today while it is running. */
    asOf: localDateSchema,
  }),
  /** The school's terms, to choose another. */
  terms: z.array(termSchema),
  thresholds: z.strictObject({
    persistentAbsencePercent: z.number(),
    severeAbsencePercent: z.number(),
  }),
  /** The term, over pupils aged 5 to 15. */
  figures: figuresSchema,
  trends: z.strictObject({
    /** Each school week of the term against the whole-school target in force (if any). */
    weeks: z.array(trackedWeekSchema),
    /** The school year's earlier terms and this one, and this term a year before, oldest first. */
    terms: z.array(termSchema.extend({ figures: figuresSchema })),
  }),
  groups: z.strictObject({
    /** The smallest group whose figures are shown. */
    smallGroupMinimum: z.int(),
    /** The characteristic groups the pack splits by, each beside the whole school. */
    keys: z.array(characteristicKeySchema),
    rows: z.array(packGroupRowSchema),
    /** Why figures are missing, in plain words. */
    notes: z.array(z.string()),
  }),
  benchmarks: z.strictObject({
    rows: z.array(packBenchmarkSchema),
    notes: z.array(z.string()),
  }),
  targets: z.strictObject({
    yearLabel: z.string(),
    /** The targets in force for the school year: the whole school's first. */
    inForce: z.array(packTargetSchema),
    /** Proposals waiting for a governor's decision. */
    waiting: z.int(),
  }),
});
export type GovernorPackResponse = z.infer<typeof governorPackResponseSchema>;
