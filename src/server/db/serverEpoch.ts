/**
 * The database's epoch: a random id made once when the database is first set up. A restore from
 * backup is given a new one (docs: reliability), and a device holding a cursor from another epoch
 * is told to reset its pulled copy, because numbers after the restore point mean other events.
 */
import { randomUUID } from 'node:crypto';
import type { Queryable } from './database';

export async function ensureEpoch(db: Queryable): Promise<string> {
  await db.query(
    `INSERT INTO server_meta (key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING`,
    [randomUUID()],
  );
  return readEpoch(db);
}

export async function readEpoch(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ value: string }>(
    `SELECT value FROM server_meta WHERE key = 'epoch'`,
  );
  const epoch = rows[0]?.value;
  if (epoch === undefined) throw new Error('The database has no epoch; run the migrations first.');
  return epoch;
}
