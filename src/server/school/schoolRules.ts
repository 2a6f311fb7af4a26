/**
 * The school's rules as the domain core sees them. The configuration is stored as raw JSON and
 * parsed by the same parser the tablet uses, so both ends judge a mark by the same rules.
 */
import { formatConfigIssue, parseSchoolConfig, type SchoolConfig } from '../../domain/index';
import type { Queryable } from '../db/database';

export interface SchoolRow {
  readonly id: string;
  readonly name: string;
  readonly organisationId: string;
  readonly organisationName: string;
  readonly rosterVersion: number;
  readonly rawConfig: unknown;
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
  return {
    id: row.id,
    name: row.name,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    rosterVersion: row.roster_version,
    rawConfig: row.config,
  };
}

/**
 * Parses a stored school configuration. A stored configuration that does not parse is a server
 * fault (it was validated when saved), so this throws with every problem listed.
 */
export function schoolConfigOf(row: SchoolRow): SchoolConfig {
  const parsed = parseSchoolConfig(row.rawConfig);
  if (!parsed.ok) {
    throw new Error(
      `The stored configuration of school ${row.id} is invalid: ${parsed.errors.map(formatConfigIssue).join('; ')}`,
    );
  }
  return parsed.value;
}
