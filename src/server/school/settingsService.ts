/**
 * The school's settings as versions (docs/design.md §2.1): read the rules in force and the
 * history, preview what new rules would decide, and save a new version. Every check of the rules
 * is the domain's own (`parseRulesOver`, `effectiveDateProblem`), and a refusal writes nothing.
 */
import {
  describeRulesChange,
  effectiveDateProblem,
  formatConfigIssue,
  inEffectOrder,
  localDate,
  parseRulesOver,
  parseSchoolConfig,
  previewArrival,
  rulesOf,
  toSchoolWallClock,
  versionInForce,
  wallTime,
  withRules,
  writtenRules,
  YEAR_GROUPS,
  type ConfigIssue,
  type LocalDate,
  type Role,
  type SchoolConfig,
  type YearGroup,
} from '../../domain/index';
import type {
  PreviewSettingsRequest,
  PreviewSettingsResponse,
  SaveSettingsRequest,
  SaveSettingsResponse,
  SettingsResponse,
  SettingsVersion,
} from '../../shared/api/settingsSchemas';
import type { Database, Queryable } from '../db/database';
import { bumpRosterVersion } from './rosterVersion';
import { ApiError } from '../http/apiError';
import { loadSchoolRow, schoolConfigOf, type SchoolRow } from './schoolRules';

/** Who saves a version: their name and role as they are now are kept with it. */
export interface SettingsAuthor {
  readonly staffId: string;
  readonly name: string;
  readonly role: Extract<Role, 'attendance_lead' | 'admin'>;
}

interface VersionRow {
  version: number;
  effective_from: string;
  rules: Record<string, unknown>;
  made_by_name: string;
  made_by_role: Role;
  made_at: Date;
  note: string | null;
}

async function versionRows(db: Queryable, schoolId: string): Promise<VersionRow[]> {
  const { rows } = await db.query<VersionRow>(
    `SELECT version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, rules,
            made_by_name, made_by_role, made_at, note
       FROM school_config_version WHERE school_id = $1 ORDER BY version`,
    [schoolId],
  );
  return rows;
}

function refuse(message: string, issues: readonly ConfigIssue[]): never {
  throw new ApiError('invalid_request', { message, details: { issues } });
}

function parsedOrFault(row: SchoolRow, raw: unknown): SchoolConfig {
  const parsed = parseSchoolConfig(raw);
  if (!parsed.ok) {
    throw new Error(
      `A stored version of school ${row.id}'s rules is invalid: ${parsed.errors.map(formatConfigIssue).join('; ')}`,
    );
  }
  return parsed.value;
}

/**
 * Every version, newest first, each with its difference from the one before it in effect order
 * (the base's rules, version 0, come first).
 */
function history(row: SchoolRow, rows: readonly VersionRow[]): SettingsVersion[] {
  const base = parsedOrFault(row, row.rawConfig);
  const byVersion = new Map(rows.map((r) => [r.version, r]));
  const ordered = inEffectOrder(row.versions);
  const out: SettingsVersion[] = [
    {
      version: 0,
      effectiveFrom: null,
      madeBy: null,
      madeAt: null,
      note: null,
      changes: [],
      rules: { ...rulesOf(row.rawConfig) },
    },
  ];
  let before = base;
  for (const version of ordered) {
    const stored = byVersion.get(version.version);
    if (stored === undefined) continue;
    const after = parsedOrFault(row, withRules(row.rawConfig, version.rules));
    out.push({
      version: version.version,
      effectiveFrom: version.effectiveFrom,
      madeBy: { name: stored.made_by_name, role: stored.made_by_role },
      madeAt: stored.made_at.toISOString(),
      note: stored.note,
      changes: describeRulesChange(before, after),
      rules: { ...version.rules },
    });
    before = after;
  }
  return out.reverse();
}

async function settingsOf(db: Queryable, row: SchoolRow, now: Date): Promise<SettingsResponse> {
  const config = schoolConfigOf(row, now);
  const today = toSchoolWallClock(now, config.timeZone).date;
  const groups = await db.query<{ id: string; name: string; year_group: string }>(
    'SELECT id, name, year_group FROM school_group WHERE school_id = $1 ORDER BY name',
    [row.id],
  );
  const parsed = parseSchoolConfig(withRules(row.rawConfig, writtenRules(config)));
  return {
    today,
    inForce: versionInForce(row.versions, today)?.version ?? 0,
    rules: writtenRules(config),
    warnings: parsed.warnings,
    versions: history(row, await versionRows(db, row.id)),
    groups: groups.rows.map((g) => ({ id: g.id, name: g.name, yearGroup: g.year_group })),
  };
}

export async function readSettings(
  db: Queryable,
  schoolId: string,
  now: Date,
): Promise<SettingsResponse> {
  return settingsOf(db, await loadSchoolRow(db, schoolId), now);
}

const isYearGroup = (text: string): text is YearGroup =>
  (YEAR_GROUPS as readonly string[]).includes(text);

export async function previewSettings(
  db: Queryable,
  schoolId: string,
  now: Date,
  request: PreviewSettingsRequest,
): Promise<PreviewSettingsResponse> {
  const row = await loadSchoolRow(db, schoolId);
  const current = schoolConfigOf(row, now);
  const parsed = parseRulesOver(row.rawConfig, request.rules);
  if (!parsed.ok) {
    refuse(
      `These settings have problems: ${parsed.errors.slice(0, 10).map(formatConfigIssue).join('; ')}.`,
      parsed.errors,
    );
  }
  if (!isYearGroup(request.yearGroup)) {
    refuse(`yearGroup: '${request.yearGroup}' is not one of N1, N2, R, 1–13.`, [
      { path: 'yearGroup', message: `'${request.yearGroup}' is not one of N1, N2, R, 1–13` },
    ]);
  }
  const config = parsed.value;
  const date = request.date ?? toSchoolWallClock(now, config.timeZone).date;
  // A class the override names is matched by id; without one, only year group and key stage.
  const group = { id: request.groupId ?? '', yearGroup: request.yearGroup };
  const preview = previewArrival(
    config,
    group,
    localDate(date),
    request.part,
    wallTime(request.arrival),
  );
  return {
    code: preview.code,
    minutesLate: preview.minutesLate,
    sentence: preview.sentence,
    changes: describeRulesChange(current, config),
    warnings: parsed.warnings,
  };
}

/** Saves a new version of the rules, or refuses with every problem and writes nothing. */
export async function saveSettings(
  db: Database,
  schoolId: string,
  author: SettingsAuthor,
  now: Date,
  request: SaveSettingsRequest,
): Promise<SaveSettingsResponse> {
  return db.transaction(async (tx) => {
    // One version at a time per school: the numbers and the effective-date order stay sound.
    await tx.query('SELECT id FROM school WHERE id = $1 FOR UPDATE', [schoolId]);
    const row = await loadSchoolRow(tx, schoolId);
    const current = schoolConfigOf(row, now);
    const today = toSchoolWallClock(now, current.timeZone).date;
    const effectiveFrom = localDate(request.effectiveFrom);
    const latest = inEffectOrder(row.versions).at(-1)?.effectiveFrom ?? null;
    const dateProblem = effectiveDateProblem(effectiveFrom, today, latest);
    const parsed = parseRulesOver(row.rawConfig, request.rules);
    if (!parsed.ok || dateProblem !== null) {
      const issues = [
        ...(dateProblem === null ? [] : [dateProblem]),
        ...(parsed.ok ? [] : parsed.errors),
      ];
      refuse(
        `The settings were not saved: ${issues.slice(0, 10).map(formatConfigIssue).join('; ')}.`,
        issues,
      );
    }
    const config = parsed.value;
    const before = versionBefore(row, effectiveFrom);
    if (describeRulesChange(before, config).length === 0) {
      refuse(
        'The settings were not saved: they are the same as the rules that would be in force on that day. Change a setting first.',
        [],
      );
    }
    const version = row.versions.reduce((n, v) => Math.max(n, v.version), 0) + 1;
    await tx.query(
      `INSERT INTO school_config_version
         (school_id, version, effective_from, rules, made_by, made_by_name, made_by_role, made_at, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        schoolId,
        version,
        effectiveFrom,
        JSON.stringify(writtenRules(config)),
        author.staffId,
        author.name,
        author.role,
        now,
        request.note === undefined || request.note === '' ? null : request.note,
      ],
    );
    // Tablets take the new version at their next pull, before the day it takes effect.
    await bumpRosterVersion(tx, schoolId);
    const settings = await settingsOf(tx, await loadSchoolRow(tx, schoolId), now);
    const saved = settings.versions.find((v) => v.version === version);
    if (saved === undefined) throw new Error('A saved version was not read back.');
    return { version: saved, settings };
  });
}

/** The rules that would be in force on `day` without a new version. */
function versionBefore(row: SchoolRow, day: LocalDate): SchoolConfig {
  const version = versionInForce(row.versions, day);
  return parsedOrFault(
    row,
    version === null ? row.rawConfig : withRules(row.rawConfig, version.rules),
  );
}
