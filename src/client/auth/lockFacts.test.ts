import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import { outboxCounts } from '../marks/outboxCounts';
import { NOTHING_STORED } from '../sync/storedSyncStatus';
import { DEVICE_ID, freshDb, OFFICE, TEACHER } from '../testSupport.fixture';
import { signedInHere } from '../ui/screens.fixture';
import { deviceAuthSchema, type DeviceAuth } from './deviceAuth';
import { readDeviceAuth, readLockFacts, updateDeviceAuth } from './deviceAuthStore';
import { EMPTY_DEVICE_AUTH, readStoredLockFacts, toDeviceAuth } from './lockFacts';

const opened: AppDb[] = [];
const dexie = (): AppDb => {
  const db = freshDb();
  opened.push(db);
  return db;
};
afterEach(() => {
  for (const db of opened.splice(0)) db.close();
});

const NEW_TABLET = { auth: EMPTY_DEVICE_AUTH, deviceId: null };
const lockFactsIn = async (name: string) => (await readStoredLockFacts(name)).lock;

async function databaseNames(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? '');
}

describe('readStoredLockFacts: the lock screen without Dexie', () => {
  it('reads who may unlock and the device id from the database Dexie wrote, as Dexie reads them', async () => {
    const db = dexie();
    await signedInHere(db, [TEACHER, OFFICE]);
    await setMeta(db, 'deviceId', DEVICE_ID);

    const facts = await lockFactsIn(db.name);

    expect(facts).toEqual(await readLockFacts(db));
    expect(facts.deviceId).toBe(DEVICE_ID);
    expect(facts.auth.staff.map((s) => s.name)).toEqual([TEACHER.name, OFFICE.name]);
  });

  it('creates no database on a new tablet, and Dexie then creates its own at its version', async () => {
    const db = freshDb();
    expect(await lockFactsIn(db.name)).toEqual(NEW_TABLET);
    expect(await databaseNames()).not.toContain(db.name);

    opened.push(db);
    await db.open();
    expect(db.verno).toBe(1);
    expect(await readLockFacts(db)).toEqual(NEW_TABLET);
  });

  it('reads a damaged record as nobody able to unlock, and a damaged device id as none', async () => {
    const db = dexie();
    const [teacher] = await signedInHere(db, [TEACHER]);
    await db.meta.put({
      key: 'deviceAuth' as 'deviceId',
      value: { v: 1, idleLockMinutes: 5, staff: [{ ...teacher, role: 'head' }] },
    });
    await db.meta.put({ key: 'deviceId', value: 'not-a-uuid' });

    expect(await lockFactsIn(db.name)).toEqual(NEW_TABLET);
    expect(await readLockFacts(db)).toEqual(NEW_TABLET);
  });

  it('leaves the database closed, so Dexie may open and write it at once', async () => {
    const db = dexie();
    await signedInHere(db, [TEACHER]);
    db.close();
    await readStoredLockFacts(db.name);
    await db.open();
    await updateDeviceAuth(db, (current) => ({ ...current, idleLockMinutes: 2 }));
    expect((await readDeviceAuth(db)).idleLockMinutes).toBe(2);
  });
});

describe('readStoredLockFacts: the status bar in the same read', () => {
  /** An outbox row as far as the `status` index sees it (the counts read no row). */
  const row = (n: number, status: 'pending' | 'sent' | 'rejected') =>
    ({ eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, status }) as never;

  it('reads the marks waiting and refused, the last sync and the clock offset as Dexie and the engine read them', async () => {
    const db = dexie();
    await signedInHere(db, [TEACHER]);
    await db.outbox.bulkAdd([
      row(1, 'pending'),
      row(2, 'pending'),
      row(3, 'sent'),
      row(4, 'rejected'),
    ]);
    await setMeta(db, 'lastSyncedAt', '2025-09-08T08:40:00.000Z');
    await setMeta(db, 'clockOffsetMs', -300_000);

    const { syncStatus } = await readStoredLockFacts(db.name);

    const counts = await outboxCounts(db);
    expect(syncStatus).toEqual({
      pendingCount: counts.pending,
      rejectedCount: counts.rejected,
      lastSyncedAt: (await getMeta(db, 'lastSyncedAt')) ?? null,
      clockOffsetMs: (await getMeta(db, 'clockOffsetMs')) ?? null,
    });
    expect(syncStatus).toMatchObject({ pendingCount: 2, rejectedCount: 1 });
  });

  it('reads a new tablet as nothing waiting and never synced, and damaged values as missing', async () => {
    expect((await readStoredLockFacts(freshDb().name)).syncStatus).toEqual(NOTHING_STORED);

    const db = dexie();
    await db.meta.put({ key: 'lastSyncedAt', value: 'yesterday' });
    await db.meta.put({ key: 'clockOffsetMs', value: '300000' });
    expect((await readStoredLockFacts(db.name)).syncStatus).toEqual(NOTHING_STORED);
    expect(await getMeta(db, 'lastSyncedAt')).toBeUndefined();
    expect(await getMeta(db, 'clockOffsetMs')).toBeUndefined();
  });
});

describe('toDeviceAuth agrees with deviceAuthSchema', () => {
  const PROFILE = {
    staffId: TEACHER.staffId,
    name: 'Ms Teacher',
    email: 'teacher@school.example',
    schoolId: '00000000-0000-4000-8000-00000000a001',
    schoolName: 'Test Primary',
    role: 'teacher',
    signedInAt: '2025-09-08T07:30:00.000Z',
    pin: { algorithm: 'PBKDF2-SHA-256', iterations: 210_000, salt: 'c2FsdA==', hash: 'aGFzaA==' },
    failedAttempts: 0,
    isLockedOut: false,
  } as const;
  const record = (profile: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
    v: 1,
    staff: [profile],
    idleLockMinutes: 5,
    ...top,
  });
  const without = (key: string): Record<string, unknown> =>
    Object.fromEntries(Object.entries(PROFILE).filter(([k]) => k !== key));

  const cases: [string, unknown][] = [
    ['a whole record', record(PROFILE)],
    ['nobody yet', { v: 1, staff: [], idleLockMinutes: 60 }],
    ['an offset time', record({ ...PROFILE, signedInAt: '2025-09-08T08:30:00+01:00' })],
    ['version 2', record(PROFILE, { v: 2 })],
    ['an idle lock of 0', record(PROFILE, { idleLockMinutes: 0 })],
    ['an idle lock of 61', record(PROFILE, { idleLockMinutes: 61 })],
    ['an idle lock of 1.5', record(PROFILE, { idleLockMinutes: 1.5 })],
    ['an extra key', record(PROFILE, { extra: true })],
    ['staff not a list', { v: 1, staff: PROFILE, idleLockMinutes: 5 }],
    ['null', null],
    ['a list', [record(PROFILE)]],
    ['a missing name', record(without('name'))],
    ['a missing pin', record(without('pin'))],
    ['an extra staff key', record({ ...PROFILE, extra: 1 })],
    ['a bad staff id', record({ ...PROFILE, staffId: 'x' })],
    ['a bad school id', record({ ...PROFILE, schoolId: '123' })],
    ['an unknown role', record({ ...PROFILE, role: 'head' })],
    ['a date only', record({ ...PROFILE, signedInAt: '2025-09-08' })],
    ['no seconds', record({ ...PROFILE, signedInAt: '2025-09-08T07:30Z' })],
    ['no zone', record({ ...PROFILE, signedInAt: '2025-09-08T07:30:00' })],
    ['month 13', record({ ...PROFILE, signedInAt: '2025-13-08T07:30:00Z' })],
    ['30 February', record({ ...PROFILE, signedInAt: '2025-02-30T07:30:00Z' })],
    ['29 February 2024', record({ ...PROFILE, signedInAt: '2024-02-29T07:30:00Z' })],
    ['29 February 2025', record({ ...PROFILE, signedInAt: '2025-02-29T07:30:00Z' })],
    ['another algorithm', record({ ...PROFILE, pin: { ...PROFILE.pin, algorithm: 'MD5' } })],
    ['no iterations', record({ ...PROFILE, pin: { ...PROFILE.pin, iterations: 0 } })],
    ['an empty salt', record({ ...PROFILE, pin: { ...PROFILE.pin, salt: '' } })],
    ['an extra pin key', record({ ...PROFILE, pin: { ...PROFILE.pin, pepper: 'x' } })],
    ['negative attempts', record({ ...PROFILE, failedAttempts: -1 })],
    ['attempts as text', record({ ...PROFILE, failedAttempts: '1' })],
    ['lock-out as text', record({ ...PROFILE, isLockedOut: 'no' })],
    ['a numeric name', record({ ...PROFILE, name: 7 })],
  ];

  it.each(cases)('%s', (_what, value) => {
    const parsed = deviceAuthSchema.safeParse(value);
    expect(toDeviceAuth(value)).toEqual(parsed.success ? (parsed.data as DeviceAuth) : null);
  });
});
