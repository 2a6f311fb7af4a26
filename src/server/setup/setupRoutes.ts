/**
 * First run (`/api/setup`, open to anyone holding the printed link's token) and the schools of
 * an organisation (`/api/admin/schools`, for admins).
 */
import type { Hono } from 'hono';
import * as endpoints from '../../shared/api/endpoints/setupEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import { addOrganisationSchool, listOrganisationSchools } from './organisationSchools';
import { runSetup } from './runSetup';
import { isSetupNeeded } from './setupToken';

export function registerSetupRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.setupStatus, async () => ({
    needed: await isSetupNeeded(deps.db),
  }));

  serveEndpoint(app, deps, endpoints.runSetup, async ({ body: { token, ...input } }) => {
    const result = await runSetup(deps.db, input, {
      token,
      now: deps.clock.now(),
      passwordParams: deps.passwordParams,
    });
    deps.logger.info('first-run setup done', { organisationId: result.organisation.id });
    return result;
  });

  serveEndpoint(app, deps, endpoints.listOrganisationSchools, async ({ auth }) =>
    listOrganisationSchools(deps.db, auth.school.id),
  );

  serveEndpoint(app, deps, endpoints.addOrganisationSchool, async ({ body: details, auth }) => {
    const school = await addOrganisationSchool(deps.db, {
      fromSchoolId: auth.school.id,
      adminId: auth.staff.id,
      details,
      now: deps.clock.now(),
    });
    return { status: 'ok' as const, school };
  });
}
