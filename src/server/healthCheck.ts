/**
 * `GET /api/health`: whether the database answers, within a few seconds. A monitor (or a load
 * balancer) must hear "unavailable" promptly when the database is cut off by a silent network
 * partition, not wait as long as the connection's own time limits (src/server/README.md,
 * "Database time limits").
 */
import type { Database } from './db/database';
import { ApiError } from './http/apiError';

/** How long the health check waits for `SELECT 1` before answering 503. */
export const HEALTH_TIMEOUT_MS = 3000;

/**
 * Resolves when the database answers `SELECT 1` within `timeoutMs`; otherwise throws the 503
 * `unavailable` error (a database error it answers with is re-thrown for the error handler).
 */
export async function checkDatabase(db: Database, timeoutMs = HEALTH_TIMEOUT_MS): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), timeoutMs);
  });
  const ping = db.query('SELECT 1');
  // The query may still fail after we stopped waiting (its own time limit): nobody awaits it then.
  ping.catch(() => undefined);
  try {
    if ((await Promise.race([ping, late])) === 'late') {
      throw new ApiError('unavailable', {
        message: `The database did not answer within ${timeoutMs / 1000} seconds. Please try again in a moment.`,
        headers: { 'Retry-After': '5' },
      });
    }
  } finally {
    clearTimeout(timer);
  }
}
