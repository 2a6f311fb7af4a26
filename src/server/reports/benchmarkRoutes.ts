/**
 * The DfE benchmarks comparison (src/shared/api/endpoints/benchmarkEndpoints.ts). The figures
 * name no pupil, so the office, the attendance lead and admins see the whole school's.
 */
import type { Hono } from 'hono';
import * as endpoints from '../../shared/api/endpoints/benchmarkEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import { benchmarkReport } from './benchmarkComparison';
import { OFFICE_AND_LEAD_ROLES, viewerOf } from './reportAccess';
import { reportContext } from './reportService';

export function registerBenchmarkRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.comparison, async ({ query, auth }) => {
    const viewer = await viewerOf(deps.db, auth, OFFICE_AND_LEAD_ROLES);
    const ctx = await reportContext(deps.db, viewer, deps.clock.now());
    return benchmarkReport(deps.db, ctx, query);
  });
}
