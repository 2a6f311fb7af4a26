/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * the wait is a random time between 0 and min(cap, base × 2^attempt). The randomness spreads a
 * school's thirty tablets out when the wifi comes back, instead of all retrying in step.
 */

export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_CAP_MS = 60_000;

/**
 * The wait before retry number `attempt` (0 for the first retry).
 *
 * @param random - a number in [0, 1), injectable so tests can fix it
 */
export function backoffDelay(
  attempt: number,
  random: () => number,
  baseMs: number = BACKOFF_BASE_MS,
  capMs: number = BACKOFF_CAP_MS,
): number {
  // Past 2^16 the ceiling is the cap anyway; clamping keeps 2 ** attempt finite.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(Math.max(attempt, 0), 16));
  return Math.floor(random() * ceiling);
}
