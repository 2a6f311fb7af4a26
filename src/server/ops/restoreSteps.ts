/**
 * What a restored database needs before the server answers again (docs/reliability.md, "Backup
 * and restore"):
 *
 * - a NEW epoch. The restored log's numbers go back to the backup's head, and the events stored
 *   after the restore will reuse the numbers the lost ones had. A device holding a pull cursor
 *   from before the restore would take those numbers as already seen and skip the new events; a
 *   new epoch makes every device's next pull answer `reset`, so it drops its pulled copy (never
 *   its outbox) and starts again from a snapshot.
 * - every session ended. Sessions signed out or ended by a device revocation after the backup
 *   would otherwise come back to life; each tablet signs in online once, and its queued marks
 *   wait in its outbox meanwhile.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database';

export interface RestoreFacts {
  readonly previousEpoch: string | null;
  readonly epoch: string;
  readonly sessionsEnded: number;
}

/** Gives the database a new epoch and (unless `keepSessions`) ends every live session. */
export async function finishRestore(
  database: Database,
  options: { keepSessions?: boolean } = {},
): Promise<RestoreFacts> {
  return database.transaction(async (db) => {
    const before = await db.query<{ value: string }>(
      `SELECT value FROM server_meta WHERE key = 'epoch'`,
    );
    const epoch = randomUUID();
    await db.query(
      `INSERT INTO server_meta (key, value) VALUES ('epoch', $1)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [epoch],
    );
    let sessionsEnded = 0;
    if (options.keepSessions !== true) {
      const ended = await db.query(
        `UPDATE auth_session SET revoked_at = now() WHERE revoked_at IS NULL AND expires_at > now()`,
      );
      sessionsEnded = ended.rowCount;
    }
    return { previousEpoch: before.rows[0]?.value ?? null, epoch, sessionsEnded };
  });
}
