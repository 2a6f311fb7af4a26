/**
 * The DfE benchmarks (src/shared/api/endpoints/benchmarkEndpoints.ts): the comparison, whose
 * figures name no pupil, so the office, the attendance lead and admins see the whole school's;
 * and an admin's upload of a DfE file, loaded all or nothing as the command line loads it.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MAX_BENCHMARK_FILE_BYTES } from '../../shared/api/benchmarkSchemas';
import * as endpoints from '../../shared/api/endpoints/benchmarkEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { ApiError } from '../http/apiError';
import { serveEndpoint } from '../http/serveEndpoint';
import { benchmarkReport } from './benchmarkComparison';
import { DEFAULT_PUBLICATION, loadBenchmarkFile } from './dfeBenchmarkStore';
import { OFFICE_AND_LEAD_ROLES, viewerOf } from './reportAccess';
import { reportContext } from './reportService';

const tooLarge = () => {
  throw new ApiError('payload_too_large', {
    message: `A DfE file may be at most ${MAX_BENCHMARK_FILE_BYTES / 1024 / 1024} MB; load a larger one with npm run cli -- benchmarks load FILE.csv.`,
  });
};

export function registerBenchmarkRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.comparison, async ({ query, auth }) => {
    const viewer = await viewerOf(deps.db, auth, OFFICE_AND_LEAD_ROLES);
    const ctx = await reportContext(deps.db, viewer, deps.clock.now());
    return benchmarkReport(deps.db, ctx, query);
  });

  serveEndpoint(
    app,
    deps,
    endpoints.upload,
    async ({ query, body, auth }) => {
      const publication = query.publication ?? DEFAULT_PUBLICATION;
      const result = await loadBenchmarkFile(deps.db, {
        fileName: query.fileName,
        text: body,
        publication,
        loadedBy: auth.staff.name,
        now: deps.clock.now(),
      });
      if (!result.ok) return { loaded: false as const, problems: [...result.problems] };
      return {
        loaded: true as const,
        fileName: query.fileName,
        publication,
        rowsRead: result.rowsRead,
        kept: result.kept,
        leftOut: Object.entries(result.leftOut)
          .map(([reason, rows]) => ({ reason, rows }))
          .sort((a, b) => b.rows - a.rows),
        periods: [...result.periods],
      };
    },
    { afterAuth: [bodyLimit({ maxSize: MAX_BENCHMARK_FILE_BYTES, onError: tooLarge })] },
  );
}
