/** Device administration: an admin lists the school's enrolled devices and revokes lost ones. */
import type { Hono } from 'hono';
import { deviceIdParamSchema } from '../../shared/api/authSchemas';
import { ROUTES } from '../../shared/api/routes';
import type { AppDeps } from '../appDeps';
import { listDevices, revokeDevice } from '../auth/devices';
import { requireRole, requireSession } from '../auth/requireSession';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { readParams } from '../http/parseRequest';

/** Adds the admin device routes to the app. */
export function registerDeviceRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const adminOnly = [requireSession(deps), requireRole('admin')] as const;

  app.get(ROUTES.adminDevices, ...adminOnly, async (c) => {
    const devices = await listDevices(deps.db, c.get('auth').school.id);
    return c.json({ devices });
  });

  app.post(ROUTES.adminRevokeDevice, ...adminOnly, async (c) => {
    const { id } = readParams(c, deviceIdParamSchema);
    const auth = c.get('auth');
    const device = await deps.db.transaction((tx) =>
      revokeDevice(tx, {
        schoolId: auth.school.id,
        deviceId: id,
        byStaffId: auth.staff.id,
        now: deps.clock.now(),
      }),
    );
    // A device of another school is "not found": admins see only their own school's devices.
    if (device === null)
      throw new ApiError('not_found', { message: 'This school has no device with that id.' });
    deps.logger.info('device revoked', { device: id, by: auth.staff.id });
    return c.json({ device });
  });
}
