/**
 * The statutory returns API (docs/api.md, "Statutory returns"): the census's attendance module
 * and its checks, its XML, the local authority's lists (JSON or CSV), and recording a list sent.
 */
import type { Hono } from 'hono';
import {
  academicYearOf,
  localDate,
  schoolYearBounds,
  toSchoolWallClock,
  type LocalDate,
  type Role,
} from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/statutoryEndpoints';
import { writeCsvObjects } from '../../shared/csv';
import type { LaListResponse } from '../../shared/api/statutorySchemas';
import type { AppDeps } from '../appDeps';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import { censusResponse, loadCensus } from './censusService';
import { censusXml } from './censusXml';
import { loadLaList, recordLaSent } from './laService';

async function schoolOf(deps: AppDeps, auth: AuthContext) {
  const now = deps.clock.now();
  const school = schoolConfigOf(await loadSchoolRow(deps.db, auth.school.id), now);
  return { now, school, today: toSchoolWallClock(now, school.timeZone).date };
}

/** The role a person records a list in: the most senior of theirs that may. */
function actingRole(auth: AuthContext): Role {
  if (auth.roles.includes('admin')) return 'admin';
  if (auth.roles.includes('attendance_lead')) return 'attendance_lead';
  return 'office';
}

const LA_CSV_COLUMNS = [
  'UPN',
  'Legal name',
  'Date of birth',
  'Year',
  'Date',
  'Due by',
  'Ground for deletion',
  'Detail',
  'Sessions',
  'Last sent',
] as const;

function laCsv(r: LaListResponse): string {
  return writeCsvObjects(
    LA_CSV_COLUMNS,
    r.rows.map((row) => ({
      UPN: row.upn ?? '',
      'Legal name': row.name,
      'Date of birth': row.dateOfBirth,
      Year: row.yearGroup ?? '',
      Date: row.date,
      'Due by': row.dueBy ?? '',
      'Ground for deletion': row.grounds ?? '',
      Detail: row.detail,
      Sessions: row.sessions,
      'Last sent': row.lastSentAt ?? '',
    })),
  );
}

/** Adds the statutory returns routes to the app. */
export function registerStatutoryRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.census, async ({ query, auth }) => {
    const { school } = await schoolOf(deps, auth);
    return censusResponse(
      await loadCensus(deps.db, auth.school.id, school, query.term, query.year),
    );
  });

  serveEndpoint(app, deps, endpoints.censusXml, async ({ query, auth }) => {
    const { school, now } = await schoolOf(deps, auth);
    const result = await loadCensus(deps.db, auth.school.id, school, query.term, query.year);
    const xml = censusXml(result.module, { laestab: school.dfeNumber, name: school.name }, now);
    return new FileReply(xml, { fileName: `census-attendance-${query.year}-${query.term}.xml` });
  });

  serveEndpoint(app, deps, endpoints.laList, async ({ params, query, auth }) => {
    const { school, today } = await schoolOf(deps, auth);
    const to = query.to === undefined ? today : localDate(query.to);
    const from: LocalDate =
      query.from === undefined
        ? (schoolYearBounds(school, to)?.first ?? localDate(`${academicYearOf(to)}-09-01`))
        : localDate(query.from);
    const list = await loadLaList(deps.db, auth.school.id, school, params.list, { from, to });
    if (query.format === 'csv')
      return new FileReply(laCsv(list), { fileName: `la-${params.list}-${from}-to-${to}.csv` });
    return list;
  });

  serveEndpoint(app, deps, endpoints.laSent, async ({ params, body, auth }) =>
    recordLaSent(deps.db, {
      schoolId: auth.school.id,
      list: params.list,
      request: body,
      staff: { id: auth.staff.id, name: auth.staff.name },
      role: actingRole(auth),
      now: deps.clock.now(),
    }),
  );
}
