/**
 * What the lock screen needs (who may unlock this tablet, and whether it is enrolled), read
 * straight from IndexedDB before Dexie and zod have loaded (docs/design.md §3.1, §3.3). The
 * first load draws the lock screen from this read; Dexie, the zod schemas, the status bar and
 * the register arrive in chunks while the teacher types their PIN, and from then on the app
 * follows the same facts live through Dexie (deviceAuthStore.ts `readLockFacts`).
 *
 * This path only reads: it opens the database Dexie opens at whatever version is on disk (Dexie
 * keeps its own version × 10 there) and never creates or upgrades it. On a tablet that has no
 * database yet the open asks for an upgrade; this path aborts it, so nothing is created, and the
 * facts are those of a new tablet. Values are checked by hand, as deviceAuthSchema and the
 * `deviceId` meta schema check them (lockFacts.test.ts compares the two): a damaged record reads
 * as nobody able to unlock, failing closed, as `readDeviceAuth` does. Unlocking itself reads the
 * record again through Dexie and zod (pinLock.ts `unlockWithPin`).
 */
import { ROLES } from '../../domain/index';
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

/** The `meta` keys the facts live under (db/metaRow.ts, deviceAuthStore.ts). */
const DEVICE_AUTH_KEY = 'deviceAuth';
const DEVICE_ID_KEY = 'deviceId';

// The same patterns as zod's `z.uuid()` and `z.iso.datetime({ offset: true })` (seconds
// required, any fraction, `Z` or an offset).
const UUID =
  /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;
const DATETIME =
  /^(?:(?:\d\d[2468][048]|\d\d[13579][26]|\d\d0[48]|[02468][048]00|[13579][26]00)-02-29|\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)|(?:02)-(?:0[1-9]|1\d|2[0-8])))T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

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
    isText(value.signedInAt) &&
    DATETIME.test(value.signedInAt) &&
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

const valueOf = (row: unknown): unknown => (isRecord(row) ? row.value : undefined);

/** The request's result, or its error. */
function settled<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

/** Opens `name` at the version on disk; null when there is no such database (nothing created). */
function openExisting(factory: IDBFactory, name: string): Promise<IDBDatabase | null> {
  return new Promise((resolve, reject) => {
    const request = factory.open(name);
    let isNew = false;
    request.onupgradeneeded = () => {
      // No database yet (a version-less open only asks for an upgrade then): create nothing.
      isNew = true;
      request.transaction?.abort();
    };
    request.onsuccess = () => {
      const db = request.result;
      if (isNew) {
        db.close();
        resolve(null);
        return;
      }
      // Never stand in the way of Dexie opening or upgrading the database.
      db.onversionchange = () => db.close();
      resolve(db);
    };
    request.onerror = (event) => {
      if (isNew) {
        // The aborted upgrade: the database was not created.
        event.preventDefault();
        resolve(null);
        return;
      }
      reject(request.error ?? new Error(`IndexedDB could not open ${name}`));
    };
    request.onblocked = () => undefined;
  });
}

/**
 * The lock facts as stored in database `name`, in one read-only transaction; a new tablet's
 * (nobody, not enrolled) when the database or its `meta` table is not there yet.
 */
export async function readStoredLockFacts(
  name: string,
  factory: IDBFactory = indexedDB,
): Promise<LockFacts> {
  const db = await openExisting(factory, name);
  if (db === null) return { auth: EMPTY_DEVICE_AUTH, deviceId: null };
  try {
    if (!db.objectStoreNames.contains('meta')) return { auth: EMPTY_DEVICE_AUTH, deviceId: null };
    const meta = db.transaction('meta', 'readonly').objectStore('meta');
    const [authRow, deviceRow] = await Promise.all([
      settled(meta.get(DEVICE_AUTH_KEY)),
      settled(meta.get(DEVICE_ID_KEY)),
    ]);
    const deviceId = valueOf(deviceRow);
    return {
      auth: toDeviceAuth(valueOf(authRow)) ?? EMPTY_DEVICE_AUTH,
      deviceId: isUuid(deviceId) ? deviceId : null,
    };
  } finally {
    db.close();
  }
}
