/**
 * Device administration: an admin lists the school's enrolled devices, names them ("Class 3
 * tablet") and revokes lost ones.
 */
import type { Hono } from 'hono';
import * as endpoints from '../../shared/api/endpoints/coreEndpoints';
import type { AppDeps } from '../appDeps';
import { listDevices, renameDevice, revokeDevice } from '../auth/devices';
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

  serveEndpoint(app, deps, endpoints.renameDevice, async ({ params: { id }, body, auth }) => {
    const outcome = await deps.db.transaction((tx) =>
      renameDevice(tx, { schoolId: auth.school.id, deviceId: id, name: body.name }),
    );
    if (outcome.kind === 'not_found')
      throw new ApiError('not_found', { message: 'This school has no device with that id.' });
    if (outcome.kind === 'name_taken') {
      const revoked = outcome.holder.revokedAt === null ? '' : ' (a revoked device)';
      throw new ApiError('already_exists', {
        message: `Another device at this school${revoked} is already called “${outcome.holder.name ?? body.name}”. Choose a different name, or rename that device first.`,
      });
    }
    deps.logger.info('device renamed', { device: id, by: auth.staff.id });
    return { device: outcome.device };
  });
}
