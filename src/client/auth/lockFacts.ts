/**
 * What the lock screen needs (who may unlock this tablet, and whether it is enrolled), read
 * straight from IndexedDB before Dexie and zod have loaded (docs/design.md §3.1, §3.3), in the
 * same read as what the status bar above it shows (sync/storedSyncStatus.ts). The first load
 * draws the lock screen and the bar from this read; Dexie, the zod schemas, the live status bar
 * and the register arrive in chunks while the teacher types their PIN, and from then on the app
 * follows the same facts live through Dexie (deviceAuthStore.ts `readLockFacts`). Nothing on the
 * lock screen moves when they arrive: the bar was drawn with the same facts.
 *
 * This path only reads (db/rawRead.ts): on a tablet with no database yet nothing is created, and
 * the facts are those of a new tablet. Values are checked by hand, as deviceAuthSchema and the
 * `deviceId` meta schema check them (lockFacts.test.ts compares the two): a damaged record reads
 * as nobody able to unlock, failing closed, as `readDeviceAuth` does. Unlocking itself reads the
 * record again through Dexie and zod (pinLock.ts `unlockWithPin`).
 */
import { ROLES } from '../../domain/index';
import { isInstant, openExisting, settled, valueOf } from '../db/rawRead';
import {
  NOTHING_STORED,
  readStoredSyncStatus,
  type StoredSyncStatus,
} from '../sync/storedSyncStatus';
import type { DeviceAuth, StaffProfile } from './deviceAuth';

/** The tablet locks after this many idle minutes unless changed on the tablet. */
export const DEFAULT_IDLE_LOCK_MINUTES = 5;

export const EMPTY_DEVICE_AUTH: DeviceAuth = {
  v: 1,
  staff: [],
  idleLockMinutes: DEFAULT_IDLE_LOCK_MINUTES,
};

/** What the lock screens need, read together so one live query can follow both. */
export interface LockFacts {
  readonly auth: DeviceAuth;
  /** The id the server gave this tablet, or null before its first sign-in. */
  readonly deviceId: string | null;
}

/** What the first load draws from one raw read: the lock screen, and the status bar above it. */
export interface StoredFacts {
  readonly lock: LockFacts;
  readonly syncStatus: StoredSyncStatus;
}

const NEW_TABLET: StoredFacts = {
  lock: { auth: EMPTY_DEVICE_AUTH, deviceId: null },
  syncStatus: NOTHING_STORED,
};

/** The `meta` keys the facts live under (db/metaRow.ts, deviceAuthStore.ts). */
const DEVICE_AUTH_KEY = 'deviceAuth';
const DEVICE_ID_KEY = 'deviceId';

// The same pattern as zod's `z.uuid()`.
const UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

type Fields = Readonly<Record<string, unknown>>;

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** An object with exactly these keys (zod's `strictObject`). */
const hasExactly = (value: unknown, keys: readonly string[]): value is Fields =>
  isRecord(value) &&
  Object.keys(value).length === keys.length &&
  keys.every((key) => Object.hasOwn(value, key));
const isInt = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
const isText = (value: unknown, minLength = 0): value is string =>
  typeof value === 'string' && value.length >= minLength;
export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' && UUID.test(value);

const PIN_KEYS = ['algorithm', 'iterations', 'salt', 'hash'];
const STAFF_KEYS = [
  'staffId',
  'name',
  'email',
  'schoolId',
  'schoolName',
  'role',
  'signedInAt',
  'pin',
  'failedAttempts',
  'isLockedOut',
];

function isStaffProfile(value: unknown): value is StaffProfile {
  if (!hasExactly(value, STAFF_KEYS)) return false;
  const pin = value.pin;
  return (
    isUuid(value.staffId) &&
    isText(value.name) &&
    isText(value.email) &&
    isUuid(value.schoolId) &&
    isText(value.schoolName) &&
    (ROLES as readonly unknown[]).includes(value.role) &&
    isInstant(value.signedInAt) &&
    hasExactly(pin, PIN_KEYS) &&
    pin.algorithm === 'PBKDF2-SHA-256' &&
    isInt(pin.iterations, 1) &&
    isText(pin.salt, 1) &&
    isText(pin.hash, 1) &&
    isInt(value.failedAttempts, 0) &&
    typeof value.isLockedOut === 'boolean'
  );
}

/** The stored record when it is whole and well formed (as deviceAuthSchema says), else null. */
export function toDeviceAuth(value: unknown): DeviceAuth | null {
  if (!hasExactly(value, ['v', 'staff', 'idleLockMinutes'])) return null;
  if (value.v !== 1 || !isInt(value.idleLockMinutes, 1, 60)) return null;
  const staff = value.staff;
  if (!Array.isArray(staff) || !staff.every(isStaffProfile)) return null;
  return value as DeviceAuth;
}

/**
 * The lock facts and the status bar's facts (sync/storedSyncStatus.ts) as stored in database
 * `name`, in one read-only transaction, so the lock screen and the bar above it are drawn
 * together from the first frame; a new tablet's (nobody, not enrolled, nothing waiting) when the
 * database or its tables are not there yet.
 */
export async function readStoredLockFacts(
  name: string,
  factory: IDBFactory = indexedDB,
): Promise<StoredFacts> {
  const db = await openExisting(factory, name);
  if (db === null) return NEW_TABLET;
  try {
    const tables = ['meta', 'outbox'].filter((t) => db.objectStoreNames.contains(t));
    if (!tables.includes('meta')) return NEW_TABLET;
    const transaction = db.transaction(tables, 'readonly');
    const meta = transaction.objectStore('meta');
    const [authRow, deviceRow, syncStatus] = await Promise.all([
      settled(meta.get(DEVICE_AUTH_KEY)),
      settled(meta.get(DEVICE_ID_KEY)),
      readStoredSyncStatus(transaction),
    ]);
    const deviceId = valueOf(deviceRow);
    return {
      lock: {
        auth: toDeviceAuth(valueOf(authRow)) ?? EMPTY_DEVICE_AUTH,
        deviceId: isUuid(deviceId) ? deviceId : null,
      },
      syncStatus,
    };
  } finally {
    db.close();
  }
}
