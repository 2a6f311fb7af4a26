/**
 * The data API: imports from the school's MIS, exports, the school calendar, the
 * admission register's dates, and the schools a person can switch between. Imports and the
 * calendar are for admins; exports for admins and attendance leads (their job is the returns and
 * the reports the exports feed); admission and leaving dates for admins and the office.
 */
import type { Hono, MiddlewareHandler } from 'hono';
import { localDate, type LocalDate } from '../../domain/index';
import { type ImportJob } from '../../shared/api/dataSchemas';
import * as endpoints from '../../shared/api/endpoints/dataEndpoints';
import { STAFF_HEADER } from '../../shared/api/routes';
import type { AppDeps } from '../appDeps';
import { readSessionCookie } from '../auth/cookies';
import { switchSchool } from '../auth/switchSchool';
import { hashToken } from '../auth/tokens';
import { ApiError } from '../http/apiError';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import {
  calendarCsv,
  importBankHolidays,
  parseCalendarCsv,
  readCalendar,
  saveCalendar,
} from './calendarData';
import { importContext, previewImport, refusalOf, runImport } from './importRunner';
import { ImportProgressRegistry } from './importProgress';
import { appendChunk, createImport, findImport, listImports, markRunning } from './importStore';
import { exportedEntries, marksCsv } from './marksExport';
import { recordExport } from '../register/exportLog';
import { listRoll, setPupilRoll } from './pupilRoll';
import { listSchools } from '../school/schools';
import { undoImport } from './undoImport';

/** An export: pupils' data, so never kept in a cache. */
function attachment(body: string, fileName: string): FileReply {
  return new FileReply(body, { fileName, cacheControl: 'no-store' });
}

/** Adds the data routes to the app. */
export function registerDataRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;
  const progress = new ImportProgressRegistry();

  const contextFor = (auth: AuthContext, job: { effectiveDate: string | null; wholeRoll: boolean }) => importContext(db, {
      schoolId: auth.school.id,
      staff: { id: auth.staff.id, name: auth.staff.name },
      now: clock.now(),
      effectiveDate: job.effectiveDate === null ? null : localDate(job.effectiveDate),
      wholeRoll: job.wholeRoll,
    });

  // ── Imports ────────────────────────────────────────────────────────────────────────────────

  serveEndpoint(app, deps, endpoints.listImports, async ({ auth }) => {
    const imports = await listImports(db, auth.school.id);
    return { imports: imports.map((j) => progress.overlay(j)) };
  });

  serveEndpoint(app, deps, endpoints.createImport, async ({ body: input, auth }) => {
    const id = await createImport(db, {
      schoolId: auth.school.id,
      staffId: auth.staff.id,
      kind: input.kind,
      fileName: input.fileName,
      effectiveDate: input.effectiveDate === undefined ? null : (input.effectiveDate as LocalDate),
      wholeRoll: input.wholeRoll,
      now: clock.now(),
    });
    if (input.wholeRoll && input.kind !== 'pupils') {
      throw new ApiError('invalid_request', {
        message: '`wholeRoll` is for a pupils import only; leave it out for staff and marks.',
      });
    }
    if (input.csv !== undefined && input.csv !== '') {
      await appendChunk(db, auth.school.id, id, 0, input.csv);
    }
    return { import: await findImport(db, auth.school.id, id) };
  });

  // The status of a running job is answered without the database to the session that started it
  // (importProgress.ts says why); everyone else, and every other state, goes the usual way.
  const runningStatus: MiddlewareHandler<AppEnv> = async (c, next) => {
      const entry = progress.get(c.req.param('id') ?? '');
      const token = readSessionCookie(c);
      const claimed = c.req.header(STAFF_HEADER);
      if (
        entry !== undefined &&
        token !== undefined &&
        hashToken(token) === entry.sessionTokenHash &&
        (claimed === undefined || claimed === entry.staffId)
      ) {
        return c.json({ import: progress.snapshot(entry) });
      }
      await next();
    };
  serveEndpoint(
    app,
    deps,
    endpoints.getImport,
    async ({ params: { id }, auth }) => ({
      import: progress.overlay(await findImport(db, auth.school.id, id)),
    }),
    { before: [runningStatus] },
  );

  serveEndpoint(app, deps, endpoints.appendImportChunk, async ({ params: { id }, query, body, auth }) => {
    const schoolId = auth.school.id;
    const stored = await db.transaction((tx) => appendChunk(tx, schoolId, id, query.index, body));
    return { importId: id, ...stored };
  });

  serveEndpoint(app, deps, endpoints.previewImport, async ({ params: { id }, auth }) => {
    const schoolId = auth.school.id;
    const job = await findImport(db, schoolId, id);
    if (job.state !== 'uploading' && job.state !== 'previewed') {
      throw new ApiError('invalid_request', {
        message: 'This import has been confirmed already; its preview cannot change. Start a new import to check another file.',
      });
    }
    if (job.receivedChars === 0) {
      throw new ApiError('invalid_request', { message: 'No file has been sent for this import yet.' });
    }
    const ctx = await contextFor(auth, job);
    await previewImport(db, job, ctx);
    return { import: await findImport(db, schoolId, id) };
  });

  serveEndpoint(app, deps, endpoints.confirmImport, async ({ params: { id }, body, auth }) => {
    const { skipBadRows, confirmLeavers } = body;
    const job = await findImport(db, auth.school.id, id);
    if (job.state !== 'previewed' || job.preview === null) {
      throw new ApiError('invalid_request', {
        message:
          job.state === 'uploading'
            ? 'Preview the import first: nothing is written before you have seen what will change.'
            : 'This import has been confirmed already.',
      });
    }
    // The same rule the job applies, checked now so the person hears it at once.
    const refusal = refusalOf(job.preview, skipBadRows, confirmLeavers);
    if (refusal !== null) {
      throw new ApiError('invalid_request', {
        message: refusal,
        details: { errors: job.preview.errors.slice(0, 50), leavers: job.preview.leavers },
      });
    }
    if (!(await markRunning(db, id, skipBadRows, confirmLeavers))) {
      throw new ApiError('invalid_request', { message: 'This import has been confirmed already.' });
    }
    const ctx = await contextFor(auth, job);
    const running: ImportJob = { ...job, state: 'running', skipBadRows, rowsDone: 0, phase: 'starting' };
    progress.start({
      job: running,
      sessionTokenHash: auth.sessionTokenHash,
      staffId: auth.staff.id,
      schoolId: auth.school.id,
      rowsDone: 0,
      rowsTotal: job.rowsTotal,
      phase: 'starting',
    });
    void runImport(db, job, ctx, { skipBadRows, confirmLeavers }, (done, total, phase) => progress.update(id, done, total, phase), clock)
      .then((outcome) => {
        deps.logger.info('import finished', { import: id, ok: outcome.ok });
      })
      .catch((err: unknown) => {
        deps.logger.error('import job failed to record its outcome', { import: id, error: String(err) });
      })
      .finally(() => progress.finish(id));
    return { import: running };
  });

  serveEndpoint(app, deps, endpoints.undoImport, async ({ params: { id }, auth }) => {
    await undoImport(db, { schoolId: auth.school.id, id, staffId: auth.staff.id, now: clock.now() });
    return { import: await findImport(db, auth.school.id, id) };
  });

  // ── The admission register ─────────────────────────────────────────────────────────────────

  serveEndpoint(app, deps, endpoints.listRoll, async ({ auth }) => ({
    pupils: await listRoll(db, auth.school.id),
  }));

  serveEndpoint(app, deps, endpoints.setPupilRoll, async ({ params: { id }, body: request, auth }) => {
    const pupil = await setPupilRoll(db, {
      schoolId: auth.school.id,
      pupilId: id,
      request,
      actor: { staffId: auth.staff.id, role: auth.roles.includes('admin') ? 'admin' : 'office' },
      now: clock.now(),
    });
    return { pupil };
  });

  // ── Exports ────────────────────────────────────────────────────────────────────────────────

  serveEndpoint(app, deps, endpoints.exportMarksCsv, async ({ query: range, auth }) => {
    const entries = await exportedEntries(db, auth.school.id, range);
    // The retention job removes only entries an export covers (register/exportLog.ts).
    await recordExport(db, { schoolId: auth.school.id, ...range, at: clock.now(), byStaffId: auth.staff.id });
    return attachment(`\uFEFF${marksCsv(entries)}`, `marks-${range.from}-to-${range.to}.csv`);
  });

  // ── Calendar ───────────────────────────────────────────────────────────────────────────────

  serveEndpoint(app, deps, endpoints.getCalendar, async ({ auth }) => readCalendar(db, auth.school.id));

  serveEndpoint(app, deps, endpoints.putCalendar, async ({ body, auth }) =>
    db.transaction((tx) => saveCalendar(tx, auth.school.id, body)),
  );

  serveEndpoint(app, deps, endpoints.calendarCsv, async ({ auth }) => {
    const { calendar } = await readCalendar(db, auth.school.id);
    return attachment(`\uFEFF${calendarCsv(calendar)}`, 'term-dates.csv');
  });

  serveEndpoint(app, deps, endpoints.importCalendar, async ({ body: input, auth }) => {
    const parsed = parseCalendarCsv(input.csv);
    return db.transaction((tx) =>
      saveCalendar(tx, auth.school.id, { terms: parsed.terms, closures: parsed.closures, dryRun: input.dryRun }, parsed.errors),
    );
  });

  serveEndpoint(app, deps, endpoints.importBankHolidays, async ({ body: input, auth }) =>
    db.transaction((tx) => importBankHolidays(tx, auth.school.id, input.feed, input.dryRun)),
  );

  // ── Several schools ────────────────────────────────────────────────────────────────────────

  serveEndpoint(app, deps, endpoints.listSchools, async ({ auth }) =>
    listSchools(db, auth.staff.id, auth.school.id),
  );

  // The session is checked before the body is read, so a request without one is a 401, not a 400.
  serveEndpoint(app, deps, endpoints.switchSchool, async ({ c, body }) => switchSchool(c, deps, body));

}
