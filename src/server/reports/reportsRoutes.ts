/**
 * The reports API (paths and who sees what in src/shared/api/endpoints/reportEndpoints.ts). Every
 * route parses its query with the shared schema, asks reportService for the answer, and sends it
 * as JSON or, with `?format=csv`, as a CSV attachment.
 */
import type { Hono } from 'hono';
import type { Role } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/reportEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import { LEAD_ROLES, OFFICE_AND_LEAD_ROLES, viewerOf } from './reportAccess';
import {
  absenceCsv,
  absenceMappingCsv,
  dutyAlertsCsv,
  latenessCsv,
  penaltyNoticeCsv,
  summaryCsv,
  toCsv,
} from './reportCsv';
import type { ReportContext } from './reportService';
import {
  absenceMappingReport,
  absenceReport,
  certificateReport,
  dutyAlertsReport,
  latenessReport,
  penaltyNoticeReport,
  reportContext,
  summaryReport,
} from './reportService';

function csv(name: string, rows: Parameters<typeof toCsv>[0]): FileReply {
  return new FileReply(toCsv(rows), { fileName: `${name}.csv` });
}

/** Adds the reports routes to the app. */
export function registerReportRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  // Who is admitted to each route is in its contract; `wholeSchool` says who among them sees
  // every pupil.
  const contextOf = async (
    auth: AuthContext,
    wholeSchool: readonly Role[],
  ): Promise<ReportContext> =>
    reportContext(deps.db, await viewerOf(deps.db, auth, wholeSchool), deps.clock.now());

  serveEndpoint(app, deps, endpoints.certificate, async ({ params: { pupilId }, query, auth }) => {
    const ctx = await contextOf(auth, OFFICE_AND_LEAD_ROLES);
    return certificateReport(deps.db, ctx, pupilId, query);
  });

  serveEndpoint(app, deps, endpoints.summary, async ({ query, auth }) => {
    const ctx = await contextOf(auth, OFFICE_AND_LEAD_ROLES);
    const leadSchools = auth.allRoles
      .filter((r) => LEAD_ROLES.includes(r.role))
      .map((r) => r.schoolId);
    const report = await summaryReport(deps.db, ctx, query, leadSchools);
    return query.format === 'csv'
      ? csv(`attendance-summary-${report.range.to}`, summaryCsv(report))
      : report;
  });

  serveEndpoint(app, deps, endpoints.absence, async ({ query, auth }) => {
    const report = await absenceReport(deps.db, await contextOf(auth, LEAD_ROLES), query);
    return query.format === 'csv'
      ? csv(`${report.level}-absence-${report.range.to}`, absenceCsv(report))
      : report;
  });

  serveEndpoint(app, deps, endpoints.penaltyNotices, async ({ query, auth }) => {
    const report = await penaltyNoticeReport(deps.db, await contextOf(auth, LEAD_ROLES), query);
    return query.format === 'csv'
      ? csv(`penalty-notice-threshold-${report.range.to}`, penaltyNoticeCsv(report))
      : report;
  });

  serveEndpoint(app, deps, endpoints.lateness, async ({ query, auth }) => {
    const report = await latenessReport(
      deps.db,
      await contextOf(auth, OFFICE_AND_LEAD_ROLES),
      query,
    );
    return query.format === 'csv'
      ? csv(`lateness-${report.range.to}`, latenessCsv(report))
      : report;
  });

  serveEndpoint(app, deps, endpoints.dutyAlerts, async ({ query, auth }) => {
    const report = await dutyAlertsReport(deps.db, await contextOf(auth, LEAD_ROLES), query);
    return query.format === 'csv'
      ? csv(`duty-alerts-${report.range.to}`, dutyAlertsCsv(report))
      : report;
  });

  serveEndpoint(
    app,
    deps,
    endpoints.absenceMapping,
    async ({ params: { pupilId }, query, auth }) => {
      const ctx = await contextOf(auth, LEAD_ROLES);
      const report = await absenceMappingReport(deps.db, ctx, pupilId, query);
      return query.format === 'csv'
        ? csv(`absence-mapping-${report.range.to}`, absenceMappingCsv(report))
        : report;
    },
  );
}
