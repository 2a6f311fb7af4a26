/**
 * The routes of "did it work?" and celebrating attendance (docs/api.md, "Casework: did it work?"
 * and "Celebrating attendance"). Read-only: figures from the current register.
 */
import type { Hono } from 'hono';
import { DEFAULT_IMPACT_WEEKS, localDate, toSchoolWallClock } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/caseworkImpactEndpoints';
import type { AppDeps } from '../appDeps';
import { ApiError } from '../http/apiError';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import {
  bestClassOf,
  certificatesDocument,
  certificatesFor,
  type CelebrateContext,
} from './celebrateService';
import { pupilImpact, schoolImpact } from './impactService';

async function contextOf(deps: AppDeps, auth: AuthContext): Promise<CelebrateContext> {
  const now = deps.clock.now();
  const row = await loadSchoolRow(deps.db, auth.school.id);
  const school = schoolConfigOf(row, now);
  return {
    schoolId: auth.school.id,
    schoolName: row.name,
    school,
    today: toSchoolWallClock(now, school.timeZone).date,
  };
}

/** Adds the "did it work?" and celebration routes to the app. */
export function registerCaseworkImpactRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.pupilImpact, async ({ params, query, auth }) => {
    const ctx = await contextOf(deps, auth);
    const { rows } = await deps.db.query('SELECT 1 FROM pupil WHERE id = $1 AND school_id = $2', [
      params.pupilId,
      ctx.schoolId,
    ]);
    if (rows.length === 0) {
      throw new ApiError('not_found', { message: 'This school has no pupil with that id.' });
    }
    return pupilImpact(deps.db, ctx, params.pupilId, query.weeks ?? DEFAULT_IMPACT_WEEKS);
  });

  serveEndpoint(app, deps, endpoints.schoolImpact, async ({ query, auth }) => {
    const ctx = await contextOf(deps, auth);
    const period = { from: localDate(query.from), to: localDate(query.to) };
    return schoolImpact(deps.db, ctx, period, query.weeks ?? DEFAULT_IMPACT_WEEKS);
  });

  serveEndpoint(app, deps, endpoints.certificates, async ({ query, auth }) => {
    const ctx = await contextOf(deps, auth);
    return certificatesFor(deps.db, ctx, {
      from: localDate(query.from),
      to: localDate(query.to),
      groupId: query.groupId,
    });
  });

  serveEndpoint(app, deps, endpoints.certificatesPdf, async ({ query, auth }) => {
    const ctx = await contextOf(deps, auth);
    const found = await certificatesFor(deps.db, ctx, {
      from: localDate(query.from),
      to: localDate(query.to),
      groupId: query.groupId,
    });
    const pdf = await certificatesDocument(ctx, found);
    deps.logger.info('attendance certificates made', {
      pupils: found.awards.length,
      by: auth.staff.id,
    });
    return new FileReply(pdf, {
      fileName: `attendance-certificates-${found.from}-to-${found.to}.pdf`,
    });
  });

  serveEndpoint(app, deps, endpoints.bestClass, async ({ query, auth }) => {
    const ctx = await contextOf(deps, auth);
    return bestClassOf(deps.db, ctx, localDate(query.week));
  });
}
