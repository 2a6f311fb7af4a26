/**
 * Reading and changing the tablet's record of who may unlock it (deviceAuth.ts), kept in the
 * local-only `meta` table under one key so each change is one small atomic write.
 *
 * The data layer's `META_SCHEMAS` (db/metaRow.ts) does not list this key yet, so the typed
 * `getMeta`/`setMeta` cannot be used: the row is read and written here with this module's own
 * schema, with the same rule as `getMeta` (a damaged value reads as missing, which here means
 * "nobody can unlock offline until they sign in online": failing closed). When `META_SCHEMAS`
 * gains `deviceAuth: deviceAuthSchema`, these two functions become getMeta/setMeta calls.
 */
import type { AppDb } from '../db/appDb';
import { getMeta } from '../db/meta';
import type { MetaKey } from '../db/metaRow';
import { deviceAuthSchema, type DeviceAuth } from './deviceAuth';
import { EMPTY_DEVICE_AUTH, type LockFacts } from './lockFacts';

const DEVICE_AUTH_KEY = 'deviceAuth' as MetaKey;

/** Who may unlock this tablet, and its idle-lock setting (empty before the first sign-in). */
export async function readDeviceAuth(db: AppDb): Promise<DeviceAuth> {
  const row = await db.meta.get(DEVICE_AUTH_KEY);
  const parsed = deviceAuthSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : EMPTY_DEVICE_AUTH;
}

/**
 * Applies `change` to the stored record in one read-write transaction, so two tabs counting
 * wrong PINs at once cannot lose a count. `change` must be synchronous (no await inside a
 * transaction): do slow work such as hashing first.
 */
export async function updateDeviceAuth(
  db: AppDb,
  change: (current: DeviceAuth) => DeviceAuth,
): Promise<DeviceAuth> {
  return db.transaction('rw', db.meta, async () => {
    const next = deviceAuthSchema.parse(change(await readDeviceAuth(db)));
    await db.meta.put({ key: DEVICE_AUTH_KEY, value: next });
    return next;
  });
}

/** The lock facts through Dexie and zod: what the app follows live once they have loaded. */
export async function readLockFacts(db: AppDb): Promise<LockFacts> {
  return db.transaction('r', db.meta, async () => ({
    auth: await readDeviceAuth(db),
    deviceId: (await getMeta(db, 'deviceId')) ?? null,
  }));
}
