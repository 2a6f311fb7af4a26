/**
 * A time on the school's wall clock, `HH:MM` (24-hour), held as minutes after midnight. Register
 * rules compare to the minute (docs/design.md §8.2), so seconds never enter a wall time.
 */

declare const wallTimeBrand: unique symbol;
/** Minutes after local midnight, 0–1439. */
export type WallTime = number & { readonly [wallTimeBrand]: true };

const TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Parses `HH:MM`; returns null for anything else (`9:00`, `24:00`, `13:70`). */
export function parseWallTime(text: string): WallTime | null {
  const match = TIME_PATTERN.exec(text);
  if (!match) return null;
  return (Number(match[1]) * 60 + Number(match[2])) as WallTime;
}

/** Like {@link parseWallTime} but throws: for literals known to be good. */
export function wallTime(text: string): WallTime {
  const parsed = parseWallTime(text);
  if (parsed === null) throw new RangeError(`"${text}" is not a time (HH:MM)`);
  return parsed;
}

export function formatWallTime(time: WallTime): string {
  const hours = Math.floor(time / 60);
  const minutes = time % 60;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
