/**
 * Signing in with email and password (docs/design.md §5): throttled with growing waits
 * (rateLimit.ts), one message for every kind of failure, a device enrolled (or re-used), a session
 * started.
 *
 * Which waits apply depends on the browser. On a device this person has signed in on before
 * (its device cookie proves it, and `device_staff` names them) only that device's own failures
 * count, so a stranger guessing from elsewhere never holds up the owner's tablet. From any other
 * browser the account's failures and the address's failures both count; the address's bound is
 * far above what a staff room mistypes, so one pupil on the school's network cannot keep staff
 * out, and enrolled devices ignore it anyway.
 */
import type { SessionResponse, SignInRequest } from '../../shared/api/authSchemas';
import { signInWaitMessage } from '../../shared/api/signInWait';
import type { AppDeps } from '../appDeps';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import type { DeviceClaim } from './devices';
import { enrolDevice, findClaimedDevice, touchDevice } from './devices';
import { hashPassword, verifyPassword } from './password';
import type { PasswordParams } from './password';
import { clearFailures, pruneCounters, recordFailure, waitSeconds } from './rateLimit';
import type { ThrottleRule } from './rateLimit';
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
const knownDeviceKey = (deviceId: string, staffId: string): string =>
  `sign-in:device:${deviceId}:${staffId}`;

function tooManyAttempts(seconds: number): ApiError {
  return new ApiError('rate_limited', {
    message: signInWaitMessage(seconds),
    details: { retryAfterSeconds: seconds },
    headers: { 'Retry-After': String(seconds) },
  });
}

interface Throttle {
  readonly key: string;
  readonly rule: ThrottleRule;
}

/** Whether the browser's proven device is one `staffId` has signed in on before. */
async function isKnownDevice(db: Queryable, deviceId: string, staffId: string): Promise<boolean> {
  const { rows } = await db.query(
    'SELECT 1 FROM device_staff WHERE device_id = $1 AND staff_id = $2',
    [deviceId, staffId],
  );
  return rows.length > 0;
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

  const staff = await findStaffByEmail(db, input.email);
  const claim: DeviceClaim = { deviceId: input.deviceId, token: facts.deviceToken };
  const claimed = await findClaimedDevice(db, claim);
  const knownDevice =
    staff !== null && claimed !== null && (await isKnownDevice(db, claimed.deviceId, staff.id))
      ? knownDeviceKey(claimed.deviceId, staff.id)
      : null;
  const throttles: readonly Throttle[] =
    knownDevice !== null
      ? [{ key: knownDevice, rule: limits.perKnownDevice }]
      : [
          { key: accountKey(input.email), rule: limits.perAccount },
          { key: addressKey(facts.address), rule: limits.perAddress },
        ];
  let wait = 0;
  for (const { key, rule } of throttles) {
    wait = Math.max(wait, (await waitSeconds(db, key, rule, now)) ?? 0);
  }
  if (wait > 0) throw tooManyAttempts(wait);

  const usable = staff !== null && staff.disabledAt === null && staff.passwordHash !== null;
  const storedHash = usable ? staff.passwordHash : null;
  const matches = await verifyPassword(
    storedHash ?? (await decoyHash(deps.passwordParams)),
    input.password,
  );
  if (staff === null || storedHash === null || !matches) {
    for (const { key, rule } of throttles) await recordFailure(db, key, rule, now);
    // Runs every rule has forgotten can go; done here so no timer is needed.
    const longest = Math.max(...Object.values(limits).map((r: ThrottleRule) => r.forgetAfterMs));
    await pruneCounters(db, new Date(now.getTime() - longest));
    throw new ApiError('bad_credentials');
  }
  // The right password ends this account's run (on this device, or from anywhere); the
  // address's run is about other accounts too, so it only runs out by time.
  await clearFailures(db, throttles[0]?.key ?? accountKey(input.email));

  return startSignedIn(deps, staff, {
    claimed,
    schoolId: input.schoolId,
    deviceLabel: input.deviceLabel ?? null,
    userAgent: facts.userAgent,
  });
}

/** What the person proved and the browser claimed, for {@link startSignedIn}. */
export interface SignInChoice {
  /** The device the browser proved it holds (id and cookie), or null. */
  readonly claimed: Awaited<ReturnType<typeof findClaimedDevice>>;
  /** The school asked for, if any; a school the person has no role at is ignored. */
  readonly schoolId: string | undefined;
  readonly deviceLabel: string | null;
  readonly userAgent: string | null;
}

/**
 * After the person has proved who they are (a password here, or their organisation's OpenID
 * Connect provider, oidcSignIn.ts): chooses the school, enrols or re-uses the device and starts a
 * session, the same way for both.
 *
 * @throws ApiError `no_school_role` (403) when the person has no role at any school.
 */
export async function startSignedIn(
  deps: AppDeps,
  staff: { readonly id: string; readonly name: string; readonly email: string },
  choice: SignInChoice,
): Promise<SignedIn> {
  const { db, clock } = deps;
  const now = clock.now();
  const { claimed } = choice;
  const roles = await rolesOfStaff(db, staff.id);
  const schoolIds = new Set(roles.map((r) => r.schoolId));
  let schoolId: string | undefined;
  if (choice.schoolId !== undefined) {
    schoolId = schoolIds.has(choice.schoolId) ? choice.schoolId : undefined;
  } else if (claimed !== null && schoolIds.has(claimed.schoolId)) {
    schoolId = claimed.schoolId;
  } else {
    schoolId = roles[0]?.schoolId;
  }
  const school = roles.find((r) => r.schoolId === schoolId);
  if (schoolId === undefined || school === undefined) throw new ApiError('no_school_role');

  const label = choice.deviceLabel;
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
        userAgent: choice.userAgent,
        now,
      });
      device = { deviceId: enrolled.deviceId, newDeviceToken: enrolled.token };
    }
    // Marks queued on this device under this person's name are accepted from now on, even after
    // someone else signs in on it (a shared classroom tablet, docs/design.md §5).
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
