/**
 * The reports API's paths. Every report is a GET; every list also comes as CSV with
 * `?format=csv` (`text/csv`, an attachment), same query otherwise.
 *
 * Who sees what (the server decides, per request):
 * - `attendance_lead` and `admin`: every report for the whole school, and the organisation
 *   summary over every school of the organisation where they are attendance lead or admin;
 * - `office`: the whole school's certificates, group/year/school summaries and lateness list
 *   (certificates and late letters are office work); the case-work lists (persistent absence,
 *   penalty notices, duty alerts, absence mapping) and the organisation summary are 403;
 * - `teacher`: only the pupils of their own groups (`staff_group`): certificates (another pupil is
 *   404), their groups' summaries (another group, a year, the school or the organisation is 403),
 *   and the absence, penalty-notice and lateness lists narrowed to their pupils; duty alerts and
 *   absence mapping (which compares a pupil with the whole school) are 403.
 * A pupil counts in the group they are in on the range's last day (the latest group joined by
 * then, or for a pupil who joined later, their first group).
 */
import { API_PREFIX } from './routes';

const REPORTS = `${API_PREFIX}/reports`;

export const REPORT_ROUTES = {
  /** GET: one pupil's attendance certificate. `:pupilId`; query {@link certificateQuerySchema}. */
  certificate: `${REPORTS}/pupils/:pupilId/certificate`,
  /**
   * GET: a group, year group, school or organisation summary; query {@link summaryQuerySchema}.
   * `?format=csv` gives its breakdown tables (by part, weekday, week, school) as one CSV.
   */
  summary: `${REPORTS}/summary`,
  /** GET: persistent / severe absence and at-risk bands; `?format=csv`. */
  absence: `${REPORTS}/absence`,
  /** GET: pupils at (or near, with unresolved `N`) the penalty-notice threshold; `?format=csv`. */
  penaltyNotices: `${REPORTS}/penalty-notices`,
  /** GET: lates and minutes per pupil against the letter and escalation thresholds; `?format=csv`. */
  lateness: `${REPORTS}/lateness`,
  /** GET: duties to the local authority and band falls since the last review; `?format=csv`. */
  dutyAlerts: `${REPORTS}/duty-alerts`,
  /** GET: pupils absent on the same sessions as `:pupilId` far more often than chance; `?format=csv`. */
  absenceMapping: `${REPORTS}/pupils/:pupilId/absence-mapping`,
} as const;

export type ReportRouteName = keyof typeof REPORT_ROUTES;

/** The lists that also answer `?format=csv`. */
export const REPORT_CSV_ROUTES: readonly ReportRouteName[] = [
  'summary',
  'absence',
  'penaltyNotices',
  'lateness',
  'dutyAlerts',
  'absenceMapping',
];
