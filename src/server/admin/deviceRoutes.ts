/** Device administration: an admin lists the school's enrolled devices and revokes lost ones. */
import type { Hono } from 'hono';
import * as endpoints from '../../shared/api/endpoints/coreEndpoints';
import type { AppDeps } from '../appDeps';
import { listDevices, revokeDevice } from '../auth/devices';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';

/** Adds the admin device routes to the app. */
export function registerDeviceRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.listDevices, async ({ auth }) => ({
    devices: await listDevices(deps.db, auth.school.id),
  }));

  serveEndpoint(app, deps, endpoints.revokeDevice, async ({ params: { id }, auth }) => {
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
    return { device };
  });
}
