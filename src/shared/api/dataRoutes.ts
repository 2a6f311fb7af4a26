/**
 * The data API's paths (the school's MIS, CSV, several schools). Imports and the school
 * calendar are for admins; exports are for admins and attendance leads. Everything acts at the
 * school the session acts at; `POST /api/auth/switch-school` moves the session to another school
 * where the person has a role.
 *
 * An import has two steps and never writes pupils, staff or marks before the second:
 * 1. upload: `POST imports` (JSON, may carry the whole CSV when it is under the 1 MB body limit),
 *    then `POST imports/:id/chunks` for the rest of a large file (raw `text/csv`, in order);
 * 2. `POST imports/:id/preview` parses and validates every row and says what would change;
 * 3. `POST imports/:id/confirm` starts the write as a job (one transaction) and answers 202;
 *    `GET imports/:id` reports its progress (rows done of rows total) and, at the end, the result.
 * A done pupils import can be undone for 7 days: `POST imports/:id/undo` puts every pupil, group
 * and membership it changed back as it was, while nothing has changed the roll since.
 */
import { API_PREFIX } from './routes';

const DATA = `${API_PREFIX}/data`;

export const DATA_ROUTES = {
  /** GET lists the school's recent imports; POST starts one (`createImportRequestSchema`). */
  imports: `${DATA}/imports`,
  /** GET: one import, its preview and the progress of its job. `:id` is the import id. */
  import: `${DATA}/imports/:id`,
  /** POST: appends a chunk of the CSV (raw `text/csv` body, ≤ 1 MB), query `index` (0-based). */
  importChunks: `${DATA}/imports/:id/chunks`,
  /** POST: parses and validates the uploaded file; writes nothing. Answers the preview. */
  importPreview: `${DATA}/imports/:id/preview`,
  /** POST: `{ skipBadRows }`; starts writing the previewed import. Answers 202 with the job. */
  importConfirm: `${DATA}/imports/:id/confirm`,
  /** POST (no body): undoes a done pupils import (within 7 days). Answers the job. */
  importUndo: `${DATA}/imports/:id/undo`,
  /** GET: every pupil of the school with admission and leaving dates and grounds (admin, office). */
  pupils: `${DATA}/pupils`,
  /** PUT `pupilRollRequestSchema`: a pupil's admission date, leaving date and grounds (admin, office). */
  pupilRoll: `${DATA}/pupils/:id/roll`,
  /** GET, query `from`, `to` (yyyy-MM-dd): every current entry as CSV (`text/csv`). */
  exportMarksCsv: `${DATA}/exports/marks.csv`,
  /** GET, query `from`, `to`: the CTF attendance summary (`YearData` per pupil) as XML. */
  exportCtfAttendance: `${DATA}/exports/ctf-attendance.xml`,
  /** GET: terms, closures and bank holidays; PUT replaces terms and closures (JSON). */
  calendar: `${DATA}/calendar`,
  /** GET: terms and closures as CSV. */
  calendarCsv: `${DATA}/calendar.csv`,
  /** POST: `{ csv, dryRun }` replaces terms and closures from a CSV file. */
  calendarImport: `${DATA}/calendar/import`,
  /** POST: `{ feed, dryRun }` replaces bank holidays from gov.uk `bank-holidays.json`. */
  bankHolidays: `${DATA}/bank-holidays`,
  /** GET: the schools of the person's organisation where they have a role, and which is current. */
  schools: `${DATA}/schools`,
  /** POST `{ schoolId }`: the session acts at another school. Answers like `GET /api/auth/me`. */
  switchSchool: `${API_PREFIX}/auth/switch-school`,
} as const;

export type DataRouteName = keyof typeof DATA_ROUTES;

/** Largest chunk a client should send (the server's body limit is 1 MB; leave room). */
export const IMPORT_CHUNK_CHARS = 256 * 1024;

/** Largest whole file an import accepts, in characters (about 1.2 million marks rows). */
export const IMPORT_MAX_CHARS = 64 * 1024 * 1024;

/** Every data endpoint with its method and who may call it, so tests can check each one. */
export const DATA_ENDPOINTS: readonly {
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly route: DataRouteName;
  readonly roles: 'admin' | 'admin_or_lead' | 'admin_or_office' | 'any';
}[] = [
  { method: 'GET', route: 'imports', roles: 'admin' },
  { method: 'POST', route: 'imports', roles: 'admin' },
  { method: 'GET', route: 'import', roles: 'admin' },
  { method: 'POST', route: 'importChunks', roles: 'admin' },
  { method: 'POST', route: 'importPreview', roles: 'admin' },
  { method: 'POST', route: 'importConfirm', roles: 'admin' },
  { method: 'POST', route: 'importUndo', roles: 'admin' },
  { method: 'GET', route: 'pupils', roles: 'admin_or_office' },
  { method: 'PUT', route: 'pupilRoll', roles: 'admin_or_office' },
  { method: 'GET', route: 'exportMarksCsv', roles: 'admin_or_lead' },
  { method: 'GET', route: 'exportCtfAttendance', roles: 'admin_or_lead' },
  { method: 'GET', route: 'calendar', roles: 'admin' },
  { method: 'PUT', route: 'calendar', roles: 'admin' },
  { method: 'GET', route: 'calendarCsv', roles: 'admin' },
  { method: 'POST', route: 'calendarImport', roles: 'admin' },
  { method: 'POST', route: 'bankHolidays', roles: 'admin' },
  { method: 'GET', route: 'schools', roles: 'any' },
  { method: 'POST', route: 'switchSchool', roles: 'any' },
];
