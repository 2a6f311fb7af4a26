/**
 * Reading the roster document: the school's groups, pupils and staff, and its configuration
 * checked by the domain's parser (the server sends it raw; the device validates it).
 */
import {
  parseSchoolConfig,
  YEAR_GROUPS,
  type ConfigParseResult,
  type GroupRef,
  type LocalDate,
  type SchoolConfig,
  type YearGroup,
} from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { ROSTER_ROW_ID, rosterRowSchema } from '../db/rosterRow';
import { parseStoredRow } from '../db/storedRowError';

export type RosterPupil = Roster['pupils'][number];
export type RosterGroup = Roster['groups'][number];

/** The roster on this device, or null before the first sync. */
export async function loadRoster(db: AppDb): Promise<Roster | null> {
  const row = await db.roster.get(ROSTER_ROW_ID);
  return row === undefined ? null : parseStoredRow('roster', rosterRowSchema, row).roster;
}

/** The school's configuration from the roster, parsed by the domain (errors name the field). */
export function schoolConfigOf(roster: Roster): ConfigParseResult<SchoolConfig> {
  return parseSchoolConfig(roster.schoolConfig);
}

const isYearGroup = (text: string): text is YearGroup =>
  (YEAR_GROUPS as readonly string[]).includes(text);

/** The group as the domain's rules need it, or null when its year group is not one we know. */
export function groupRefOf(group: RosterGroup): GroupRef | null {
  return isYearGroup(group.yearGroup) ? { id: group.id, yearGroup: group.yearGroup } : null;
}

/** Whether the pupil is on roll on `date` (inclusive at both ends). */
export function isOnRoll(pupil: RosterPupil, date: LocalDate): boolean {
  return pupil.onRollFrom <= date && (pupil.onRollTo === null || pupil.onRollTo >= date);
}
