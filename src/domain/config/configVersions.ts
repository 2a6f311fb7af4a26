/**
 * Versions of a school's rules (docs/design.md §2.1). The register times, thresholds, codes per
 * role and hours in the day change by a new version that takes effect on a date; earlier
 * sessions keep the rules in force then, so a mark is always judged by the times of its own day.
 * The calendar (terms, closures, bank holidays) and the school's identity are not versioned:
 * they live in the base configuration and are edited where they are.
 *
 * A version holds every rule in full, as written (raw JSON), so the configuration in force on a
 * day is the base configuration with that version's rules laid over it, parsed by the one parser.
 */
import type { LocalDate } from '../time/localDate';
import { formatWallTime } from '../time/wallTime';
import { formatConfigPath, type ConfigIssue } from './configIssue';
import { unknownSettingsMessage } from './configMessages';
import { parseSchoolConfig, type ConfigParseResult } from './parseConfig';
import type { SchoolConfig, SessionOverrideScope, SessionTimes } from './schoolConfig';

/** The settings a version holds; everything else stays in the base configuration. */
export const VERSIONED_SETTINGS = [
  'sessions',
  'sessionOverrides',
  'thresholds',
  'schoolDayHours',
  'roleCodes',
] as const;
export type VersionedSetting = (typeof VERSIONED_SETTINGS)[number];

/** The rules as written: any of the versioned settings (a setting left out takes its default). */
export type RawRules = Readonly<Partial<Record<VersionedSetting, unknown>>>;

/** What a rule needs of a version: when it takes effect and its rules. */
export interface RulesVersion {
  /** 1, 2, 3… in the order they were saved. */
  readonly version: number;
  /** The first school day the version is in force. */
  readonly effectiveFrom: LocalDate;
  readonly rules: RawRules;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isVersioned = (key: string): key is VersionedSetting =>
  (VERSIONED_SETTINGS as readonly string[]).includes(key);

/** The versioned settings of a raw configuration (what the school started with, for version 0). */
export function rulesOf(rawConfig: unknown): RawRules {
  if (!isRecord(rawConfig)) return {};
  const rules: Partial<Record<VersionedSetting, unknown>> = {};
  for (const key of VERSIONED_SETTINGS) {
    if (rawConfig[key] !== undefined) rules[key] = rawConfig[key];
  }
  return rules;
}

/**
 * Lays `rules` over the base configuration: every versioned setting comes from the rules (a
 * setting they leave out takes its default, not the base's), everything else from the base.
 */
export function withRules(rawBase: unknown, rules: RawRules): Record<string, unknown> {
  const base = isRecord(rawBase) ? rawBase : {};
  const kept = Object.fromEntries(Object.entries(base).filter(([key]) => !isVersioned(key)));
  return { ...kept, ...rules };
}

/** Versions in the order they take effect: by effective date, then by the order they were saved. */
export function inEffectOrder<V extends RulesVersion>(versions: readonly V[]): V[] {
  return [...versions].sort((a, b) =>
    a.effectiveFrom === b.effectiveFrom
      ? a.version - b.version
      : a.effectiveFrom < b.effectiveFrom
        ? -1
        : 1,
  );
}

/** The version in force on `date`, or null when none had taken effect (the base's rules hold). */
export function versionInForce<V extends RulesVersion>(
  versions: readonly V[],
  date: LocalDate,
): V | null {
  let found: V | null = null;
  for (const version of inEffectOrder(versions)) {
    if (version.effectiveFrom <= date) found = version;
  }
  return found;
}

/** The raw configuration in force on `date`: the base with the rules of the version then. */
export function rawConfigOn(
  rawBase: unknown,
  versions: readonly RulesVersion[],
  date: LocalDate,
): unknown {
  const version = versionInForce(versions, date);
  return version === null ? rawBase : withRules(rawBase, version.rules);
}

/**
 * Checks rules written for a new version and parses the configuration they make with the base:
 * a setting that is not versioned (terms, the school's name…) is refused by name, and every
 * other problem is the configuration parser's own, with its path (`sessions.AM.registerCloses`).
 */
export function parseRulesOver(
  rawBase: unknown,
  rawRules: unknown,
): ConfigParseResult<SchoolConfig> {
  if (!isRecord(rawRules)) {
    return {
      ok: false,
      errors: [{ path: '', message: 'the rules must be an object of settings' }],
      warnings: [],
    };
  }
  const unknown = Object.keys(rawRules).filter((key) => !isVersioned(key));
  if (unknown.length > 0) {
    return {
      ok: false,
      errors: [{ path: '', message: unknownSettingsMessage(unknown, [...VERSIONED_SETTINGS]) }],
      warnings: [],
    };
  }
  return parseSchoolConfig(withRules(rawBase, rawRules));
}

/**
 * Why a new version may not take effect on `effectiveFrom`, or null when it may. A version
 * never reaches back before today (the marks already made keep the rules they were made under),
 * nor before the latest version already saved, so versions take effect in the order they were
 * made and a later one never quietly undoes an earlier one.
 */
export function effectiveDateProblem(
  effectiveFrom: LocalDate,
  today: LocalDate,
  latest: LocalDate | null,
): ConfigIssue | null {
  const path = formatConfigPath(['effectiveFrom']);
  if (effectiveFrom < today) {
    return {
      path,
      message: `${effectiveFrom} is in the past: choose today (${today}) or a later day, so marks already made keep the rules they were made under`,
    };
  }
  if (latest !== null && effectiveFrom < latest) {
    return {
      path,
      message: `a version already takes effect on ${latest}: choose that day or a later one (a change for an earlier day would be undone on ${latest})`,
    };
  }
  return null;
}

const writtenTimes = (t: SessionTimes) => ({
  start: formatWallTime(t.start),
  registerCloses: formatWallTime(t.registerCloses),
});

function writtenScope(scope: SessionOverrideScope): Record<string, string> {
  switch (scope.kind) {
    case 'keyStage':
      return { keyStage: scope.keyStage };
    case 'yearGroup':
      return { yearGroup: scope.yearGroup };
    case 'group':
      return { groupId: scope.groupId };
  }
}

/**
 * The rules of a parsed configuration written out in full, defaults included, as the settings
 * screen edits them; parsing them over the same base gives the same configuration back.
 */
export function writtenRules(config: SchoolConfig): Required<RawRules> {
  const t = config.thresholds;
  return {
    sessions: { AM: writtenTimes(config.sessions.AM), PM: writtenTimes(config.sessions.PM) },
    sessionOverrides: config.sessionOverrides.map((o) => ({
      ...writtenScope(o.scope),
      ...(o.AM === undefined ? {} : { AM: writtenTimes(o.AM) }),
      ...(o.PM === undefined ? {} : { PM: writtenTimes(o.PM) }),
    })),
    thresholds: {
      persistentAbsencePercent: t.persistentAbsencePercent,
      severeAbsencePercent: t.severeAbsencePercent,
      atRiskBands: t.atRiskBands.map((b) => ({
        name: b.name,
        minAbsencePercent: b.minAbsencePercent,
      })),
      attendanceTargetPercent: t.attendanceTargetPercent,
      latenessLetterCount: t.latenessLetterCount,
      latenessEscalation: { ...t.latenessEscalation },
      penaltyNotice: { ...t.penaltyNotice },
      nResolveSchoolDays: t.nResolveSchoolDays,
      localAuthority: { ...t.localAuthority },
      certificatePercents: [...t.certificatePercents],
      smallGroupMinimum: t.smallGroupMinimum,
    },
    schoolDayHours: config.schoolDayHours,
    roleCodes: {
      teacher: [...config.roleCodes.teacher],
      office: [...config.roleCodes.office],
      attendance_lead: [...config.roleCodes.attendance_lead],
      admin: [...config.roleCodes.admin],
    },
  };
}
