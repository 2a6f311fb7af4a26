/** One report request on the office server, ready for useReport and for the server's CSV. */
import type { z } from 'zod';
import { apiRequest } from '../api/apiRequest';
import type { CsvSource } from './DataTable';
import { queryKey } from './rangeQuery';
import type { ReportEnv } from './reportScope';
import type { ReportRequest } from './useReport';

export type ReportQuery = Readonly<Record<string, string | number | boolean | undefined>>;

export function reportRequest<T>(
  env: ReportEnv,
  path: string,
  schema: z.ZodType<T>,
  query: ReportQuery,
  what: string,
): ReportRequest<T> {
  return {
    key: `${path}?${queryKey(query)}`,
    what,
    run: (signal) =>
      apiRequest(path, schema, {
        query,
        signal,
        staffId: env.staff.staffId,
        ...(env.fetch === undefined ? {} : { fetch: env.fetch }),
      }),
  };
}

/** The server's CSV of the same list (`?format=csv`, same query). */
export function serverCsv(env: ReportEnv, path: string, query: ReportQuery): CsvSource {
  return {
    kind: 'server',
    path,
    query: { ...query, format: 'csv' },
    staffId: env.staff.staffId,
    ...(env.fetch === undefined ? {} : { fetch: env.fetch }),
  };
}

/** `/api/reports/pupils/:pupilId/certificate` with the id filled in. */
export function pupilPath(route: string, pupilId: string): string {
  return route.replace(':pupilId', encodeURIComponent(pupilId));
}
