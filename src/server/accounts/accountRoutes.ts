/**
 * Staff accounts: the admin's list, adding, links, disabling and enabling (`/api/admin/staff…`),
 * and the two open endpoints the link's page calls (`/api/account/…`), which need the link's
 * token and nothing else.
 */
import type { Context, Hono } from 'hono';
import {
  ACCOUNT_ROUTES,
  linkCheckRequestSchema,
  newStaffSchema,
  setPasswordRequestSchema,
  staffIdParamSchema,
} from '../../shared/api/accountSchemas';
import type { AppDeps } from '../appDeps';
import { requireRole, requireSession } from '../auth/requireSession';
import type { AppEnv } from '../http/appEnv';
import { readJsonBody, readParams } from '../http/parseRequest';
import { checkAccountLink, issueAccountLink, setPasswordFromLink } from './accountLinks';
import {
  addStaffAccount,
  disableStaffAccount,
  enableStaffAccount,
  getStaffAccount,
  listStaffAccounts,
} from './staffAccounts';

/**
 * Where links point: the configured public address, else the page the admin is using (its
 * Origin passed the origin check, so it is one of the server's own).
 */
function baseUrlOf(c: Context<AppEnv>, deps: AppDeps): string {
  return deps.config.publicOrigin ?? c.req.header('origin') ?? deps.config.ownOrigins[0] ?? '';
}

export function registerAccountRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const admin = [requireSession(deps), requireRole('admin')] as const;
  const actionOf = (c: Context<AppEnv>) => {
    const auth = c.get('auth');
    return { schoolId: auth.school.id, byStaffId: auth.staff.id, now: deps.clock.now() };
  };

  app.get(ACCOUNT_ROUTES.adminStaff, ...admin, async (c) =>
    c.json({
      staff: await listStaffAccounts(deps.db, c.get('auth').school.id, deps.clock.now()),
      mail: deps.mailer === null ? ('shown' as const) : ('email' as const),
    }),
  );

  app.post(ACCOUNT_ROUTES.adminStaff, ...admin, async (c) => {
    const input = await readJsonBody(c, newStaffSchema);
    const action = actionOf(c);
    const id = await deps.db.transaction((tx) => addStaffAccount(tx, input, action));
    deps.logger.info('staff account added', { staff: id, by: action.byStaffId });
    return c.json(
      {
        status: 'ok' as const,
        staff: await getStaffAccount(deps.db, action.schoolId, id, action.now),
      },
      201,
    );
  });

  app.post(ACCOUNT_ROUTES.adminStaffLink, ...admin, async (c) => {
    const { id } = readParams(c, staffIdParamSchema);
    const action = actionOf(c);
    const issued = await issueAccountLink(deps.db, deps.mailer, {
      staffId: id,
      schoolId: action.schoolId,
      byStaffId: action.byStaffId,
      baseUrl: baseUrlOf(c, deps),
      now: action.now,
    });
    deps.logger.info('account link issued', {
      staff: id,
      kind: issued.kind,
      delivery: issued.delivery,
    });
    return c.json({
      status: 'ok' as const,
      kind: issued.kind,
      delivery: issued.delivery,
      link: issued.link,
      expiresAt: issued.expiresAt.toISOString(),
      staff: await getStaffAccount(deps.db, action.schoolId, id, action.now),
    });
  });

  for (const [route, change] of [
    [ACCOUNT_ROUTES.adminStaffDisable, disableStaffAccount],
    [ACCOUNT_ROUTES.adminStaffEnable, enableStaffAccount],
  ] as const) {
    app.post(route, ...admin, async (c) => {
      const { id } = readParams(c, staffIdParamSchema);
      const action = actionOf(c);
      // Only someone with a role here: anyone else is "not found" (throws before any change).
      await getStaffAccount(deps.db, action.schoolId, id, action.now);
      await deps.db.transaction((tx) => change(tx, id, action));
      deps.logger.info(
        route === ACCOUNT_ROUTES.adminStaffDisable ? 'account disabled' : 'account enabled',
        {
          staff: id,
          by: action.byStaffId,
        },
      );
      return c.json({
        status: 'ok' as const,
        staff: await getStaffAccount(deps.db, action.schoolId, id, action.now),
      });
    });
  }

  app.post(ACCOUNT_ROUTES.linkCheck, async (c) => {
    const { token } = await readJsonBody(c, linkCheckRequestSchema);
    return c.json(await checkAccountLink(deps.db, token, deps.clock.now()));
  });

  app.post(ACCOUNT_ROUTES.setPassword, async (c) => {
    const input = await readJsonBody(c, setPasswordRequestSchema);
    const result = await setPasswordFromLink(deps.db, {
      ...input,
      now: deps.clock.now(),
      passwordParams: deps.passwordParams,
    });
    deps.logger.info('password set from a link');
    return c.json({ status: 'ok' as const, email: result.email });
  });
}
