/**
 * Fixed-window failure counters kept in the database, so every server process sharing one
 * PostgreSQL sees the same counts (issue 3: no state outside the database).
 *
 * Only failures count. A school's staff usually share one public address, so counting every
 * sign-in per address would lock out a whole staff room at 08:40; counting failures only still
 * stops guessing. Two requests racing past the check can each add one failure beyond the limit;
 * that is harmless.
 */
import type { Queryable } from '../db/database';

export interface RateLimitRule {
  /** Failures allowed inside one window; the next attempt is refused. */
  readonly limit: number;
  readonly windowMs: number;
}

export interface SignInLimits {
  readonly perAccount: RateLimitRule;
  readonly perAddress: RateLimitRule;
}

const FIFTEEN_MINUTES = 15 * 60 * 1000;

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = Object.freeze({
  perAccount: Object.freeze({ limit: 10, windowMs: FIFTEEN_MINUTES }),
  perAddress: Object.freeze({ limit: 50, windowMs: FIFTEEN_MINUTES }),
});

/**
 * Whether `key` has used up its failures in the current window.
 *
 * @returns seconds until the window ends (at least 1) when blocked, otherwise null.
 */
export async function blockedForSeconds(
  db: Queryable,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<number | null> {
  const { rows } = await db.query<{ window_start: Date; count: number }>(
    'SELECT window_start, count FROM rate_limit WHERE key = $1',
    [key],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const windowEnds = row.window_start.getTime() + rule.windowMs;
  if (windowEnds <= now.getTime() || row.count < rule.limit) return null;
  return Math.max(1, Math.ceil((windowEnds - now.getTime()) / 1000));
}

/** Counts one failure against `key`, starting a new window if the last one has ended. */
export async function recordFailure(
  db: Queryable,
  key: string,
  rule: RateLimitRule,
  now: Date,
): Promise<void> {
  const windowOpenedAfter = new Date(now.getTime() - rule.windowMs);
  await db.query(
    `INSERT INTO rate_limit (key, window_start, count) VALUES ($1, $2, 1)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limit.window_start <= $3 THEN 1 ELSE rate_limit.count + 1 END,
       window_start = CASE WHEN rate_limit.window_start <= $3 THEN $2 ELSE rate_limit.window_start END`,
    [key, now, windowOpenedAfter],
  );
}

/** Forgets the failures counted against `key` (after a successful sign-in to that account). */
export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM rate_limit WHERE key = $1', [key]);
}

/** Deletes counters whose windows ended long ago, keeping the table small. */
export async function pruneCounters(db: Queryable, olderThan: Date): Promise<void> {
  await db.query('DELETE FROM rate_limit WHERE window_start < $1', [olderThan]);
}
