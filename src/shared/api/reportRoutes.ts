/**
 * The report endpoints' paths by short name, read from their definitions
 * (endpoints/reportEndpoints.ts, which also says who sees what), for the report screens that
 * still build their requests from a path. It holds no path of its own and goes once those screens
 * call their endpoints with `call`.
 */
import * as reports from './endpoints/reportEndpoints';

export const REPORT_ROUTES = {
  certificate: reports.certificate.path,
  summary: reports.summary.path,
  absence: reports.absence.path,
  penaltyNotices: reports.penaltyNotices.path,
  lateness: reports.lateness.path,
  dutyAlerts: reports.dutyAlerts.path,
  absenceMapping: reports.absenceMapping.path,
} as const;
