/**
 * Signing in with email and password (design.md §5): rate-limited per account and per address,
 * one message for every kind of failure, a device enrolled (or re-used), a session started.
 */
import type { SessionResponse, SignInRequest } from '../../shared/api/authSchemas';
import type { AppDeps } from '../appDeps';
import { ApiError } from '../http/apiError';
import type { DeviceClaim } from './devices';
import { enrolDevice, findClaimedDevice, touchDevice } from './devices';
import { hashPassword, verifyPassword } from './password';
import type { PasswordParams } from './password';
import { blockedForSeconds, clearFailures, pruneCounters, recordFailure } from './rateLimit';
import { createSession } from './sessions';
import { findStaffByEmail, rolesOfStaff } from './staffDirectory';

export interface SignInFacts {
  /** The client's address, for the per-address limit. */
  readonly address: string;
  readonly userAgent: string | null;
  /** The device token from the browser's device cookie, if any. */
  readonly deviceToken: string | undefined;
}

export interface SignedIn {
  readonly response: SessionResponse;
  readonly sessionToken: string;
  readonly sessionMaxAgeSeconds: number;
  /** A new device token to set as the device cookie, or null when the device was re-used. */
  readonly newDeviceToken: string | null;
}

// Unknown emails are checked against a decoy hash of the same cost, so a wrong email takes as
// long as a wrong password and response time does not reveal which accounts exist.
const decoyHashes = new Map<string, Promise<string>>();
function decoyHash(params: PasswordParams): Promise<string> {
  const key = `${params.memoryCost}:${params.timeCost}:${params.parallelism}`;
  let decoy = decoyHashes.get(key);
  if (decoy === undefined) {
    decoy = hashPassword('tickmark decoy password', params);
    decoyHashes.set(key, decoy);
  }
  return decoy;
}

const accountKey = (email: string): string => `sign-in:account:${email}`;
const addressKey = (address: string): string => `sign-in:address:${address}`;

function tooManyAttempts(seconds: number): ApiError {
  const minutes = Math.ceil(seconds / 60);
  return new ApiError('rate_limited', {
    message: `Too many sign-in attempts. Please wait ${minutes} minute${minutes === 1 ? '' : 's'} and try again.`,
    details: { retryAfterSeconds: seconds },
    headers: { 'Retry-After': String(seconds) },
  });
}

/**
 * Checks the password and, on success, enrols or re-uses the device and starts a session.
 *
 * @throws ApiError `rate_limited` (429), `bad_credentials` (401) or `no_school_role` (403).
 */
export async function signIn(
  deps: AppDeps,
  input: SignInRequest,
  facts: SignInFacts,
): Promise<SignedIn> {
  const { db, clock, signInLimits: limits } = deps;
  const now = clock.now();

  const wait = Math.max(
    (await blockedForSeconds(db, accountKey(input.email), limits.perAccount, now)) ?? 0,
    (await blockedForSeconds(db, addressKey(facts.address), limits.perAddress, now)) ?? 0,
  );
  if (wait > 0) throw tooManyAttempts(wait);

  const staff = await findStaffByEmail(db, input.email);
  const usable = staff !== null && staff.disabledAt === null && staff.passwordHash !== null;
  const storedHash = usable ? staff.passwordHash : null;
  const matches = await verifyPassword(
    storedHash ?? (await decoyHash(deps.passwordParams)),
    input.password,
  );
  if (staff === null || storedHash === null || !matches) {
    await recordFailure(db, accountKey(input.email), limits.perAccount, now);
    await recordFailure(db, addressKey(facts.address), limits.perAddress, now);
    // Counters whose window ended a day ago can go; done here so no timer is needed.
    await pruneCounters(db, new Date(now.getTime() - 24 * 60 * 60 * 1000));
    throw new ApiError('bad_credentials');
  }
  await clearFailures(db, accountKey(input.email));

  const roles = await rolesOfStaff(db, staff.id);
  const claim: DeviceClaim = { deviceId: input.deviceId, token: facts.deviceToken };
  const claimed = await findClaimedDevice(db, claim);
  const schoolIds = new Set(roles.map((r) => r.schoolId));
  let schoolId: string | undefined;
  if (input.schoolId !== undefined) {
    schoolId = schoolIds.has(input.schoolId) ? input.schoolId : undefined;
  } else if (claimed !== null && schoolIds.has(claimed.schoolId)) {
    schoolId = claimed.schoolId;
  } else {
    schoolId = roles[0]?.schoolId;
  }
  const school = roles.find((r) => r.schoolId === schoolId);
  if (schoolId === undefined || school === undefined) throw new ApiError('no_school_role');

  const label = input.deviceLabel ?? null;
  const { deviceId, newDeviceToken, session } = await db.transaction(async (tx) => {
    let device: { deviceId: string; newDeviceToken: string | null };
    if (claimed !== null && claimed.schoolId === schoolId) {
      await touchDevice(tx, claimed.deviceId, { label, now });
      device = { deviceId: claimed.deviceId, newDeviceToken: null };
    } else {
      const enrolled = await enrolDevice(tx, {
        schoolId,
        staffId: staff.id,
        label,
        userAgent: facts.userAgent,
        now,
      });
      device = { deviceId: enrolled.deviceId, newDeviceToken: enrolled.token };
    }
    // Marks queued on this device under this person's name are accepted from now on, even after
    // someone else signs in on it (a shared classroom tablet, design.md §5).
    await tx.query(
      `INSERT INTO device_staff (device_id, staff_id, first_signed_in_at, last_signed_in_at)
       VALUES ($1, $2, $3, $3)
       ON CONFLICT (device_id, staff_id) DO UPDATE SET last_signed_in_at = EXCLUDED.last_signed_in_at`,
      [device.deviceId, staff.id, now],
    );
    const started = await createSession(tx, {
      staffId: staff.id,
      deviceId: device.deviceId,
      schoolId,
      now,
      ttlHours: deps.config.sessionTtlHours,
    });
    return { ...device, session: started };
  });

  deps.logger.info('signed in', { staff: staff.id, school: schoolId, device: deviceId });
  return {
    response: {
      staff: { id: staff.id, name: staff.name, email: staff.email },
      roles,
      device: { id: deviceId },
      school: { id: school.schoolId, name: school.schoolName },
      expiresAt: session.expiresAt.toISOString(),
    },
    sessionToken: session.token,
    sessionMaxAgeSeconds: deps.config.sessionTtlHours * 60 * 60,
    newDeviceToken,
  };
}
