/**
 * `POST /api/auth/switch-school`: a person with roles at several schools of one organisation (a
 * federation or trust) moves their session to another of them. The old session ends and a new
 * one starts at the chosen school, so a session always acts at exactly one school and every
 * "record of another school is not found" rule keeps holding.
 *
 * A device is enrolled at one school (its marks are numbered in that school's log), so the new
 * session re-uses this browser's device only if it proves one enrolled at the target school;
 * otherwise a device is enrolled there, as a sign-in there would.
 */
import type { Context } from 'hono';
import type { SessionResponse } from '../../shared/api/authSchemas';
import type { SwitchSchoolRequest } from '../../shared/api/dataSchemas';
import { STAFF_HEADER } from '../../shared/api/routes';
import type { AppDeps } from '../appDeps';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { readDeviceCookie, readSessionCookie, setDeviceCookie, setSessionCookie } from './cookies';
import { enrolDevice, findClaimedDevice, touchDevice } from './devices';
import { createSession, findSession, revokeSession } from './sessions';
import { rolesOfStaff } from './staffDirectory';

export async function switchSchool(
  c: Context<AppEnv>,
  deps: AppDeps,
  input: SwitchSchoolRequest,
): Promise<SessionResponse> {
  const now = deps.clock.now();
  const token = readSessionCookie(c);
  if (token === undefined || token === '') {
    throw new ApiError('not_signed_in', { message: 'You are not signed in. Please sign in.' });
  }
  const found = await findSession(deps.db, token, now);
  if (!found.ok) throw new ApiError('not_signed_in');
  const { session } = found;
  const claimedStaff = c.req.header(STAFF_HEADER);
  if (claimedStaff !== undefined && claimedStaff !== session.staff.id) {
    throw new ApiError('not_signed_in', {
      message:
        'Someone else signed in online on this device last. Sign in online as yourself, then try again.',
    });
  }
  const roles = await rolesOfStaff(deps.db, session.staff.id);
  const target = roles.find((r) => r.schoolId === input.schoolId);
  if (target === undefined) {
    throw new ApiError('no_school_role', {
      message:
        'You do not have a role at that school, so you cannot switch to it. Ask its Tickmark administrator to add one.',
    });
  }
  const claimed = await findClaimedDevice(deps.db, {
    deviceId: input.deviceId,
    token: readDeviceCookie(c),
  });
  const label = input.deviceLabel ?? null;
  const result = await deps.db.transaction(async (tx) => {
    let deviceId: string;
    let newDeviceToken: string | null = null;
    if (claimed !== null && claimed.schoolId === input.schoolId) {
      await touchDevice(tx, claimed.deviceId, { label, now });
      deviceId = claimed.deviceId;
    } else {
      const enrolled = await enrolDevice(tx, {
        schoolId: input.schoolId,
        staffId: session.staff.id,
        label,
        userAgent: c.req.header('user-agent') ?? null,
        now,
      });
      deviceId = enrolled.deviceId;
      newDeviceToken = enrolled.token;
    }
    await tx.query(
      `INSERT INTO device_staff (device_id, staff_id, first_signed_in_at, last_signed_in_at)
       VALUES ($1, $2, $3, $3)
       ON CONFLICT (device_id, staff_id) DO UPDATE SET last_signed_in_at = EXCLUDED.last_signed_in_at`,
      [deviceId, session.staff.id, now],
    );
    await revokeSession(tx, token, now);
    const started = await createSession(tx, {
      staffId: session.staff.id,
      deviceId,
      schoolId: input.schoolId,
      now,
      ttlHours: deps.config.sessionTtlHours,
    });
    return { deviceId, newDeviceToken, started };
  });
  setSessionCookie(c, deps.config, result.started.token, deps.config.sessionTtlHours * 60 * 60);
  if (result.newDeviceToken !== null) setDeviceCookie(c, deps.config, result.newDeviceToken);
  deps.logger.info('switched school', {
    staff: session.staff.id,
    school: input.schoolId,
    device: result.deviceId,
  });
  return {
    staff: session.staff,
    roles,
    device: { id: result.deviceId },
    school: { id: target.schoolId, name: target.schoolName },
    expiresAt: result.started.expiresAt.toISOString(),
  };
}
