/**
 * The one place where instants meet a school's wall clock, and the only module that uses
 * @date-fns/tz. Everything here takes the school's IANA time zone as an argument and never the
 * machine's, so a tablet set to Auckland and a server in UTC give the same answers.
 *
 * Offsets come from `tzOffset`, which asks the runtime's time-zone data (Intl) for the offset at
 * an instant; the conversions themselves are plain UTC arithmetic on that offset.
 */
import { tzOffset } from '@date-fns/tz';
import type { LocalDate } from './localDate';
import type { WallTime } from './wallTime';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** A moment as the school's clock on the wall shows it, to the minute. */
export interface SchoolWallClock {
  readonly date: LocalDate;
  /** Minutes after local midnight, seconds dropped: 08:45:59 is 08:45, i.e. 525. */
  readonly minutes: WallTime;
}

function offsetMinutes(timeZone: string, ms: number): number {
  const offset = tzOffset(timeZone, new Date(ms));
  if (!Number.isFinite(offset)) throw new RangeError(`"${timeZone}" is not a time zone`);
  return offset;
}

function toMs(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('the instant is not a valid time');
  return ms;
}

/**
 * What the school's clock shows at `instant`: its calendar day and the minute of that day.
 *
 * @param instant - a Date or epoch milliseconds
 * @param timeZone - the school's IANA time zone (validated configuration)
 */
export function toSchoolWallClock(instant: Date | number, timeZone: string): SchoolWallClock {
  const ms = toMs(instant);
  // Shifting by the offset turns the instant into "wall clock written as UTC", so the UTC
  // fields of the shifted Date are the school's local fields whatever the machine's zone.
  const wall = new Date(ms + offsetMinutes(timeZone, ms) * MINUTE_MS);
  const date = wall.toISOString().slice(0, 10) as LocalDate;
  const minutes = (wall.getUTCHours() * 60 + wall.getUTCMinutes()) as WallTime;
  return { date, minutes };
}

/**
 * The instant at which the school's clock shows `time` on `date`.
 *
 * Daylight saving makes some wall times ambiguous, and the choice follows RFC 5545 and
 * Temporal's `'compatible'` disambiguation:
 * - a time that never happens (the spring-forward gap, e.g. 01:30 on the last Sunday of March in
 *   London) is moved forward by the length of the gap (01:30 becomes 02:30 BST);
 * - a time that happens twice (the autumn overlap, 01:30 on the last Sunday of October) is the
 *   first of the two (01:30 BST, i.e. 00:30 UTC).
 * No school session starts in the small hours, so neither case affects a register.
 */
export function schoolInstant(date: LocalDate, time: WallTime, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wallAsUtc = Date.UTC(y, m - 1, d, Math.floor(time / 60), time % 60);
  // The offsets a day either side bracket any single transition near this wall time.
  const before = offsetMinutes(timeZone, wallAsUtc - DAY_MS);
  const after = offsetMinutes(timeZone, wallAsUtc + DAY_MS);
  const candidates = [...new Set([before, after])]
    .map((offset) => wallAsUtc - offset * MINUTE_MS)
    .filter((ms) => {
      const wall = toSchoolWallClock(ms, timeZone);
      return wall.date === date && wall.minutes === time;
    })
    .sort((a, b) => a - b);
  const first = candidates[0];
  // No candidate means the wall time falls in a gap: reading it with the offset from before
  // the gap lands the same distance past the gap's end.
  return new Date(first ?? wallAsUtc - before * MINUTE_MS);
}
