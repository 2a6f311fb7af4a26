/**
 * Targets and the governors' pack (paths and who may call in
 * src/shared/api/endpoints/governorEndpoints.ts). Every answer is about the session's school.
 */
import type { Hono } from 'hono';
import { toSchoolWallClock } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/governorEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import { loadReportSchool } from './reportService';
import { governorPack } from './governorPack';
import { governorPackPdf } from './governorPackPdf';
import type { Actor } from './targetStore';
import {
  decideTarget,
  listTargets,
  proposeTarget,
  schoolYearLabel,
  schoolYearStartOf,
} from './targetStore';

/** The person as a target's history records them: the attendance lead before an admin. */
function proposer(auth: AuthContext): Actor {
  const role = auth.roles.includes('attendance_lead') ? 'attendance_lead' : 'admin';
  return { staffId: auth.staff.id, name: auth.staff.name, role };
}

export function registerGovernorRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.targets, async ({ query, auth }) => {
    const now = deps.clock.now();
    const school = await loadReportSchool(deps.db, auth.school.id, now);
    const year =
      query.year ?? schoolYearStartOf(toSchoolWallClock(now, school.config.timeZone).date);
    return {
      year,
      yearLabel: schoolYearLabel(year),
      targets: await listTargets(deps.db, auth.school.id, year),
    };
  });

  serveEndpoint(app, deps, endpoints.proposeTarget, async ({ body, auth }) => ({
    target: await proposeTarget(deps.db, auth.school.id, proposer(auth), body, deps.clock.now()),
  }));

  serveEndpoint(app, deps, endpoints.decideTarget, async ({ params, body, auth }) => {
    const actor: Actor = { staffId: auth.staff.id, name: auth.staff.name, role: 'governor' };
    return {
      target: await decideTarget(deps.db, auth.school.id, params.id, actor, body, deps.clock.now()),
    };
  });

  serveEndpoint(app, deps, endpoints.governorPack, async ({ query, auth }) =>
    governorPack(deps.db, auth.school.id, deps.clock.now(), query),
  );

  serveEndpoint(app, deps, endpoints.governorPackPdf, async ({ query, auth }) => {
    const pack = await governorPack(deps.db, auth.school.id, deps.clock.now(), query);
    return new FileReply(await governorPackPdf(pack), {
      fileName: `governors-pack-${pack.term.from}.pdf`,
    });
  });
}
