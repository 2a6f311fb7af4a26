/**
 * Sign-in throttling with growing waits, kept in the database so every server process sharing
 * one PostgreSQL sees the same counts (no state outside the database).
 *
 * A lock-out would hand a stranger a way to keep a teacher out at 08:40: ten wrong passwords
 * and the account is shut. So nothing here shuts anything. A run of failures against a key makes
 * the next attempt wait, the wait doubling with each further failure up to a ceiling, and the
 * keys are chosen (signIn.ts) so that a stranger's failures never hold up a device the owner
 * has already signed in on. Only failures count; a correct password ends the run for its key.
 * Two requests racing past the check can each add one failure; that is harmless.
 */
import type { Queryable } from '../db/database';

export interface ThrottleRule {
  /** Failures in a run before any wait (typing mistakes cost nothing). */
  readonly failuresBeforeWait: number;
  /** The wait after that many failures; it doubles with each further failure. */
  readonly firstWaitMs: number;
  /** The longest wait, however many failures: a throttle, never a lock-out. */
  readonly maxWaitMs: number;
  /** A run is forgotten after this long with no failure. */
  readonly forgetAfterMs: number;
}

export interface SignInLimits {
  /** Failures on one account from browsers that have not signed that person in before. */
  readonly perAccount: ThrottleRule;
  /** Failures on one account from one device that person has signed in on (a lost tablet). */
  readonly perKnownDevice: ThrottleRule;
  /** Failures from one network address over any accounts, from unknown browsers. */
  readonly perAddress: ThrottleRule;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** The numbers docs/api.md ("Sign-in throttling") states and explains. */
export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = Object.freeze({
  perAccount: Object.freeze({
    failuresBeforeWait: 5,
    firstWaitMs: 15 * SECOND,
    maxWaitMs: 15 * MINUTE,
    forgetAfterMs: 24 * HOUR,
  }),
  perKnownDevice: Object.freeze({
    failuresBeforeWait: 5,
    firstWaitMs: 15 * SECOND,
    maxWaitMs: 15 * MINUTE,
    forgetAfterMs: 24 * HOUR,
  }),
  perAddress: Object.freeze({
    failuresBeforeWait: 100,
    firstWaitMs: 15 * SECOND,
    maxWaitMs: 15 * MINUTE,
    forgetAfterMs: HOUR,
  }),
});

/** The wait a run of `failures` imposes after its last failure (0 before the first wait). */
export function waitAfter(rule: ThrottleRule, failures: number): number {
  const beyond = failures - rule.failuresBeforeWait;
  if (beyond < 0) return 0;
  // Capped exponent: 2 ** 40 is far past any ceiling and still an exact number.
  return Math.min(rule.maxWaitMs, rule.firstWaitMs * 2 ** Math.min(beyond, 40));
}

/**
 * How long `key` must still wait before its next attempt.
 *
 * @returns whole seconds (at least 1) while waiting, otherwise null.
 */
export async function waitSeconds(
  db: Queryable,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<number | null> {
  const { rows } = await db.query<{ count: number; last_failure_at: Date }>(
    'SELECT count, last_failure_at FROM rate_limit WHERE key = $1',
    [key],
  );
  const row = rows[0];
  if (row === undefined) return null;
  const until = row.last_failure_at.getTime() + waitAfter(rule, Number(row.count));
  if (until <= now.getTime()) return null;
  return Math.max(1, Math.ceil((until - now.getTime()) / SECOND));
}

/** Counts one failure against `key`, starting a new run if the last one was forgotten. */
export async function recordFailure(
  db: Queryable,
  key: string,
  rule: ThrottleRule,
  now: Date,
): Promise<void> {
  const forgottenBefore = new Date(now.getTime() - rule.forgetAfterMs);
  await db.query(
    `INSERT INTO rate_limit (key, window_start, count, last_failure_at) VALUES ($1, $2, 1, $2)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limit.last_failure_at <= $3 THEN 1 ELSE rate_limit.count + 1 END,
       window_start = CASE WHEN rate_limit.last_failure_at <= $3 THEN $2 ELSE rate_limit.window_start END,
       last_failure_at = $2`,
    [key, now, forgottenBefore],
  );
}

/** Ends the run of failures counted against `key` (after a correct password). */
export async function clearFailures(db: Queryable, key: string): Promise<void> {
  await db.query('DELETE FROM rate_limit WHERE key = $1', [key]);
}

/** Deletes runs whose last failure is long past, keeping the table small. */
export async function pruneCounters(db: Queryable, olderThan: Date): Promise<void> {
  await db.query('DELETE FROM rate_limit WHERE last_failure_at < $1', [olderThan]);
}
