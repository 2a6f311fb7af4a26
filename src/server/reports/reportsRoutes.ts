/**
 * The reports API (paths and who sees what in src/shared/api/reportRoutes.ts). Every
 * route parses its query with the shared schema, asks reportService for the answer, and sends it
 * as JSON or, with `?format=csv`, as a CSV attachment.
 */
import type { Context, Hono } from 'hono';
import type { Role } from '../../domain/index';
import { REPORT_ROUTES } from '../../shared/api/reportRoutes';
import {
  absenceListQuerySchema,
  absenceMappingQuerySchema,
  certificateQuerySchema,
  dutyAlertsQuerySchema,
  latenessQuerySchema,
  penaltyNoticeQuerySchema,
  pupilIdParamSchema,
  summaryQuerySchema,
} from '../../shared/api/reportSchemas';
import type { AppDeps } from '../appDeps';
import { requireRole, requireSession } from '../auth/requireSession';
import type { AppEnv } from '../http/appEnv';
import { parseWith, readParams } from '../http/parseRequest';
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

function csv(c: Context<AppEnv>, name: string, rows: Parameters<typeof toCsv>[0]): Response {
  return c.body(toCsv(rows), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}.csv"`,
  });
}

/** Adds the reports routes to the app. */
export function registerReportRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const session = requireSession(deps);
  // Who is admitted to each route; `wholeSchool` says who among them sees every pupil.
  const everyone = requireRole('teacher', 'office', 'attendance_lead', 'admin');
  const teachersAndLeads = requireRole('teacher', 'attendance_lead', 'admin');
  const leads = requireRole('attendance_lead', 'admin');

  const contextOf = async (
    c: Context<AppEnv>,
    wholeSchool: readonly Role[],
  ): Promise<ReportContext> =>
    reportContext(deps.db, await viewerOf(deps.db, c.get('auth'), wholeSchool), deps.clock.now());

  app.get(REPORT_ROUTES.certificate, session, everyone, async (c) => {
    const { pupilId } = readParams(c, pupilIdParamSchema);
    const query = parseWith(certificateQuerySchema, c.req.query(), 'query');
    const ctx = await contextOf(c, OFFICE_AND_LEAD_ROLES);
    return c.json(await certificateReport(deps.db, ctx, pupilId, query));
  });

  app.get(REPORT_ROUTES.summary, session, everyone, async (c) => {
    const query = parseWith(summaryQuerySchema, c.req.query(), 'query');
    const auth = c.get('auth');
    const ctx = await contextOf(c, OFFICE_AND_LEAD_ROLES);
    const leadSchools = auth.allRoles
      .filter((r) => LEAD_ROLES.includes(r.role))
      .map((r) => r.schoolId);
    const report = await summaryReport(deps.db, ctx, query, leadSchools);
    return query.format === 'csv'
      ? csv(c, `attendance-summary-${report.range.to}`, summaryCsv(report))
      : c.json(report);
  });

  app.get(REPORT_ROUTES.absence, session, teachersAndLeads, async (c) => {
    const query = parseWith(absenceListQuerySchema, c.req.query(), 'query');
    const report = await absenceReport(deps.db, await contextOf(c, LEAD_ROLES), query);
    return query.format === 'csv'
      ? csv(c, `${report.level}-absence-${report.range.to}`, absenceCsv(report))
      : c.json(report);
  });

  app.get(REPORT_ROUTES.penaltyNotices, session, teachersAndLeads, async (c) => {
    const query = parseWith(penaltyNoticeQuerySchema, c.req.query(), 'query');
    const report = await penaltyNoticeReport(deps.db, await contextOf(c, LEAD_ROLES), query);
    return query.format === 'csv'
      ? csv(c, `penalty-notice-threshold-${report.range.to}`, penaltyNoticeCsv(report))
      : c.json(report);
  });

  app.get(REPORT_ROUTES.lateness, session, everyone, async (c) => {
    const query = parseWith(latenessQuerySchema, c.req.query(), 'query');
    const report = await latenessReport(deps.db, await contextOf(c, OFFICE_AND_LEAD_ROLES), query);
    return query.format === 'csv'
      ? csv(c, `lateness-${report.range.to}`, latenessCsv(report))
      : c.json(report);
  });

  app.get(REPORT_ROUTES.dutyAlerts, session, leads, async (c) => {
    const query = parseWith(dutyAlertsQuerySchema, c.req.query(), 'query');
    const report = await dutyAlertsReport(deps.db, await contextOf(c, LEAD_ROLES), query);
    return query.format === 'csv'
      ? csv(c, `duty-alerts-${report.range.to}`, dutyAlertsCsv(report))
      : c.json(report);
  });

  app.get(REPORT_ROUTES.absenceMapping, session, leads, async (c) => {
    const { pupilId } = readParams(c, pupilIdParamSchema);
    const query = parseWith(absenceMappingQuerySchema, c.req.query(), 'query');
    const ctx = await contextOf(c, LEAD_ROLES);
    const report = await absenceMappingReport(deps.db, ctx, pupilId, query);
    return query.format === 'csv'
      ? csv(c, `absence-mapping-${report.range.to}`, absenceMappingCsv(report))
      : c.json(report);
  });
}
