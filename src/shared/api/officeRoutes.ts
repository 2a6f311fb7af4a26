/**
 * The office API's paths. Every one of them admits office, attendance lead and admin
 * staff only; a teacher gets 403. The office never writes marks through these routes: marks and
 * amendments go through the device outbox and `POST /api/sync/push`, like a teacher's tablet, so
 * there is one write path and it works offline. These routes read, and keep the office's own
 * records (first-day contacts, sign-outs, conflict decisions, fire drills).
 */
import { API_PREFIX } from './routes';

const OFFICE = `${API_PREFIX}/office`;

export const OFFICE_ROUTES = {
  /** GET, query `date`, `part`: every group's register for one session. */
  today: `${OFFICE}/today`,
  /** GET, query `today` (optional): every current `N`, oldest first. */
  chase: `${OFFICE}/chase`,
  /** GET (query `date` and/or `pupilId`) lists; POST records one first-day contact attempt. */
  contacts: `${OFFICE}/contacts`,
  /** GET (query `date`) lists; POST records a pupil leaving the site. */
  signOuts: `${OFFICE}/sign-outs`,
  /** POST: the pupil came back. `:id` is the sign-out id. */
  signOutReturn: `${OFFICE}/sign-outs/:id/return`,
  /** GET, query `date`, `part`, optional `at`: who is on site, group by group. */
  rollCall: `${OFFICE}/roll-call`,
  /** GET (optional `from`, `to`) lists past drills; POST records one. */
  fireDrills: `${OFFICE}/fire-drills`,
  /** GET: the events awaiting the office's decision (optional `from`, `to`). */
  conflicts: `${OFFICE}/conflicts`,
  /** POST: records the decision on one queued event. `:eventId` is the event's id. */
  conflictResolve: `${OFFICE}/conflicts/:eventId/resolve`,
  /** GET, query `date`: the day's absentees as JSON. */
  absentees: `${OFFICE}/absentees`,
  /** GET, query `date`: the same list as CSV (`text/csv`, an attachment). */
  absenteesCsv: `${OFFICE}/absentees.csv`,
  /** GET, query `today` (optional): a pupil's attendance this term and year. `:id` is the pupil. */
  pupilSummary: `${OFFICE}/pupils/:id/summary`,
} as const;

export type OfficeRouteName = keyof typeof OFFICE_ROUTES;

/** Every office endpoint with its method, so tests can check each one (e.g. that teachers get 403). */
export const OFFICE_ENDPOINTS: readonly {
  readonly method: 'GET' | 'POST';
  readonly route: OfficeRouteName;
}[] = [
  { method: 'GET', route: 'today' },
  { method: 'GET', route: 'chase' },
  { method: 'GET', route: 'contacts' },
  { method: 'POST', route: 'contacts' },
  { method: 'GET', route: 'signOuts' },
  { method: 'POST', route: 'signOuts' },
  { method: 'POST', route: 'signOutReturn' },
  { method: 'GET', route: 'rollCall' },
  { method: 'GET', route: 'fireDrills' },
  { method: 'POST', route: 'fireDrills' },
  { method: 'GET', route: 'conflicts' },
  { method: 'POST', route: 'conflictResolve' },
  { method: 'GET', route: 'absentees' },
  { method: 'GET', route: 'absenteesCsv' },
  { method: 'GET', route: 'pupilSummary' },
];
