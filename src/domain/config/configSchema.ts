/**
 * The zod schemas for an organisation's configuration as an attendance lead writes and stores it
 * (JSON), turning it into the typed values of schoolConfig.ts. Settings left out get the
 * defaults of configDefaults.ts; unknown settings are errors, because a misspelt setting that is
 * silently ignored leaves a school on the wrong rules.
 *
 * Checks that involve more than one value (a register closing before it opens, overlapping
 * terms, two overrides for one group) live here too, beside the values they compare, so that one
 * parse reports every problem it can. The register-window warning is not here: zod only knows
 * errors, so parseConfig.ts adds warnings itself.
 */
import { z } from 'zod';
import { formatWallTime } from '../time/wallTime';
import {
  DEFAULT_ROLE_CODES,
  DEFAULT_SCHOOL_DAY_HOURS,
  DEFAULT_THRESHOLDS,
  DEFAULT_TIME_ZONE,
} from './configDefaults';
import {
  attendanceCodeField,
  countField,
  dfeNumberField,
  keyStageField,
  localDateField,
  percentField,
  reject,
  schoolDayHoursField,
  sessionPartField,
  strictSettings,
  textField,
  timeZoneField,
  wallTimeField,
  yearGroupField,
} from './configFields';
import type {
  Closure,
  OrganisationConfig,
  SchoolConfig,
  SessionOverride,
  SessionOverrideScope,
  Term,
} from './schoolConfig';

export const sessionTimesSchema = strictSettings({
  start: wallTimeField,
  registerCloses: wallTimeField,
}).superRefine((times, ctx) => {
  if (times.registerCloses > times.start) return;
  reject(
    ctx,
    times,
    `"${formatWallTime(times.registerCloses)}" must be after the start time "${formatWallTime(times.start)}"`,
    ['registerCloses'],
  );
});

const sessionTimesByPartSchema = strictSettings({ AM: sessionTimesSchema, PM: sessionTimesSchema });

/** The setting each kind of scope is written as. */
const SCOPE_SETTING: Readonly<Record<SessionOverrideScope['kind'], string>> = {
  keyStage: 'keyStage',
  yearGroup: 'yearGroup',
  group: 'groupId',
};

function describeScope(scope: SessionOverrideScope): string {
  switch (scope.kind) {
    case 'keyStage':
      return `key stage '${scope.keyStage}'`;
    case 'yearGroup':
      return `year group '${scope.yearGroup}'`;
    case 'group':
      return `group '${scope.groupId}'`;
  }
}

/** Written flat (`{ "yearGroup": "N2", "AM": {…} }`) and held as a discriminated scope. */
const sessionOverrideSchema = strictSettings({
  keyStage: keyStageField.optional(),
  yearGroup: yearGroupField.optional(),
  groupId: textField.optional(),
  AM: sessionTimesSchema.optional(),
  PM: sessionTimesSchema.optional(),
}).transform((raw, ctx): SessionOverride => {
  const scopes: SessionOverrideScope[] = [
    ...(raw.keyStage === undefined ? [] : [{ kind: 'keyStage', keyStage: raw.keyStage } as const]),
    ...(raw.yearGroup === undefined
      ? []
      : [{ kind: 'yearGroup', yearGroup: raw.yearGroup } as const]),
    ...(raw.groupId === undefined ? [] : [{ kind: 'group', groupId: raw.groupId } as const]),
  ];
  const [scope, ...others] = scopes;
  if (scope === undefined || others.length > 0) {
    const found = scopes.map((s) => SCOPE_SETTING[s.kind]).join(' and ');
    reject(
      ctx,
      raw,
      scope === undefined
        ? 'say who these times are for: give one of keyStage, yearGroup or groupId'
        : `give only one of keyStage, yearGroup or groupId (found ${found})`,
    );
    return z.NEVER;
  }
  if (raw.AM === undefined && raw.PM === undefined) {
    reject(ctx, raw, 'give AM or PM times, or both');
    return z.NEVER;
  }
  return {
    scope,
    ...(raw.AM === undefined ? {} : { AM: raw.AM }),
    ...(raw.PM === undefined ? {} : { PM: raw.PM }),
  };
});

const sessionOverridesSchema = z.array(sessionOverrideSchema).superRefine((overrides, ctx) => {
  const firstIndex = new Map<string, number>();
  overrides.forEach((override, index) => {
    const key = describeScope(override.scope);
    const earlier = firstIndex.get(key);
    if (earlier === undefined) {
      firstIndex.set(key, index);
      return;
    }
    reject(
      ctx,
      overrides,
      `${key} already has times in sessionOverrides[${earlier}]; put both parts in one override`,
      [index],
    );
  });
});

const termSchema = strictSettings({
  name: textField,
  start: localDateField,
  end: localDateField,
}).superRefine((term, ctx) => {
  if (term.end >= term.start) return;
  reject(ctx, term, `"${term.end}" is before the term's start "${term.start}"`, ['end']);
});

const describeTerm = (term: Term): string => `'${term.name}' (${term.start} to ${term.end})`;

const termsSchema = z
  .array(termSchema)
  .min(1, { error: 'add at least one term (name, start, end)' })
  .superRefine((terms, ctx) => {
    // Walking the terms in start order, a term overlaps an earlier one exactly when it starts on
    // or before the latest end seen so far.
    const ordered = terms
      .map((term, index) => ({ term, index }))
      .sort((a, b) => (a.term.start < b.term.start ? -1 : a.term.start > b.term.start ? 1 : 0));
    let latest: Term | undefined;
    for (const { term, index } of ordered) {
      if (latest !== undefined && term.start <= latest.end) {
        reject(ctx, terms, `${describeTerm(term)} overlaps ${describeTerm(latest)}`, [index]);
      }
      if (latest === undefined || term.end > latest.end) latest = term;
    }
  });

/** Written with optional `to`, `parts` and `yearGroups`; held with every field filled in. */
const closureSchema = strictSettings({
  name: textField,
  from: localDateField,
  to: localDateField.optional(),
  parts: z.array(sessionPartField).optional(),
  yearGroups: z.array(yearGroupField).optional(),
}).transform((raw, ctx): Closure => {
  const to = raw.to ?? raw.from;
  if (to < raw.from) {
    reject(ctx, raw, `"${to}" is before the closure's first day "${raw.from}"`, ['to']);
  }
  if (raw.parts?.length === 0) {
    reject(ctx, raw, 'list AM, PM or both, or leave parts out to close the whole day', ['parts']);
  }
  if (raw.yearGroups?.length === 0) {
    reject(
      ctx,
      raw,
      'list at least one year group, or leave yearGroups out to close the whole school',
      ['yearGroups'],
    );
  }
  return {
    name: raw.name,
    from: raw.from,
    to,
    parts: raw.parts ?? ['AM', 'PM'],
    yearGroups: raw.yearGroups ?? null,
  };
});

const atRiskBandsSchema = z
  .array(strictSettings({ name: textField, minAbsencePercent: percentField }))
  .superRefine((bands, ctx) => {
    bands.forEach((band, index) => {
      const previous = bands[index - 1];
      if (previous === undefined || band.minAbsencePercent > previous.minAbsencePercent) return;
      reject(
        ctx,
        bands,
        `bands must go up in order: '${band.name}' (${band.minAbsencePercent}%) comes after '${previous.name}' (${previous.minAbsencePercent}%)`,
        [index, 'minAbsencePercent'],
      );
    });
  });

/** Written in any order, held highest first; at least one, none twice. */
const certificatePercentsSchema = z
  .array(percentField)
  .superRefine((percents, ctx) => {
    if (percents.length === 0 || percents.length > 5) {
      reject(ctx, percents, 'list from one to five attendance rates, e.g. [100, 98]');
    }
    percents.forEach((percent, index) => {
      if (percents.indexOf(percent) !== index) {
        reject(ctx, percents, `${percent} is listed twice: list each rate once`, [index]);
      }
    });
  })
  .transform((percents) => [...percents].sort((a, b) => b - a));

const thresholdsSchema = strictSettings({
  persistentAbsencePercent: percentField.default(DEFAULT_THRESHOLDS.persistentAbsencePercent),
  severeAbsencePercent: percentField.default(DEFAULT_THRESHOLDS.severeAbsencePercent),
  atRiskBands: atRiskBandsSchema.default(() =>
    DEFAULT_THRESHOLDS.atRiskBands.map((b) => ({ ...b })),
  ),
  attendanceTargetPercent: percentField.default(DEFAULT_THRESHOLDS.attendanceTargetPercent),
  latenessLetterCount: countField.default(DEFAULT_THRESHOLDS.latenessLetterCount),
  latenessEscalation: strictSettings({
    lates: countField.default(DEFAULT_THRESHOLDS.latenessEscalation.lates),
    schoolWeeks: countField.default(DEFAULT_THRESHOLDS.latenessEscalation.schoolWeeks),
  }).prefault({}),
  penaltyNotice: strictSettings({
    sessions: countField.default(DEFAULT_THRESHOLDS.penaltyNotice.sessions),
    schoolWeeks: countField.default(DEFAULT_THRESHOLDS.penaltyNotice.schoolWeeks),
  }).prefault({}),
  nResolveSchoolDays: countField.default(DEFAULT_THRESHOLDS.nResolveSchoolDays),
  localAuthority: strictSettings({
    unauthorisedSessions: countField.default(
      DEFAULT_THRESHOLDS.localAuthority.unauthorisedSessions,
    ),
    illnessSessions: countField.default(DEFAULT_THRESHOLDS.localAuthority.illnessSessions),
  }).prefault({}),
  certificatePercents: certificatePercentsSchema.default(() => [
    ...DEFAULT_THRESHOLDS.certificatePercents,
  ]),
  smallGroupMinimum: countField.default(DEFAULT_THRESHOLDS.smallGroupMinimum),
})
  .superRefine((thresholds, ctx) => {
    if (thresholds.severeAbsencePercent >= thresholds.persistentAbsencePercent) return;
    reject(
      ctx,
      thresholds,
      `must be at least the persistent-absence threshold (${thresholds.persistentAbsencePercent}), got ${thresholds.severeAbsencePercent}`,
      ['severeAbsencePercent'],
    );
  })
  .prefault({});

const codeListSchema = z.array(attendanceCodeField);

const roleCodesSchema = strictSettings({
  teacher: codeListSchema.default(() => [...DEFAULT_ROLE_CODES.teacher]),
  office: codeListSchema.default(() => [...DEFAULT_ROLE_CODES.office]),
  attendance_lead: codeListSchema.default(() => [...DEFAULT_ROLE_CODES.attendance_lead]),
  admin: codeListSchema.default(() => [...DEFAULT_ROLE_CODES.admin]),
}).prefault({});

export const schoolConfigSchema = strictSettings({
  id: textField,
  name: textField,
  dfeNumber: dfeNumberField.nullable().default(null),
  timeZone: timeZoneField.default(DEFAULT_TIME_ZONE),
  sessions: sessionTimesByPartSchema,
  sessionOverrides: sessionOverridesSchema.default([]),
  terms: termsSchema,
  closures: z.array(closureSchema).default([]),
  bankHolidays: z.array(localDateField).default([]),
  thresholds: thresholdsSchema,
  schoolDayHours: schoolDayHoursField.default(DEFAULT_SCHOOL_DAY_HOURS),
  roleCodes: roleCodesSchema,
}) satisfies z.ZodType<SchoolConfig>;

export const organisationConfigSchema = strictSettings({
  id: textField,
  name: textField,
  schools: z
    .array(schoolConfigSchema)
    .min(1, { error: 'add at least one school' })
    .superRefine((schools, ctx) => {
      const firstIndex = new Map<string, number>();
      schools.forEach((school, index) => {
        const earlier = firstIndex.get(school.id);
        if (earlier === undefined) {
          firstIndex.set(school.id, index);
          return;
        }
        reject(ctx, schools, `'${school.id}' is already the id of schools[${earlier}]`, [
          index,
          'id',
        ]);
      });
    }),
}) satisfies z.ZodType<OrganisationConfig>;

/** The configuration as written (JSON): what fixtures and the settings screen produce. */
export type OrganisationConfigInput = z.input<typeof organisationConfigSchema>;
export type SchoolConfigInput = z.input<typeof schoolConfigSchema>;
