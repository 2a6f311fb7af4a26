/**
 * The school's rules as the domain core sees them. The configuration is stored as raw JSON and
 * parsed by the same parser the tablet uses, so both ends judge a mark by the same rules. The
 * rules change by versions with an effective date (docs/design.md §2.1): a session is judged by
 * the version in force on its own day, so a change never alters a decision already made.
 */
import {
  formatConfigIssue,
  parseSchoolConfig,
  rawConfigOn,
  toSchoolWallClock,
  type LocalDate,
  type RulesVersion,
  type SchoolConfig,
  versionInForce,
} from '../../domain/index';
import type { Queryable } from '../db/database';

export interface SchoolRow {
  readonly id: string;
  readonly name: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly rosterVersion: number;
  /** The base configuration: the calendar, the school's identity and the rules of version 0. */
  readonly rawConfig: unknown;
  /** Every saved version of the rules, in the order saved. */
  readonly versions: readonly RulesVersion[];
}

/** The school's saved versions of its rules, in the order saved. */
export async function loadRulesVersions(db: Queryable, schoolId: string): Promise<RulesVersion[]> {
  const { rows } = await db.query<{ version: number; effective_from: string; rules: unknown }>(
    `SELECT version, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, rules
       FROM school_config_version WHERE school_id = $1 ORDER BY version`,
    [schoolId],
  );
  return rows.map((r) => ({
    version: r.version,
    effectiveFrom: r.effective_from as LocalDate,
    rules: r.rules as RulesVersion['rules'],
  }));
}

export async function loadSchoolRow(db: Queryable, schoolId: string): Promise<SchoolRow> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    organisation_id: string;
    organisation_name: string;
    roster_version: number;
    config: unknown;
  }>(
    `SELECT s.id, s.name, s.organisation_id, o.name AS organisation_name, s.roster_version, s.config
       FROM school s JOIN organisation o ON o.id = s.organisation_id
      WHERE s.id = $1`,
    [schoolId],
  );
  const row = rows[0];
  if (row === undefined) throw new Error(`School ${schoolId} does not exist.`);
  const versions = await loadRulesVersions(db, schoolId);
  return {
    id: row.id,
    name: row.name,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    rosterVersion: row.roster_version,
    rawConfig: row.config,
    versions,
  };
}

/**
 * Parses the school's configuration in force on `day`: the base with the rules of the version
 * then. A stored configuration that does not parse is a server fault (every version was
 * validated when saved), so this throws with every problem listed.
 */
export function schoolConfigOn(row: SchoolRow, day: LocalDate): SchoolConfig {
  return parseStored(row, rawConfigOn(row.rawConfig, row.versions, day));
}

/** The configuration in force today at the school (its own time zone, which is not versioned). */
export function schoolConfigOf(row: SchoolRow, now: Date): SchoolConfig {
  const base = parseStored(row, row.rawConfig);
  return schoolConfigOn(row, toSchoolWallClock(now, base.timeZone).date);
}

/**
 * A memo of `schoolConfigOn` for one request: a push judges each mark by its own day's rules.
 * Days under the same version of the rules share one parse (a batch of marks entered ahead may
 * span weeks, and parsing the configuration is the costly part).
 */
export function configsByDay(row: SchoolRow): (day: LocalDate) => SchoolConfig {
  const byVersion = new Map<number | null, SchoolConfig>();
  return (day) => {
    const version = versionInForce(row.versions, day);
    const key = version === null ? null : version.version;
    const known = byVersion.get(key);
    if (known !== undefined) return known;
    const config = schoolConfigOn(row, day);
    byVersion.set(key, config);
    return config;
  };
}

function parseStored(row: SchoolRow, raw: unknown): SchoolConfig {
  const parsed = parseSchoolConfig(raw);
  if (!parsed.ok) {
    throw new Error(
      `The stored configuration of school ${row.id} is invalid: ${parsed.errors.map(formatConfigIssue).join('; ')}`,
    );
  }
  return parsed.value;
}
