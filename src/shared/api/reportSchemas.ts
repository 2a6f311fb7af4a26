/**
 * The reports API on the wire (endpoints/reportEndpoints.ts). Figures follow
 * docs/design.md §8.5: counts are sessions, rates are sums of numerators over sums of
 * denominators, and a rate is null ("n/a") when there is no possible session. Every rate is shown
 * with its denominator (`possible`), as DfE advises for short enrolments. Decisions (persistent,
 * severe, bands, penalty-notice threshold, lateness letters) are the domain core's, from the
 * school's configuration.
 *
 * Query strings are parsed strictly: an unknown parameter is a 400 naming it.
 */
import { z } from 'zod';
import {
  CHARACTERISTIC_KEYS,
  isCharacteristicKey,
  isCharacteristicValue,
  YEAR_GROUPS,
} from '../../domain/index';
import type { CharacteristicGroup, CharacteristicKey } from '../../domain/index';
import { localDateSchema, wireDateSchema } from './syncSchemas';

// ── Query pieces ───────────────────────────────────────────────────────────────────────────────

/** `json` (the default) or `csv` (an attachment, one row per list row). */
export const reportFormatSchema = z.enum(['json', 'csv']);
export type ReportFormat = z.infer<typeof reportFormatSchema>;

/**
 * Which dates a report covers:
 * - `year`: the school year (1 August – 31 July, as DfE counts it) holding `asOf`, up to `asOf`;
 * - `term`: the configured term holding `asOf` (or the last one before it), up to `asOf`. Terms
 *   are as the school configured them, so a school that lists half-terms gets the half-term;
 * - `custom`: `from` to `to`, both required, both included.
 */
export const reportPeriodSchema = z.enum(['term', 'year', 'custom']);
export type ReportPeriod = z.infer<typeof reportPeriodSchema>;

/** The range fields every report query takes (checked with `checkRange`). */
export const rangeFields = {
  period: reportPeriodSchema.optional(),
  from: wireDateSchema.optional(),
  to: wireDateSchema.optional(),
  /** The day the report is "as of"; default: today on the school's clock. */
  asOf: wireDateSchema.optional(),
};

/** `true` keeps only pupils with the flag, `false` only those without; absent: no filter. */
const flagFilter = z.enum(['true', 'false']).optional();

/** A characteristic's key (src/domain/characteristics/characteristics.ts). */
export const characteristicKeySchema = z.enum(
  CHARACTERISTIC_KEYS as [CharacteristicKey, ...CharacteristicKey[]],
);

/**
 * One group of pupils on the wire: `key:value`, e.g. `fsm:yes`, `sen:ehcPlan`, `ethnicity:asian`
 * (the keys and values of src/domain/characteristics/characteristics.ts).
 */
export const characteristicGroupParamSchema = z
  .string()
  .refine((text) => parseCharacteristicGroup(text) !== null, {
    message:
      'must be a characteristic and one of its values, e.g. "fsm:yes" or "sen:ehcPlan" (docs/api.md lists them)',
  });

/** `key:value` as a group, or null when it names no characteristic or no value of it. */
export function parseCharacteristicGroup(text: string): CharacteristicGroup | null {
  const [key, value, ...rest] = text.split(':');
  if (rest.length > 0 || key === undefined || value === undefined) return null;
  if (!isCharacteristicKey(key) || !isCharacteristicValue(key, value)) return null;
  return { key, value } as CharacteristicGroup;
}

/** The wire form of a group: `key:value`. */
export const characteristicGroupParam = (group: CharacteristicGroup): string =>
  `${group.key}:${group.value}`;

const filterFields = {
  /** Only pupils whose registration group (on the range's last day) is this one. */
  groupId: z.uuid().optional(),
  yearGroup: z.enum(YEAR_GROUPS).optional(),
  send: flagFilter,
  fsm: flagFilter,
  lookedAfter: flagFilter,
  socialWorker: flagFilter,
  /**
   * Only pupils in this group (`key:value`, e.g. `fsm:yes`) on the range's last day, as the
   * registration group is judged. The four flags above read today's values; this reads the
   * dated characteristics (docs/design.md §5 "Pupil characteristics").
   */
  characteristic: characteristicGroupParamSchema.optional(),
};

const formatField = { format: reportFormatSchema.optional() };

type RangeQuery = { period?: ReportPeriod; from?: string; to?: string };

export function checkRange(q: RangeQuery, ctx: z.RefinementCtx): void {
  if (q.period === 'custom' || (q.period === undefined && (q.from ?? q.to) !== undefined)) {
    if (q.from === undefined)
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'is required for a custom period' });
    if (q.to === undefined)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'is required for a custom period' });
    if (q.from !== undefined && q.to !== undefined && q.from > q.to)
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  } else if (q.from !== undefined || q.to !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['period'],
      message: 'must be "custom" when from and to are given',
    });
  }
}

/** `GET …/pupils/:pupilId/certificate`. Default period: `year`. */
export const certificateQuerySchema = z.strictObject(rangeFields).superRefine(checkRange);
export type CertificateQuery = z.infer<typeof certificateQuerySchema>;

export const pupilIdParamSchema = z.strictObject({ pupilId: z.uuid() });

export const summaryScopeSchema = z.enum(['group', 'year', 'school', 'organisation']);
export type SummaryScope = z.infer<typeof summaryScopeSchema>;

/** `GET /api/reports/summary`. `groupId` is required for `group`, `yearGroup` for `year`. */
export const summaryQuerySchema = z
  .strictObject({
    scope: summaryScopeSchema,
    groupId: z.uuid().optional(),
    yearGroup: z.enum(YEAR_GROUPS).optional(),
    /** Split the figures by this characteristic: one row per group beside the whole. */
    splitBy: characteristicKeySchema.optional(),
    /**
     * Only this group (`key:value`): each pupil's sessions count on the days they were in it
     * (docs/design.md §5 "Pupil characteristics").
     */
    characteristic: characteristicGroupParamSchema.optional(),
    ...rangeFields,
    ...formatField,
  })
  .superRefine((q, ctx) => {
    checkRange(q, ctx);
    if (q.scope === 'group' && q.groupId === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['groupId'],
        message: 'is required for a group summary',
      });
    if (q.scope === 'year' && q.yearGroup === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['yearGroup'],
        message: 'is required for a year summary',
      });
  });
export type SummaryQuery = z.infer<typeof summaryQuerySchema>;

/**
 * `GET /api/reports/absence`. `level`: `persistent` (default; severe pupils are persistent too),
 * `severe`, `at-risk` (in any configured band, or persistent), `all` (every pupil with a possible
 * session in the range).
 */
export const absenceLevelSchema = z.enum(['persistent', 'severe', 'at-risk', 'all']);
export type AbsenceLevel = z.infer<typeof absenceLevelSchema>;
export const absenceListQuerySchema = z
  .strictObject({
    ...rangeFields,
    ...filterFields,
    ...formatField,
    level: absenceLevelSchema.optional(),
    /** Count the pupils aged 5 to 15 by the group of this characteristic they were in on `to`. */
    splitBy: characteristicKeySchema.optional(),
  })
  .superRefine(checkRange);
export type AbsenceListQuery = z.infer<typeof absenceListQuerySchema>;

/**
 * The lists of pupils (penalty notices, lateness, duty alerts): count the pupils who passed the
 * filters, and those on the list, by the group of this characteristic they were in on `to`.
 */
const listSplitField = { splitBy: characteristicKeySchema.optional() };

/**
 * `GET /api/reports/penalty-notices`: the entries of the range (default `year`) are judged; set
 * a custom `from` earlier to let windows reach back across the start of the year.
 */
export const penaltyNoticeQuerySchema = z
  .strictObject({ ...rangeFields, ...filterFields, ...formatField, ...listSplitField })
  .superRefine(checkRange);
export type PenaltyNoticeQuery = z.infer<typeof penaltyNoticeQuerySchema>;

/** `GET /api/reports/lateness`: lates counted for the letter from the range's first day. */
export const latenessQuerySchema = z
  .strictObject({ ...rangeFields, ...filterFields, ...formatField, ...listSplitField })
  .superRefine(checkRange);
export type LatenessQuery = z.infer<typeof latenessQuerySchema>;

/**
 * `GET /api/reports/duty-alerts`. `reviewedOn`: the day of the last attendance review; default:
 * the first day of the configured term holding `asOf` (the lead reviews at least each term).
 */
export const dutyAlertsQuerySchema = z
  .strictObject({
    ...rangeFields,
    ...filterFields,
    ...formatField,
    reviewedOn: wireDateSchema.optional(),
    ...listSplitField,
  })
  .superRefine(checkRange);
export type DutyAlertsQuery = z.infer<typeof dutyAlertsQuerySchema>;

/** Which absences the mapping compares: unauthorised (default, for truancy) or all. */
export const mappingAbsenceSchema = z.enum(['unauthorised', 'all']);
export type MappingAbsence = z.infer<typeof mappingAbsenceSchema>;

/** `GET …/pupils/:pupilId/absence-mapping`. */
export const absenceMappingQuerySchema = z
  .strictObject({ ...rangeFields, ...formatField, absence: mappingAbsenceSchema.optional() })
  .superRefine(checkRange);
export type AbsenceMappingQuery = z.infer<typeof absenceMappingQuerySchema>;

// ── Response pieces ────────────────────────────────────────────────────────────────────────────

/** The dates a report covers, resolved by the server. */
export const reportRangeSchema = z.strictObject({
  period: reportPeriodSchema,
  from: localDateSchema,
  to: localDateSchema,
  asOf: localDateSchema,
  /** "School year 2024–25", "Spring 2", or "4 March 2025 to 28 March 2025". */
  label: z.string(),
});
export type ReportRange = z.infer<typeof reportRangeSchema>;

const percent = z.number().nullable();

/** The domain's `AttendanceStats` (src/domain/stats/attendanceStats.ts), field for field. */
export const attendanceStatsSchema = z.strictObject({
  possible: z.int(),
  present: z.int(),
  aea: z.int(),
  attended: z.int(),
  authorised: z.int(),
  unauthorised: z.int(),
  notAbsentButPossible: z.int(),
  overallAbsence: z.int(),
  lateBeforeClose: z.int(),
  lateAfterClose: z.int(),
  minutesLateBeforeClose: z.int(),
  minutesLateAfterClose: z.int(),
  /** Sessions per code, including codes that are not possible sessions (`#`, `D`…). */
  byCode: z.record(z.string(), z.int()),
  attendancePercent: percent,
  authorisedPercent: percent,
  unauthorisedPercent: percent,
  overallAbsencePercent: percent,
});
export type AttendanceStatsDto = z.infer<typeof attendanceStatsSchema>;

export const atRiskBandSchema = z.strictObject({
  name: z.string(),
  minAbsencePercent: z.number(),
});

export const absenceStatusSchema = z.strictObject({
  persistent: z.boolean(),
  severe: z.boolean(),
  band: atRiskBandSchema.nullable(),
});
export type AbsenceStatusDto = z.infer<typeof absenceStatusSchema>;

/** A pupil as reports name them; the group is the one on the range's last day (see endpoints/reportEndpoints.ts). */
export const reportPupilSchema = z.strictObject({
  id: z.uuid(),
  displayName: z.string(),
  groupId: z.uuid().nullable(),
  groupName: z.string().nullable(),
  yearGroup: z.enum(YEAR_GROUPS).nullable(),
});
export type ReportPupil = z.infer<typeof reportPupilSchema>;

/** Server-side flags imported with pupils; never synced to devices (docs/design.md §5). */
export const pupilFlagsSchema = z.strictObject({
  send: z.boolean(),
  fsm: z.boolean(),
  lookedAfter: z.boolean(),
  socialWorker: z.boolean(),
});
export type PupilFlags = z.infer<typeof pupilFlagsSchema>;

export const reportSchoolSchema = z.strictObject({ id: z.uuid(), name: z.string() });

const sessionMarkSchema = z.strictObject({
  date: localDateSchema,
  part: z.enum(['AM', 'PM']),
  code: z.string(),
});
export type SessionMark = z.infer<typeof sessionMarkSchema>;

// ── Certificate ────────────────────────────────────────────────────────────────────────────────

/** One session in the week-by-week strip. */
export const stripSessionSchema = z.strictObject({
  /** The current entry's code, or null when there is none (not taken, not on roll). */
  code: z.string().nullable(),
  minutesLate: z.int().nullable(),
  /** Whether the calendar has this session open for the pupil's year group. */
  open: z.boolean(),
});

export const stripDaySchema = z.strictObject({
  date: localDateSchema,
  AM: stripSessionSchema,
  PM: stripSessionSchema,
});

/**
 * One week of the range that has an open session or an entry: its weekdays inside the range
 * (and a weekend day only when it holds an entry). Holiday weeks are left out.
 */
export const stripWeekSchema = z.strictObject({
  weekStart: localDateSchema,
  days: z.array(stripDaySchema),
});
export type StripWeek = z.infer<typeof stripWeekSchema>;

export const absenceReasonSchema = z.strictObject({
  code: z.string(),
  meaning: z.string(),
  category: z.enum(['AUTH', 'UNAUTH']),
  sessions: z.int(),
  /** DfE "absence rate by reason": sessions / possible. */
  percent,
});
export type AbsenceReason = z.infer<typeof absenceReasonSchema>;

export const timeMissedSchema = z.strictObject({
  sessions: z.int(),
  days: z.number(),
  hours: z.number(),
  /** Domain `timeMissed.text`: "9.5 days (about 62 hours)". */
  text: z.string(),
  /** Domain `timeMissed.weeksText`: "almost two school weeks", or null under about four days. */
  weeksText: z.string().nullable(),
  /** For parents: `text`, then " — " and `weeksText` when there is one. */
  phrase: z.string(),
});

export const certificateResponseSchema = z.strictObject({
  school: reportSchoolSchema,
  pupil: reportPupilSchema,
  range: reportRangeSchema,
  stats: attendanceStatsSchema,
  /** Authorised and unauthorised absence by reason (code), most sessions first. */
  absenceByReason: z.array(absenceReasonSchema),
  timeMissed: timeMissedSchema,
  status: absenceStatusSchema,
  targetPercent: z.number(),
  weeks: z.array(stripWeekSchema),
});
export type CertificateResponse = z.infer<typeof certificateResponseSchema>;

// ── Summary ────────────────────────────────────────────────────────────────────────────────────

export const weekdayStatsSchema = z.strictObject({
  /** ISO weekday: 1 Monday … 7 Sunday (weekends appear only when the school marked them). */
  weekday: z.int().min(1).max(7),
  name: z.string(),
  stats: attendanceStatsSchema,
});

export const weekStatsSchema = z.strictObject({
  weekStart: localDateSchema,
  stats: attendanceStatsSchema,
  /** Attendance from the first week listed up to and including this one. */
  cumulativeAttendancePercent: percent,
});
export type WeekStats = z.infer<typeof weekStatsSchema>;

export const cohortCountsSchema = z.strictObject({
  /** Pupils with at least one possible session in the range. */
  pupils: z.int(),
  persistent: z.int(),
  severe: z.int(),
  /** persistent / pupils × 100 (DfE PA rate), null without pupils. */
  persistentPercent: percent,
  severePercent: percent,
});

export const schoolSummaryRowSchema = z.strictObject({
  school: reportSchoolSchema,
  targetPercent: z.number(),
  stats: attendanceStatsSchema,
  cohort: cohortCountsSchema,
});

export const groupSummaryRowSchema = z.strictObject({
  groupId: z.uuid(),
  groupName: z.string(),
  yearGroup: z.enum(YEAR_GROUPS),
  stats: attendanceStatsSchema,
});

/**
 * One group of a split: its figures over the statistics' age range, as `totals` and `cohort`
 * are. `value` null: pupils with nothing recorded for the characteristic on those days.
 */
export const characteristicRowSchema = z.strictObject({
  value: z.string().nullable(),
  label: z.string(),
  stats: attendanceStatsSchema,
  cohort: cohortCountsSchema,
  /**
   * Fewer pupils than the school's smallest group shown (`smallGroupMinimum`): the screen shows
   * the figures to the lead, print and exports show "fewer than N pupils" instead.
   */
  suppressed: z.boolean(),
});
export type CharacteristicRow = z.infer<typeof characteristicRowSchema>;

export const characteristicSplitSchema = z.strictObject({
  key: characteristicKeySchema,
  label: z.string(),
  rows: z.array(characteristicRowSchema),
});
export type CharacteristicSplit = z.infer<typeof characteristicSplitSchema>;

export const characteristicGroupSchema = z.strictObject({
  key: characteristicKeySchema,
  value: z.string(),
  label: z.string(),
  /**
   * The group has fewer pupils than `smallGroupMinimum`: print and exports show none of the
   * summary's figures.
   */
  suppressed: z.boolean(),
});

export const summaryResponseSchema = z.strictObject({
  scope: z.strictObject({
    kind: summaryScopeSchema,
    /** Group id, year group, school id or organisation id. */
    id: z.string(),
    name: z.string(),
  }),
  range: reportRangeSchema,
  /**
   * The school's configured target; for an organisation, the target shared by all its schools, or
   * null.
   */
  targetPercent: z.number().nullable(),
  /** Pupils aged 5 to 15 on the 31 August before the academic year of `range.to` (DfE statistics). */
  totals: attendanceStatsSchema,
  /** Persistent and severe absence among the same pupils as `totals`. */
  cohort: cohortCountsSchema,
  /**
   * Pupils outside the statistics' age range (nursery and other four-year-olds, pupils over 15),
   * with their own figures: never mixed into the headline ones, never dropped.
   */
  outsideAgeRange: z.strictObject({
    totals: attendanceStatsSchema,
    cohort: cohortCountsSchema,
  }),
  /** The breakdowns below (`bySessionPart` to `byGroup`, but `bySchool`) cover every pupil in scope. */
  bySessionPart: z.array(
    z.strictObject({ part: z.enum(['AM', 'PM']), stats: attendanceStatsSchema }),
  ),
  byWeekday: z.array(weekdayStatsSchema),
  byWeek: z.array(weekStatsSchema),
  /** The school year holding `asOf`, week by week up to `asOf`, to draw against the target. */
  trend: z.strictObject({
    from: localDateSchema,
    to: localDateSchema,
    weeks: z.array(weekStatsSchema),
  }),
  /**
   * Organisation scope: one row per school included, its `stats` and `cohort` over the
   * statistics' age range as `totals` is; otherwise empty.
   */
  bySchool: z.array(schoolSummaryRowSchema),
  /** School and year scope: one row per group; otherwise empty. */
  byGroup: z.array(groupSummaryRowSchema),
  /**
   * The school's smallest group shown in print and exports (its `smallGroupMinimum` setting):
   * smaller groups read "fewer than N pupils" there (docs/design.md §5).
   */
  smallGroupMinimum: z.int(),
  /** The group the summary was narrowed to (`characteristic`), or null for every pupil. */
  characteristic: characteristicGroupSchema.nullable(),
  /** The figures split by `splitBy`, or null when not asked for. */
  split: characteristicSplitSchema.nullable(),
});
export type SummaryResponse = z.infer<typeof summaryResponseSchema>;

// ── Persistent and severe absence ──────────────────────────────────────────────────────────────

export const thresholdsSchema = z.strictObject({
  persistentAbsencePercent: z.number(),
  severeAbsencePercent: z.number(),
  atRiskBands: z.array(atRiskBandSchema),
});

/**
 * A pupil's place against the DfE statistics' age range for the report's academic year (aged 5
 * to 15 on the 31 August before it): the statutory figures cover `aged-5-to-15` only.
 */
export const ageCohortSchema = z.enum(['under-5', 'aged-5-to-15', 'over-15']);

export const absenceRowSchema = z.strictObject({
  pupil: reportPupilSchema,
  flags: pupilFlagsSchema,
  ageCohort: ageCohortSchema,
  possible: z.int(),
  attended: z.int(),
  authorised: z.int(),
  unauthorised: z.int(),
  overallAbsence: z.int(),
  attendancePercent: percent,
  overallAbsencePercent: percent,
  status: absenceStatusSchema,
});
export type AbsenceRow = z.infer<typeof absenceRowSchema>;

const absenceBandSchema = z.strictObject({
  name: z.string(),
  minAbsencePercent: z.number(),
  pupils: z.int(),
});

/**
 * A list split by a characteristic: one row per group (by the value on the range's last day,
 * null: not recorded) with `figures`, `suppressed` when the group has fewer pupils than
 * `smallGroupMinimum` (shown on screen, "fewer than N pupils" in print and exports).
 */
function listGroupsSchema<Figures extends z.core.$ZodLooseShape>(figures: Figures) {
  return z.strictObject({
    key: characteristicKeySchema,
    label: z.string(),
    smallGroupMinimum: z.int(),
    rows: z.array(
      z.strictObject({
        value: z.string().nullable(),
        label: z.string(),
        ...figures,
        suppressed: z.boolean(),
      }),
    ),
  });
}

/**
 * A list's pupils aged 5 to 15 counted by the group they were in on the range's last day (the
 * list's rule for groups), each group's persistent and severe absence beside the list's `cohort`.
 */
export const cohortSplitSchema = listGroupsSchema({ cohort: cohortCountsSchema });
export type CohortSplit = z.infer<typeof cohortSplitSchema>;

/**
 * A list of pupils (penalty notices, lateness, duty alerts) split by a characteristic: each
 * group's pupils who passed the filters and how many of them are on the list.
 */
export const listSplitSchema = listGroupsSchema({
  /** Pupils in the group who passed the list's filters. */
  pupils: z.int(),
  /** Of them, the pupils with at least one row on the list. */
  listed: z.int(),
});
export type ListSplit = z.infer<typeof listSplitSchema>;

export const absenceListResponseSchema = z.strictObject({
  range: reportRangeSchema,
  level: absenceLevelSchema,
  thresholds: thresholdsSchema,
  /**
   * Over every pupil aged 5 to 15 (the statistics' age range) that passed the filters, before
   * `level` narrowed the rows.
   */
  cohort: cohortCountsSchema,
  bands: z.array(absenceBandSchema),
  /** Pupils aged 5 to 15, highest absence rate first. */
  rows: z.array(absenceRowSchema),
  /**
   * Pupils outside the statistics' age range (nursery and other four-year-olds, pupils over 15),
   * with their own figures: never mixed into the statutory ones, never dropped.
   */
  outsideAgeRange: z.strictObject({
    cohort: cohortCountsSchema,
    bands: z.array(absenceBandSchema),
    rows: z.array(absenceRowSchema),
  }),
  /** With `splitBy`: `cohort` by group; otherwise null. */
  split: cohortSplitSchema.nullable(),
});
export type AbsenceListResponse = z.infer<typeof absenceListResponseSchema>;

// ── Penalty-notice threshold ───────────────────────────────────────────────────────────────────

export const penaltyNoticeRowSchema = z.strictObject({
  pupil: reportPupilSchema,
  status: z.enum(['met', 'met-if-n-unresolved']),
  /** Mondays of the first and last school week of the worst window. */
  window: z.strictObject({ fromWeek: localDateSchema, toWeek: localDateSchema }),
  /** `G`, `O`, `U` sessions in the window, in register order. */
  firmSessions: z.array(sessionMarkSchema),
  /** `N` sessions in the window ("may count"). */
  pendingSessions: z.array(sessionMarkSchema),
});
export type PenaltyNoticeRow = z.infer<typeof penaltyNoticeRowSchema>;

export const penaltyNoticeResponseSchema = z.strictObject({
  range: reportRangeSchema,
  threshold: z.strictObject({ sessions: z.int(), schoolWeeks: z.int() }),
  /**
   * Pupils of compulsory school age, judged on their sessions from the day it began to the school
   * leaving date; `met` first, then by most firm sessions.
   */
  rows: z.array(penaltyNoticeRowSchema),
  /**
   * Sessions outside a pupil's compulsory school age, before it began (nursery, Reception before
   * the 31 December, 31 March or 31 August on or after their fifth birthday) or after the school
   * leaving date (the last Friday in June of the school year in which they turn 16), that would
   * reach the threshold: penalty notices are not for them, so they are listed apart, never
   * dropped.
   */
  outsideCompulsorySchoolAge: z.array(penaltyNoticeRowSchema),
  /** With `splitBy`: the pupils in `rows` by group; otherwise null. */
  split: listSplitSchema.nullable(),
});
export type PenaltyNoticeResponse = z.infer<typeof penaltyNoticeResponseSchema>;

// ── Lateness ───────────────────────────────────────────────────────────────────────────────────

export const latenessRowSchema = z.strictObject({
  pupil: reportPupilSchema,
  lates: z.int(),
  lateBeforeClose: z.int(),
  lateAfterClose: z.int(),
  minutesLateBeforeClose: z.int(),
  minutesLateAfterClose: z.int(),
  letterDue: z.boolean(),
  escalation: z.strictObject({
    mostLatesInWindow: z.int(),
    window: z.strictObject({ fromWeek: localDateSchema, toWeek: localDateSchema }).nullable(),
    latesInCurrentWindow: z.int(),
    reached: z.boolean(),
  }),
});
export type LatenessRow = z.infer<typeof latenessRowSchema>;

export const latenessResponseSchema = z.strictObject({
  range: reportRangeSchema,
  policy: z.strictObject({
    letterCount: z.int(),
    escalation: z.strictObject({ lates: z.int(), schoolWeeks: z.int() }),
  }),
  /** Every pupil with a late in the range; most lates first. */
  rows: z.array(latenessRowSchema),
  /** With `splitBy`: the pupils in `rows` by group; otherwise null. */
  split: listSplitSchema.nullable(),
});
export type LatenessResponse = z.infer<typeof latenessResponseSchema>;

// ── Duty alerts ────────────────────────────────────────────────────────────────────────────────

/**
 * - `la-unauthorised`: 20 or more sessions (10 school days) of unauthorised absence in the range,
 *   consecutive or not: the school must inform the local authority (reg 13; seed 004);
 * - `la-sickness`: 30 or more sessions (15 school days) of illness (`I`) in the range, consecutive
 *   or not: the local authority's sickness return (seeds 001, 004);
 * - `band-fall`: the pupil's absence rate is in a worse band now than at the last review (bands:
 *   the configured at-risk bands, with persistent and severe absence as bands of their own).
 */
export const dutyAlertKindSchema = z.enum(['la-unauthorised', 'la-sickness', 'band-fall']);
export type DutyAlertKind = z.infer<typeof dutyAlertKindSchema>;

export const dutyAlertSchema = z.strictObject({
  kind: dutyAlertKindSchema,
  pupil: reportPupilSchema,
  /** Sessions behind the alert (unauthorised or illness sessions; for a band fall, absences now). */
  sessions: z.int(),
  /** The sessions at which the duty starts (20 or 30); for a band fall, null. */
  thresholdSessions: z.int().nullable(),
  /** Band fall only: the band names (null: below every band) and the rates behind them. */
  bandAtReview: z.string().nullable(),
  bandNow: z.string().nullable(),
  absencePercentAtReview: percent,
  absencePercentNow: percent,
  /** Plain en-GB: what was found and what to do. */
  detail: z.string(),
});
export type DutyAlert = z.infer<typeof dutyAlertSchema>;

export const dutyAlertsResponseSchema = z.strictObject({
  range: reportRangeSchema,
  reviewedOn: localDateSchema,
  alerts: z.array(dutyAlertSchema),
  /** With `splitBy`: the pupils with an alert by group; otherwise null. */
  split: listSplitSchema.nullable(),
});
export type DutyAlertsResponse = z.infer<typeof dutyAlertsResponseSchema>;

// ── Absence mapping ────────────────────────────────────────────────────────────────────────────

export const absenceMappingRowSchema = z.strictObject({
  pupil: reportPupilSchema,
  /** Sessions both pupils have a possible entry for: the sessions compared. */
  sharedSessions: z.int(),
  /** Absences of the chosen pupil and of this pupil within those sessions. */
  chosenAbsences: z.int(),
  otherAbsences: z.int(),
  /** Sessions both were absent. */
  absentTogether: z.int(),
  /** absentTogether expected by chance: chosenAbsences × otherAbsences / sharedSessions. */
  expectedTogether: z.number(),
  /** absentTogether / expectedTogether, null when nothing was expected. */
  ratio: z.number().nullable(),
  /** One-sided hypergeometric (Fisher's exact) probability of at least this many by chance. */
  pValue: z.number(),
  /** pValue × pupils compared < 0.05 (Bonferroni), with at least 2 absences together. */
  significant: z.boolean(),
});
export type AbsenceMappingRow = z.infer<typeof absenceMappingRowSchema>;

export const absenceMappingResponseSchema = z.strictObject({
  range: reportRangeSchema,
  pupil: reportPupilSchema,
  absence: mappingAbsenceSchema,
  /** The chosen pupil's possible sessions and absences of that kind in the range. */
  possibleSessions: z.int(),
  absentSessions: z.int(),
  /** Pupils with at least one shared session (the Bonferroni factor). */
  comparedPupils: z.int(),
  /** Pupils absent together at least twice, smallest pValue first (at most 50). */
  rows: z.array(absenceMappingRowSchema),
});
export type AbsenceMappingResponse = z.infer<typeof absenceMappingResponseSchema>;
