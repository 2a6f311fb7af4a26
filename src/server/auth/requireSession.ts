/**
 * Authorisation middleware. `requireSession` turns the session cookie into the signed-in person
 * (or a 401); `requireRole` then admits only the named roles at the session's school (or a 403).
 * Every route but health and sign-in sits behind them (docs/design.md §5).
 */
import type { MiddlewareHandler } from 'hono';
import type { Role } from '../../domain';
import type { AppDeps } from '../appDeps';
import { STAFF_HEADER } from '../../shared/api/routes';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { readSessionCookie } from './cookies';
import { findSession } from './sessions';
import type { SessionLookup } from './sessions';
import { rolesOfStaff } from './staffDirectory';

const WHY_MESSAGE: Record<Exclude<SessionLookup, { ok: true }>['why'], string> = {
  unknown: 'You are not signed in. Please sign in.',
  expired: 'Your session has ended. Please sign in again.',
  revoked: 'You have signed out. Please sign in again.',
  device_revoked:
    'This device’s access to Tickmark has been withdrawn by an administrator. Sign in again to enrol it afresh.',
  staff_disabled: 'Your account is no longer active. Ask your school’s Tickmark administrator.',
};

export interface RequireSessionOptions {
  /**
   * Admit the session of a device an administrator revoked, as long as the session is otherwise
   * live (same person, not expired, not signed out); `c.var.auth.deviceWithdrawn` is then true.
   * Only the push uses it, so marks queued on a withdrawn tablet still reach the office, flagged
   * (docs/api.md, "A revoked device's queued marks").
   */
  readonly admitWithdrawnDevice?: boolean;
}

/** Admits requests with a live session cookie and sets `c.var.auth`; otherwise 401. */
export function requireSession(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  options: RequireSessionOptions = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = readSessionCookie(c);
    if (token === undefined || token === '') {
      throw new ApiError('not_signed_in', { message: WHY_MESSAGE.unknown });
    }
    const found = await findSession(deps.db, token, deps.clock.now());
    const withdrawn =
      !found.ok && options.admitWithdrawnDevice === true ? found.withdrawnSession : undefined;
    if (!found.ok && withdrawn === undefined) {
      throw new ApiError('not_signed_in', { message: WHY_MESSAGE[found.why] });
    }
    const session = found.ok ? found.session : withdrawn;
    if (session === undefined) throw new Error('a session lookup gave neither a session nor why');
    const claimed = c.req.header(STAFF_HEADER);
    if (claimed !== undefined && claimed !== session.staff.id) {
      throw new ApiError('not_signed_in', {
        message:
          'Someone else signed in online on this device last. Sign in online as yourself, then try again.',
      });
    }
    const allRoles = await rolesOfStaff(deps.db, session.staff.id);
    const roles = allRoles.filter((r) => r.schoolId === session.school.id).map((r) => r.role);
    if (roles.length === 0) throw new ApiError('no_school_role');
    c.set('auth', {
      staff: session.staff,
      school: session.school,
      roles,
      allRoles,
      deviceId: session.deviceId,
      sessionTokenHash: session.tokenHash,
      expiresAt: session.expiresAt,
      deviceWithdrawn: withdrawn !== undefined,
    });
    await next();
  };
}

/** Admits only people holding one of `roles` at the session's school; otherwise 403. */
export function requireRole(...roles: readonly Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.get('auth') as AppEnv['Variables']['auth'] | undefined;
    if (auth === undefined) throw new Error('requireRole must come after requireSession.');
    if (!auth.roles.some((r) => roles.includes(r))) throw new ApiError('forbidden');
    await next();
  };
}
