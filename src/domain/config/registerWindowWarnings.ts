/**
 * Warns when a register stays open more than 30 minutes after it starts. Local-authority
 * guidance caps it at 30 (docs/design.md §8.2), but one seed policy allows "the length of the form
 * time", so this is a warning the school can accept, not an error.
 *
 * It reads the raw configuration rather than the parsed one, so the warning still shows while
 * other settings are being fixed.
 */
import { formatWallTime, parseWallTime } from '../time/wallTime';
import { MAX_REGISTER_OPEN_MINUTES } from './configDefaults';
import { formatConfigPath, type ConfigIssue } from './configIssue';
import { SESSION_PARTS } from './schoolConfig';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function windowWarning(times: unknown, path: readonly PropertyKey[]): ConfigIssue[] {
  if (
    !isRecord(times) ||
    typeof times.start !== 'string' ||
    typeof times.registerCloses !== 'string'
  ) {
    return [];
  }
  const start = parseWallTime(times.start);
  const closes = parseWallTime(times.registerCloses);
  if (start === null || closes === null) return [];
  const minutesOpen = closes - start;
  if (minutesOpen <= MAX_REGISTER_OPEN_MINUTES) return [];
  return [
    {
      path: formatConfigPath([...path, 'registerCloses']),
      message: `the register stays open ${minutesOpen} minutes (${formatWallTime(start)} to ${formatWallTime(closes)}); guidance allows at most ${MAX_REGISTER_OPEN_MINUTES}`,
    },
  ];
}

function partWarnings(byPart: unknown, path: readonly PropertyKey[]): ConfigIssue[] {
  if (!isRecord(byPart)) return [];
  return SESSION_PARTS.flatMap((part) => windowWarning(byPart[part], [...path, part]));
}

/** Warnings for one school's own times and every override, with paths under `path`. */
export function registerWindowWarnings(
  rawSchool: unknown,
  path: readonly PropertyKey[] = [],
): ConfigIssue[] {
  if (!isRecord(rawSchool)) return [];
  const overrides = Array.isArray(rawSchool.sessionOverrides) ? rawSchool.sessionOverrides : [];
  return [
    ...partWarnings(rawSchool.sessions, [...path, 'sessions']),
    ...overrides.flatMap((override: unknown, index) =>
      partWarnings(override, [...path, 'sessionOverrides', index]),
    ),
  ];
}

/** Warnings for every school of an organisation's raw configuration. */
export function organisationWarnings(rawOrganisation: unknown): ConfigIssue[] {
  if (!isRecord(rawOrganisation) || !Array.isArray(rawOrganisation.schools)) return [];
  return rawOrganisation.schools.flatMap((school: unknown, index) =>
    registerWindowWarnings(school, ['schools', index]),
  );
}
