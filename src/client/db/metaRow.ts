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
   * Subtracted from `clientSeq` on the wire. The server numbers each device's marks from 1; when
   * the device is enrolled afresh under a new id, the outbox's key cannot be renumbered, so the
   * offset moves instead (sync/enrolDevice.ts).
   */
  clientSeqBase: z.int().min(0),
  /** Set at a new enrolment: the next push sets `clientSeqBase` so its first mark goes as 1. */
  rebaseClientSeq: z.boolean(),
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
