/**
 * The device's own bookkeeping, one key/value row per setting. Each key has its schema, so a
 * value is parsed when it is read back and callers get a typed value (or `undefined` when the
 * key has never been written).
 */
import { z } from 'zod';
import { instantField, localDateField } from './rowFields';

export const persistenceStateSchema = z.enum(['granted', 'refused', 'unsupported']);
/** What the browser said when asked to keep this site's storage (`navigator.storage.persist()`). */
export type PersistenceState = z.infer<typeof persistenceStateSchema>;

export const META_SCHEMAS = {
  /** The id the server gave this device at enrolment (sign-in). */
  deviceId: z.uuid(),
  /**
   * The wire number (`clientSeq`) the next outbox row to be sent will get. The server numbers each
   * device's marks 1, 2, 3… with no gaps; this moves on as rows are numbered for sending, back
   * to the server's `expected` after a refused batch or a gap, and to 1 under a new device id
   * (sync/wireNumbers.ts, sync/enrolDevice.ts). Missing means 1.
   */
  nextWireSeq: z.int().min(1),
  /** The highest server sequence pulled: the next pull asks for events after it. */
  pullCursor: z.int().min(0),
  /** The server database's identity; a new one (a restore) means the pulled copy must be reset. */
  epoch: z.uuid(),
  rosterVersion: z.int().min(0),
  /** The first session date the snapshot covered; older entries are not on this device. */
  snapshotFrom: localDateField,
  /** Server time minus device time, estimated at the last sync. */
  clockOffsetMs: z.number(),
  /** Device time of the last complete sync (push and pull both succeeded). */
  lastSyncedAt: instantField,
  persistence: persistenceStateSchema,
} as const;

export type MetaKey = keyof typeof META_SCHEMAS;
export type MetaValue<K extends MetaKey> = z.infer<(typeof META_SCHEMAS)[K]>;

/** A row of the `meta` table. */
export interface MetaRow {
  key: MetaKey;
  value: unknown;
}
