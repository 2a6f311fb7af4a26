/**
 * The tablet's lock (docs/design.md §3.3): after an online sign-in the person sets a PIN; later
 * they, or a colleague who has also signed in here, unlock with it offline. Five wrong PINs in a
 * row switch that person's offline unlock off until their next online sign-in.
 *
 * Hashing is slow on purpose and asynchronous, so it runs before the read-write transaction that
 * records the outcome (a Dexie transaction commits at the first await that is not IndexedDB's);
 * the transaction re-reads the record, so a count from another tab is never lost.
 */
import type { SessionResponse } from '../../shared/api/authSchemas';
import type { Clock } from '../clock';
import type { AppDb } from '../db/appDb';
import { effectiveRole, type DeviceAuth, type PinHash, type StaffProfile } from './deviceAuth';
import { readDeviceAuth, updateDeviceAuth } from './deviceAuthStore';
import { afterPinCheck, attemptsLeft } from './pinAttempts';
import { hashPin, verifyPin, type PinHashOptions } from './pinHash';
import { pinProblem } from './pinRules';

/** Someone who has just signed in online and has not set their PIN yet. */
export interface SignedInStaff {
  readonly staffId: string;
  readonly name: string;
  readonly email: string;
  readonly schoolId: string;
  readonly schoolName: string;
  readonly role: StaffProfile['role'];
}

export type UnlockResult =
  | { readonly ok: true; readonly staff: StaffProfile }
  | { readonly ok: false; readonly reason: 'wrong_pin'; readonly attemptsLeft: number }
  | { readonly ok: false; readonly reason: 'locked_out' }
  | { readonly ok: false; readonly reason: 'unknown_staff' };

/**
 * Records a successful online sign-in: enrols the device under the id the server gave and
 * returns who signed in. Nobody is stored as able to unlock until they set a PIN.
 *
 * @returns null when the answer gives no role at its own school (the server should not allow it)
 */
export async function completeSignIn(
  db: AppDb,
  session: SessionResponse,
): Promise<SignedInStaff | null> {
  const role = effectiveRole(session.roles, session.school.id);
  if (role === null) return null;
  // Loaded here, not at the top: enrolment (and the wire numbering it resets) belongs to the
  // online sign-in, and leaving it out of the lock screen's code keeps the cold start light.
  const { enrolDevice } = await import('../sync/enrolDevice');
  await enrolDevice(db, session.device.id);
  return {
    staffId: session.staff.id,
    name: session.staff.name,
    email: session.staff.email,
    schoolId: session.school.id,
    schoolName: session.school.name,
    role,
  };
}

/**
 * Stores `pin` for someone who has just signed in online; it replaces any earlier PIN and clears
 * a lock-out (the online sign-in has proved who they are).
 */
export async function setPin(
  db: AppDb,
  staff: SignedInStaff,
  pin: string,
  options: { readonly clock: Clock; readonly hash?: PinHashOptions },
): Promise<StaffProfile> {
  const problem = pinProblem(pin);
  if (problem !== null) throw new Error(`setPin was given an unusable PIN: ${problem}`);
  const hash = await hashPin(pin, options.hash);
  const profile: StaffProfile = {
    ...staff,
    signedInAt: new Date(options.clock.now()).toISOString(),
    pin: hash,
    failedAttempts: 0,
    isLockedOut: false,
  };
  await updateDeviceAuth(db, (current) => ({
    ...current,
    staff: [...current.staff.filter((s) => s.staffId !== staff.staffId), profile],
  }));
  return profile;
}

const replaceStaff = (current: DeviceAuth, profile: StaffProfile): DeviceAuth => ({
  ...current,
  staff: current.staff.map((s) => (s.staffId === profile.staffId ? profile : s)),
});

/**
 * After an online sign-in, keeps the PIN this person already has here: the sign-in has proved who
 * they are, so a lock-out is lifted and their name and role are refreshed.
 *
 * @returns the updated profile, or null when they have no PIN on this tablet
 */
export async function keepPin(
  db: AppDb,
  staff: SignedInStaff,
  options: { readonly clock: Clock },
): Promise<StaffProfile | null> {
  let kept: StaffProfile | null = null;
  await updateDeviceAuth(db, (current) => {
    const existing = current.staff.find((s) => s.staffId === staff.staffId);
    if (existing === undefined) return current;
    kept = {
      ...existing,
      ...staff,
      signedInAt: new Date(options.clock.now()).toISOString(),
      failedAttempts: 0,
      isLockedOut: false,
    };
    return replaceStaff(current, kept);
  });
  return kept;
}

/** A PIN check already under way against a stored hash (pinCheck.ts `startPinCheck`). */
export interface StartedPinCheck {
  readonly against: PinHash;
  readonly isCorrect: Promise<boolean>;
}

const isSameHash = (a: PinHash, b: PinHash): boolean =>
  a.algorithm === b.algorithm &&
  a.iterations === b.iterations &&
  a.salt === b.salt &&
  a.hash === b.hash;

/**
 * Checks `pin` for `staffId` and counts the attempt. `started` is the same check begun earlier
 * (the lock screen starts the slow hash while Dexie loads): its answer is used only when it was
 * made against the hash stored now, else the PIN is checked again here.
 */
export async function unlockWithPin(
  db: AppDb,
  staffId: string,
  pin: string,
  started?: StartedPinCheck,
): Promise<UnlockResult> {
  const before = (await readDeviceAuth(db)).staff.find((s) => s.staffId === staffId);
  if (before === undefined) return { ok: false, reason: 'unknown_staff' };
  if (before.isLockedOut) return { ok: false, reason: 'locked_out' };
  const isCorrect =
    started !== undefined && isSameHash(started.against, before.pin)
      ? await started.isCorrect
      : pinProblem(pin) === null && (await verifyPin(pin, before.pin));

  let after: StaffProfile | undefined;
  await updateDeviceAuth(db, (current) => {
    const latest = current.staff.find((s) => s.staffId === staffId);
    // The PIN was changed by a sign-in in another tab meanwhile: this check says nothing of it.
    if (latest === undefined || latest.pin.hash !== before.pin.hash) return current;
    after = afterPinCheck(latest, isCorrect);
    return replaceStaff(current, after);
  });

  if (after === undefined) return { ok: false, reason: 'unknown_staff' };
  if (after.isLockedOut) return { ok: false, reason: 'locked_out' };
  if (!isCorrect) return { ok: false, reason: 'wrong_pin', attemptsLeft: attemptsLeft(after) };
  return { ok: true, staff: after };
}

/** Changes how many idle minutes lock the tablet. */
export async function setIdleLockMinutes(db: AppDb, minutes: number): Promise<void> {
  await updateDeviceAuth(db, (current) => ({ ...current, idleLockMinutes: minutes }));
}
