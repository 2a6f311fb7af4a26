import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_HASH, fixedClock, SCHOOL_ID, sessionAnswer } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import { getMeta } from '../db/meta';
import { DEVICE_ID, freshDb, OFFICE, TEACHER } from '../testSupport.fixture';
import { DEFAULT_IDLE_LOCK_MINUTES } from './lockFacts';
import { readDeviceAuth } from './deviceAuthStore';
import { MAX_PIN_ATTEMPTS } from './pinAttempts';
import { startPinCheck } from './pinCheck';
import { completeSignIn, keepPin, setIdleLockMinutes, setPin, unlockWithPin } from './pinLock';

const clock = fixedClock(Date.parse('2025-09-08T07:00:00Z'));
let db: AppDb;
afterEach(() => db.close());

async function signedIn(who = TEACHER) {
  const staff = await completeSignIn(db, sessionAnswer(who));
  if (staff === null) throw new Error('no role');
  return staff;
}

describe('completeSignIn', () => {
  it('enrols the device and returns who signed in, storing nothing unlockable yet', async () => {
    db = freshDb();
    const staff = await signedIn();
    expect(staff).toMatchObject({ staffId: TEACHER.staffId, role: 'teacher', schoolId: SCHOOL_ID });
    expect(await getMeta(db, 'deviceId')).toBe(DEVICE_ID);
    expect((await readDeviceAuth(db)).staff).toEqual([]);
  });

  it('returns null when the answer gives no role at its school', async () => {
    db = freshDb();
    expect(await completeSignIn(db, { ...sessionAnswer(), roles: [] })).toBeNull();
  });
});

describe('setPin and unlockWithPin', () => {
  it('stores only a hash, and unlocks with the right PIN', async () => {
    db = freshDb();
    await setPin(db, await signedIn(), '2468', { clock, hash: FAST_HASH });
    const stored = await readDeviceAuth(db);
    expect(JSON.stringify(stored)).not.toContain('2468');
    expect(stored.idleLockMinutes).toBe(DEFAULT_IDLE_LOCK_MINUTES);
    expect(stored.staff[0]).toMatchObject({ staffId: TEACHER.staffId, failedAttempts: 0 });

    const result = await unlockWithPin(db, TEACHER.staffId, '2468');
    expect(result).toMatchObject({ ok: true, staff: { name: TEACHER.name, role: 'teacher' } });
  });

  it('uses a check started early (the lock screen) only when the stored hash is still the one it checked', async () => {
    db = freshDb();
    const staff = await signedIn();
    const first = await setPin(db, staff, '2468', { clock, hash: FAST_HASH });

    const right = startPinCheck('2468', first.pin);
    expect(await unlockWithPin(db, TEACHER.staffId, '2468', right)).toMatchObject({ ok: true });
    const wrong = startPinCheck('1111', first.pin);
    expect(await unlockWithPin(db, TEACHER.staffId, '1111', wrong)).toEqual({
      ok: false,
      reason: 'wrong_pin',
      attemptsLeft: MAX_PIN_ATTEMPTS - 1,
    });

    // A sign-in in another tab sets a new PIN after the check began: the old PIN's check says
    // nothing of it, so the PIN is checked again against the new hash (and counted).
    const early = startPinCheck('2468', first.pin);
    await setPin(db, staff, '1357', { clock, hash: FAST_HASH });
    expect(await unlockWithPin(db, TEACHER.staffId, '2468', early)).toEqual({
      ok: false,
      reason: 'wrong_pin',
      attemptsLeft: MAX_PIN_ATTEMPTS - 1,
    });
    expect(await unlockWithPin(db, TEACHER.staffId, '1357', early)).toMatchObject({ ok: true });
  });

  it('counts wrong PINs and locks that person out after five, until an online sign-in', async () => {
    db = freshDb();
    await setPin(db, await signedIn(), '2468', { clock, hash: FAST_HASH });
    await setPin(db, await signedIn(OFFICE), '1357', { clock, hash: FAST_HASH });

    for (let left = MAX_PIN_ATTEMPTS - 1; left > 0; left -= 1) {
      expect(await unlockWithPin(db, TEACHER.staffId, '0000')).toEqual({
        ok: false,
        reason: 'wrong_pin',
        attemptsLeft: left,
      });
    }
    expect(await unlockWithPin(db, TEACHER.staffId, '0000')).toEqual({
      ok: false,
      reason: 'locked_out',
    });
    // Now even the right PIN does not unlock offline.
    expect(await unlockWithPin(db, TEACHER.staffId, '2468')).toEqual({
      ok: false,
      reason: 'locked_out',
    });
    // Another member of staff is not affected.
    expect(await unlockWithPin(db, OFFICE.staffId, '1357')).toMatchObject({ ok: true });

    // An online sign-in lifts it: either keeping the PIN or choosing a new one.
    const kept = await keepPin(db, await signedIn(), { clock });
    expect(kept).toMatchObject({ isLockedOut: false, failedAttempts: 0 });
    expect(await unlockWithPin(db, TEACHER.staffId, '2468')).toMatchObject({ ok: true });
  });

  it('a right PIN clears the wrong ones before it', async () => {
    db = freshDb();
    await setPin(db, await signedIn(), '2468', { clock, hash: FAST_HASH });
    await unlockWithPin(db, TEACHER.staffId, '1111');
    await unlockWithPin(db, TEACHER.staffId, '1111');
    await unlockWithPin(db, TEACHER.staffId, '2468');
    expect((await readDeviceAuth(db)).staff[0]?.failedAttempts).toBe(0);
  });

  it('a new PIN after sign-in replaces the old one and clears the lock-out', async () => {
    db = freshDb();
    await setPin(db, await signedIn(), '2468', { clock, hash: FAST_HASH });
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i += 1) await unlockWithPin(db, TEACHER.staffId, '0000');
    await setPin(db, await signedIn(), '97531', { clock, hash: FAST_HASH });
    expect((await readDeviceAuth(db)).staff).toHaveLength(1);
    expect(await unlockWithPin(db, TEACHER.staffId, '2468')).toMatchObject({ reason: 'wrong_pin' });
    expect(await unlockWithPin(db, TEACHER.staffId, '97531')).toMatchObject({ ok: true });
  });

  it('does not know someone who has never signed in here', async () => {
    db = freshDb();
    expect(await unlockWithPin(db, OFFICE.staffId, '1234')).toEqual({
      ok: false,
      reason: 'unknown_staff',
    });
    expect(await keepPin(db, await signedIn(OFFICE), { clock })).toBeNull();
  });

  it('refuses to store an unusable PIN (a bug in the screen)', async () => {
    db = freshDb();
    await expect(setPin(db, await signedIn(), '12', { clock, hash: FAST_HASH })).rejects.toThrow(
      /unusable PIN/,
    );
  });

  it('reads a damaged record as nobody, so nobody can unlock offline', async () => {
    db = freshDb();
    await setPin(db, await signedIn(), '2468', { clock, hash: FAST_HASH });
    await db.meta.update('deviceAuth' as never, { value: { v: 1, staff: 'garbled' } });
    expect((await readDeviceAuth(db)).staff).toEqual([]);
    expect(await unlockWithPin(db, TEACHER.staffId, '2468')).toMatchObject({
      reason: 'unknown_staff',
    });
  });

  it('remembers the idle-lock minutes', async () => {
    db = freshDb();
    await setIdleLockMinutes(db, 10);
    expect((await readDeviceAuth(db)).idleLockMinutes).toBe(10);
  });
});
