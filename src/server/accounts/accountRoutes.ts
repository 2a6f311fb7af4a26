/**
 * Staff accounts (src/shared/api/endpoints/accountEndpoints.ts): the admin's list, adding, links,
 * disabling and enabling (`/api/admin/staff…`), and the two public endpoints the link's page
 * calls (`/api/account/…`), which need the link's token and nothing else.
 */
import type { Context, Hono } from 'hono';
import * as accounts from '../../shared/api/endpoints/accountEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
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
  const actionOf = (auth: AuthContext) => ({
    schoolId: auth.school.id,
    byStaffId: auth.staff.id,
    now: deps.clock.now(),
  });

  serveEndpoint(app, deps, accounts.listStaff, async ({ auth }) => ({
    staff: await listStaffAccounts(deps.db, auth.school.id, deps.clock.now()),
    mail: deps.mailer === null ? ('shown' as const) : ('email' as const),
  }));

  serveEndpoint(app, deps, accounts.addStaff, async ({ body, auth }) => {
    const action = actionOf(auth);
    const id = await deps.db.transaction((tx) => addStaffAccount(tx, body, action));
    deps.logger.info('staff account added', { staff: id, by: action.byStaffId });
    return {
      status: 'ok' as const,
      staff: await getStaffAccount(deps.db, action.schoolId, id, action.now),
    };
  });

  serveEndpoint(app, deps, accounts.sendStaffLink, async ({ c, params, auth }) => {
    const { id } = params;
    const action = actionOf(auth);
    // A mail that cannot be sent answers 502 `mail_failed` and issues no link (accountLinks.ts).
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
    return {
      status: 'ok' as const,
      kind: issued.kind,
      delivery: issued.delivery,
      link: issued.link,
      expiresAt: issued.expiresAt.toISOString(),
      staff: await getStaffAccount(deps.db, action.schoolId, id, action.now),
    };
  });

  for (const [endpoint, change, logged] of [
    [accounts.disableStaff, disableStaffAccount, 'account disabled'],
    [accounts.enableStaff, enableStaffAccount, 'account enabled'],
  ] as const) {
    serveEndpoint(app, deps, endpoint, async ({ params, auth }) => {
      const { id } = params;
      const action = actionOf(auth);
      // Only someone with a role here: anyone else is "not found" (throws before any change).
      await getStaffAccount(deps.db, action.schoolId, id, action.now);
      await deps.db.transaction((tx) => change(tx, id, action));
      deps.logger.info(logged, { staff: id, by: action.byStaffId });
      return {
        status: 'ok' as const,
        staff: await getStaffAccount(deps.db, action.schoolId, id, action.now),
      };
    });
  }

  serveEndpoint(app, deps, accounts.checkLink, async ({ body }) =>
    checkAccountLink(deps.db, body.token, deps.clock.now()),
  );

  serveEndpoint(app, deps, accounts.setPassword, async ({ body }) => {
    const result = await setPasswordFromLink(deps.db, {
      ...body,
      now: deps.clock.now(),
      passwordParams: deps.passwordParams,
    });
    deps.logger.info('password set from a link');
    return { status: 'ok' as const, email: result.email };
  });
}
