/**
 * The device's own bookkeeping, one key/value row per setting. Each key has its schema, so a
 * value is parsed when it is read back and callers get a typed value (or `undefined` when the
 * key has never been written).
 */
import { z } from 'zod';
import { leadingTripSchema } from '../../shared/api/tripSchemas';
import { tripExceptionSchema } from './tripException';
import { instantField, localDateField, sessionField } from './rowFields';

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
  /**
   * The office's online lists as last fetched (today, chase list, sign-outs…), by list key, so a
   * desk that loses its connection still shows them, saying how old they are. Each value is
   * parsed again with its list's own schema when read.
   */
  officeListCache: z.record(z.string(), z.object({ fetchedAt: instantField, value: z.unknown() })),
  /** The fire roll call in progress on this device: who has been ticked off at the assembly point. */
  rollCallTicks: z.object({
    sessionKey: z.string(),
    startedAt: instantField,
    ticked: z.array(z.uuid()),
  }),
  /** Finished fire drills not yet accepted by the server (sent again when online). */
  drillOutbox: z.array(
    z.object({
      id: z.uuid(),
      queuedAt: instantField,
      body: z.unknown(),
      lastError: z.string().nullable(),
    }),
  ),
  /**
   * The trips each person on this device leads, as last fetched online, by staff id: a
   * leader's register works for days with no signal from this copy.
   */
  leaderTrips: z.record(
    z.uuid(),
    z.object({ fetchedAt: instantField, trips: z.array(leadingTripSchema) }),
  ),
  /**
   * The register each person last chose by hand (another class, an earlier session), by staff
   * id, with when they chose it: after a reload or an unlock they land where they were, that
   * same school day (register/registerChoiceMemory.ts). No entry: the register the clock picks.
   */
  registerChoices: z.record(
    z.uuid(),
    z.object({
      groupId: z.uuid().nullable(),
      session: sessionField.nullable(),
      chosenAt: instantField,
    }),
  ),
  /** A trip leader's exceptions (did not come, went home ill…), by trip id then pupil id. */
  tripExceptions: z.record(z.uuid(), z.record(z.uuid(), z.array(tripExceptionSchema))),
} as const;

export type MetaKey = keyof typeof META_SCHEMAS;
export type MetaValue<K extends MetaKey> = z.infer<(typeof META_SCHEMAS)[K]>;

/** A row of the `meta` table. */
export interface MetaRow {
  key: MetaKey;
  value: unknown;
}
