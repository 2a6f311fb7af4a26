/**
 * First run (`/api/setup`, open to anyone holding the printed link's token) and the schools of
 * an organisation (`/api/admin/schools`, for admins).
 */
import type { Hono } from 'hono';
import {
  SETUP_ROUTES,
  schoolDetailsSchema,
  setupRequestSchema,
} from '../../shared/api/setupSchemas';
import type { AppDeps } from '../appDeps';
import { requireRole, requireSession } from '../auth/requireSession';
import type { AppEnv } from '../http/appEnv';
import { readJsonBody } from '../http/parseRequest';
import { addOrganisationSchool, listOrganisationSchools } from './organisationSchools';
import { runSetup } from './runSetup';
import { isSetupNeeded } from './setupToken';

export function registerSetupRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const admin = [requireSession(deps), requireRole('admin')] as const;

  app.get(SETUP_ROUTES.setup, async (c) => c.json({ needed: await isSetupNeeded(deps.db) }));

  app.post(SETUP_ROUTES.setup, async (c) => {
    const { token, ...input } = await readJsonBody(c, setupRequestSchema);
    const result = await runSetup(deps.db, input, {
      token,
      now: deps.clock.now(),
      passwordParams: deps.passwordParams,
    });
    deps.logger.info('first-run setup done', { organisationId: result.organisation.id });
    return c.json(result, 201);
  });

  app.get(SETUP_ROUTES.adminSchools, ...admin, async (c) =>
    c.json(await listOrganisationSchools(deps.db, c.get('auth').school.id)),
  );

  app.post(SETUP_ROUTES.adminSchools, ...admin, async (c) => {
    const details = await readJsonBody(c, schoolDetailsSchema);
    const auth = c.get('auth');
    const school = await addOrganisationSchool(deps.db, {
      fromSchoolId: auth.school.id,
      adminId: auth.staff.id,
      details,
      now: deps.clock.now(),
    });
    return c.json({ status: 'ok' as const, school }, 201);
  });
}
