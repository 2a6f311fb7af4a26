/**
 * Warns when a register stays open more than 30 minutes after it starts, and when the morning and
 * afternoon registers stay open for different lengths of time. Local-authority guidance caps the
 * time at 30 minutes and says it "should be the same for every session" (docs/design.md §8.2),
 * but one seed policy allows "the length of the form time", so these are warnings the school can
 * accept, not errors.
 *
 * It reads the raw configuration rather than the parsed one, so the warning still shows while
 * other settings are being fixed.
 */
import { formatWallTime, parseWallTime, type WallTime } from '../time/wallTime';
import { MAX_REGISTER_OPEN_MINUTES } from './configDefaults';
import { formatConfigPath, type ConfigIssue } from './configIssue';
import { SESSION_PARTS } from './schoolConfig';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A register's times, parsed, or null while they are missing or not `HH:MM`. */
function windowOf(times: unknown): { start: WallTime; closes: WallTime } | null {
  if (
    !isRecord(times) ||
    typeof times.start !== 'string' ||
    typeof times.registerCloses !== 'string'
  ) {
    return null;
  }
  const start = parseWallTime(times.start);
  const closes = parseWallTime(times.registerCloses);
  return start === null || closes === null ? null : { start, closes };
}

const span = (w: { start: WallTime; closes: WallTime }) =>
  `${formatWallTime(w.start)} to ${formatWallTime(w.closes)}`;

function windowWarning(times: unknown, path: readonly PropertyKey[]): ConfigIssue[] {
  const window = windowOf(times);
  if (window === null) return [];
  const minutesOpen = window.closes - window.start;
  if (minutesOpen <= MAX_REGISTER_OPEN_MINUTES) return [];
  return [
    {
      path: formatConfigPath([...path, 'registerCloses']),
      message: `the register stays open ${minutesOpen} minutes (${span(window)}); guidance allows at most ${MAX_REGISTER_OPEN_MINUTES}`,
    },
  ];
}

/**
 * The guidance's words on how long the register stays open: the time "should be the same for
 * every session".
 */
export const SAME_LENGTH_GUIDANCE =
  'guidance says the time the register is open "should be the same for every session"';

/**
 * Warns when the morning and afternoon registers of `byPart` stay open for different lengths.
 * An override that sets only one part is compared with `fallback` (the school's own times) for
 * the other, as a pupil it covers would be registered.
 */
function sameLengthWarning(
  byPart: unknown,
  fallback: unknown,
  path: readonly PropertyKey[],
): ConfigIssue[] {
  if (!isRecord(byPart)) return [];
  const own = (part: 'AM' | 'PM') =>
    byPart[part] === undefined && isRecord(fallback) ? fallback[part] : byPart[part];
  const am = windowOf(own('AM'));
  const pm = windowOf(own('PM'));
  if (am === null || pm === null) return [];
  const amMinutes = am.closes - am.start;
  const pmMinutes = pm.closes - pm.start;
  if (amMinutes === pmMinutes) return [];
  return [
    {
      path: formatConfigPath([...path]),
      message: `the morning register stays open ${amMinutes} minutes (${span(am)}) and the afternoon register ${pmMinutes} (${span(pm)}); ${SAME_LENGTH_GUIDANCE}`,
    },
  ];
}

function partWarnings(
  byPart: unknown,
  fallback: unknown,
  path: readonly PropertyKey[],
): ConfigIssue[] {
  if (!isRecord(byPart)) return [];
  return [
    ...SESSION_PARTS.flatMap((part) => windowWarning(byPart[part], [...path, part])),
    ...sameLengthWarning(byPart, fallback, path),
  ];
}

/** Warnings for one school's own times and every override, with paths under `path`. */
export function registerWindowWarnings(
  rawSchool: unknown,
  path: readonly PropertyKey[] = [],
): ConfigIssue[] {
  if (!isRecord(rawSchool)) return [];
  const overrides = Array.isArray(rawSchool.sessionOverrides) ? rawSchool.sessionOverrides : [];
  return [
    ...partWarnings(rawSchool.sessions, null, [...path, 'sessions']),
    ...overrides.flatMap((override: unknown, index) =>
      partWarnings(override, rawSchool.sessions, [...path, 'sessionOverrides', index]),
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
