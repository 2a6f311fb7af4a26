/**
 * Reading the roster document: the school's groups, pupils and staff, and its configuration
 * checked by the domain's parser (the server sends it raw; the device validates it).
 */
import {
  localDate,
  parseSchoolConfig,
  rawConfigOn,
  toSchoolWallClock,
  versionInForce,
  isYearGroup,
  type ConfigParseResult,
  type GroupRef,
  type LocalDate,
  type RulesVersion,
  type SchoolConfig,
} from '../../domain/index';
import type { Roster } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import { ROSTER_ROW_ID, rosterRowSchema } from '../db/rosterRow';
import { parseStoredRow } from '../db/storedRowError';

export type RosterPupil = Roster['pupils'][number];
export type RosterGroup = Roster['groups'][number];

/**
 * The last roster row parsed, as its stored text. Checking a whole school's roster takes tens of
 * milliseconds on a slow tablet (it sat between the PIN and the tiles); the check is
 * pure, so a row with the same text gives the same roster, and serialising it to compare is
 * several times cheaper than checking it again. The same object comes back, so screens keyed on
 * it do not redraw either.
 */
let lastParsed: { readonly text: string; readonly roster: Roster } | null = null;

/** The roster on this device, or null before the first sync. */
export async function loadRoster(db: AppDb): Promise<Roster | null> {
  const row = await db.roster.get(ROSTER_ROW_ID);
  if (row === undefined) return null;
  const text = JSON.stringify(row);
  if (lastParsed?.text === text) return lastParsed.roster;
  const roster = parseStoredRow('roster', rosterRowSchema, row).roster;
  lastParsed = { text, roster };
  return roster;
}

/**
 * Configurations parsed, by the roster's (unchanging) configuration object, then by the version
 * of the rules (0 for the base's own).
 */
const parsedConfigs = new WeakMap<object, Map<number, ConfigParseResult<SchoolConfig>>>();

function parsedVersion(roster: Roster, version: RulesVersion | null) {
  const raw: unknown = roster.schoolConfig;
  const parse = () =>
    parseSchoolConfig(version === null ? raw : rawConfigOn(raw, [version], version.effectiveFrom));
  if (typeof raw !== 'object' || raw === null) return parse();
  const byVersion = parsedConfigs.get(raw) ?? new Map<number, ConfigParseResult<SchoolConfig>>();
  parsedConfigs.set(raw, byVersion);
  const key = version?.version ?? 0;
  const known = byVersion.get(key);
  if (known !== undefined) return known;
  const parsed = parse();
  byVersion.set(key, parsed);
  return parsed;
}

const versionsOf = (roster: Roster): RulesVersion[] =>
  roster.configVersions.map((v) => ({
    version: v.version,
    effectiveFrom: localDate(v.effectiveFrom),
    rules: v.rules,
  }));

/**
 * The school's configuration in force on `day`, parsed by the domain (errors name the field): a
 * session is judged by the rules of its own day, so a change saved for next week does not alter
 * today's decisions, and a past session keeps the times it had (docs/design.md §2.1).
 */
export function schoolConfigOn(roster: Roster, day: LocalDate): ConfigParseResult<SchoolConfig> {
  return parsedVersion(roster, versionInForce(versionsOf(roster), day));
}

/** The configuration in force today at the school (its time zone is not versioned). */
export function schoolConfigOf(roster: Roster, now: number): ConfigParseResult<SchoolConfig> {
  const base = parsedVersion(roster, null);
  if (!base.ok) return base;
  return schoolConfigOn(roster, toSchoolWallClock(now, base.value.timeZone).date);
}

/**
 * Reads and checks the roster and the school's configuration ahead of the register, while the
 * lock screen waits for a PIN: the register then finds both already parsed.
 * A failure is left for the register to report.
 */
export async function prepareRegister(db: AppDb): Promise<void> {
  try {
    const roster = await loadRoster(db);
    if (roster !== null) schoolConfigOf(roster, Date.now());
  } catch {
    // The register reads the roster again and shows what is wrong.
  }
}

/** The group as the domain's rules need it, or null when its year group is not one we know. */
export function groupRefOf(group: RosterGroup): GroupRef | null {
  return isYearGroup(group.yearGroup) ? { id: group.id, yearGroup: group.yearGroup } : null;
}

/** Whether the pupil is on roll on `date`: the domain's rule (roll/onRoll.ts). */
export { isOnRoll } from '../../domain/index';
