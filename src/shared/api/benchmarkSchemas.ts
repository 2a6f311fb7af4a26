/**
 * The DfE benchmarks comparison (docs/api.md, "Benchmarks"; docs/design.md §8.12): the school's
 * figure, and each characteristic group's, beside the DfE's published figures for the same phase,
 * nationally, in the school's region and in its local authority, with the gap in days per pupil.
 */
import { z } from 'zod';
import {
  BENCHMARK_LEVELS,
  BENCHMARK_PHASES,
  CHARACTERISTIC_KEYS,
  isCharacteristicValue,
  type CharacteristicGroup,
} from '../../domain/index';
import { checkRange, rangeFields, reportRangeSchema } from './reportSchemas';

export const benchmarkPhaseSchema = z.enum(BENCHMARK_PHASES);

/** `GET /api/reports/benchmarks`. Default period: `year`; default phase: from the school's year groups. */
export const benchmarkQuerySchema = z
  .strictObject({ ...rangeFields, phase: benchmarkPhaseSchema.optional() })
  .superRefine(checkRange);
export type BenchmarkQuery = z.infer<typeof benchmarkQuerySchema>;

/** A characteristic group (src/domain/characteristics/characteristics.ts), or null for every pupil. */
export const characteristicGroupSchema = z
  .strictObject({ key: z.enum(CHARACTERISTIC_KEYS), value: z.string() })
  .refine((g) => isCharacteristicValue(g.key, g.value), {
    message: 'is not a value of that characteristic',
  })
  .transform((g) => g as CharacteristicGroup);

const percent = z.number().nullable();

/** Where a published figure came from: the file, its publication, its period, when it was loaded. */
export const benchmarkSourceSchema = z.strictObject({
  fileName: z.string(),
  publication: z.string(),
  loadedAt: z.iso.datetime({ offset: true }),
});

export const benchmarkFigureSchema = z.strictObject({
  level: z.enum(BENCHMARK_LEVELS),
  /** "England", "London", "Camden". */
  areaName: z.string(),
  /** The period as published: `202425` and `Autumn term` read "Autumn term 2024/25". */
  period: z.strictObject({ timePeriod: z.string(), timeIdentifier: z.string(), label: z.string() }),
  enrolments: z.int(),
  possibleSessions: z.int(),
  overallAbsencePercent: z.number(),
  persistentPercent: percent,
  severePercent: percent,
  /**
   * (school's overall absence rate − this rate) ÷ 100 × the school's possible sessions per pupil ÷ 2:
   * positive, the school's pupils missed that many more days each. Null without a school figure.
   */
  gapDaysPerPupil: z.number().nullable(),
  source: benchmarkSourceSchema,
});
export type BenchmarkFigureWire = z.infer<typeof benchmarkFigureSchema>;

/** The school's (or a group's) own figure over the range, for pupils aged 5 to 15 as the DfE counts. */
export const schoolFigureSchema = z.strictObject({
  pupils: z.int(),
  possibleSessions: z.int(),
  overallAbsenceSessions: z.int(),
  overallAbsencePercent: percent,
  persistentPercent: percent,
  severePercent: percent,
});
export type SchoolFigure = z.infer<typeof schoolFigureSchema>;

export const benchmarkRowSchema = z.strictObject({
  /** Null: every pupil. */
  group: characteristicGroupSchema.nullable(),
  /** "All pupils", "SEN provision: EHC plan". */
  label: z.string(),
  /** Null where the school's figure for the group is not available. */
  school: schoolFigureSchema.nullable(),
  benchmarks: z.array(benchmarkFigureSchema),
});
export type BenchmarkRow = z.infer<typeof benchmarkRowSchema>;

export const benchmarkResponseSchema = z.strictObject({
  school: z.strictObject({ id: z.uuid(), name: z.string() }),
  range: reportRangeSchema,
  phase: benchmarkPhaseSchema,
  phaseName: z.string(),
  /** The school's local authority (from its DfE number) and region (from the DfE's own rows). */
  localAuthority: z.strictObject({ code: z.string(), name: z.string().nullable() }).nullable(),
  region: z.strictObject({ code: z.string(), name: z.string().nullable() }).nullable(),
  rows: z.array(benchmarkRowSchema),
  /** Why a comparison is missing ("No DfE figures are loaded yet: …"), in plain words. */
  notes: z.array(z.string()),
});
export type BenchmarkResponse = z.infer<typeof benchmarkResponseSchema>;

/**
 * The largest DfE file an admin may upload: the files by geographic level fit; the full files by
 * characteristic (tens of megabytes) are loaded with the command line.
 */
export const MAX_BENCHMARK_FILE_BYTES = 20 * 1024 * 1024;

/** `POST /api/admin/benchmarks?fileName=…&publication=…`, the file itself as the `text/csv` body. */
export const benchmarkUploadQuerySchema = z.strictObject({
  fileName: z.string().trim().min(1).max(300),
  /** Default: "Pupil absence in schools in England". */
  publication: z.string().trim().min(1).max(300).optional(),
});

export const benchmarkUploadResponseSchema = z.discriminatedUnion('loaded', [
  z.strictObject({
    loaded: z.literal(true),
    fileName: z.string(),
    publication: z.string(),
    rowsRead: z.int(),
    kept: z.int(),
    /** Rows not kept, by reason, most first. */
    leftOut: z.array(z.strictObject({ reason: z.string(), rows: z.int() })),
    /** "Autumn term 2024/25". */
    periods: z.array(z.string()),
  }),
  z.strictObject({
    loaded: z.literal(false),
    /** Each problem with its line (the header is line 1) and column; nothing was loaded. */
    problems: z.array(
      z.strictObject({
        line: z.int().nullable(),
        column: z.string().nullable(),
        message: z.string(),
      }),
    ),
  }),
]);
export type BenchmarkUploadResponse = z.infer<typeof benchmarkUploadResponseSchema>;
