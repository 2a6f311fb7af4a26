/**
 * The data API: imports from the school's MIS, exports, the school calendar, the
 * admission register's dates, and the schools a person can switch between. Imports and the
 * calendar are for admins; exports for admins and attendance leads (their job is the returns and
 * the reports the exports feed); admission and leaving dates for admins and the office.
 */
import type { Context, Hono } from 'hono';
import { localDate, type LocalDate } from '../../domain/index';
import { DATA_ROUTES } from '../../shared/api/dataRoutes';
import {
  bankHolidaysRequestSchema,
  calendarImportRequestSchema,
  calendarPutRequestSchema,
  createImportRequestSchema,
  exportRangeQuerySchema,
  importChunkQuerySchema,
  importConfirmRequestSchema,
  importIdParamSchema,
  pupilIdParamSchema,
  pupilRollRequestSchema,
  switchSchoolRequestSchema,
  type ImportJob,
} from '../../shared/api/dataSchemas';
import { STAFF_HEADER } from '../../shared/api/routes';
import type { AppDeps } from '../appDeps';
import { readSessionCookie } from '../auth/cookies';
import { requireRole, requireSession } from '../auth/requireSession';
import { switchSchool } from '../auth/switchSchool';
import { hashToken } from '../auth/tokens';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { parseWith, readJsonBody, readParams } from '../http/parseRequest';
import {
  calendarCsv,
  importBankHolidays,
  parseCalendarCsv,
  readCalendar,
  saveCalendar,
} from './calendarData';
import { ctfAttendanceXml } from './ctfExport';
import { importContext, previewImport, refusalOf, runImport } from './importRunner';
import { ImportProgressRegistry } from './importProgress';
import { appendChunk, createImport, findImport, listImports, markRunning } from './importStore';
import { exportedEntries, marksCsv } from './marksExport';
import { recordExport } from '../register/exportLog';
import { listRoll, setPupilRoll } from './pupilRoll';
import { listSchools } from '../school/schools';
import { undoImport } from './undoImport';

function attachment(c: Context<AppEnv>, body: string, type: string, fileName: string): Response {
  return c.body(body, 200, {
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Disposition': `attachment; filename="${fileName}"`,
    'Cache-Control': 'no-store',
  });
}

/** Adds the data routes to the app. */
export function registerDataRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;
  const session = requireSession(deps);
  const admin = [session, requireRole('admin')] as const;
  const exporter = [session, requireRole('admin', 'attendance_lead')] as const;
  const rollKeeper = [session, requireRole('admin', 'office')] as const;
  const progress = new ImportProgressRegistry();

  const contextFor = (c: Context<AppEnv>, job: { effectiveDate: string | null; wholeRoll: boolean }) => {
    const auth = c.get('auth');
    return importContext(db, {
      schoolId: auth.school.id,
      staff: { id: auth.staff.id, name: auth.staff.name },
      now: clock.now(),
      effectiveDate: job.effectiveDate === null ? null : localDate(job.effectiveDate),
      wholeRoll: job.wholeRoll,
    });
  };

  // ── Imports ────────────────────────────────────────────────────────────────────────────────

  app.get(DATA_ROUTES.imports, ...admin, async (c) => {
    const imports = await listImports(db, c.get('auth').school.id);
    return c.json({ imports: imports.map((j) => progress.overlay(j)) });
  });

  app.post(DATA_ROUTES.imports, ...admin, async (c) => {
    const input = await readJsonBody(c, createImportRequestSchema);
    const auth = c.get('auth');
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
    return c.json({ import: await findImport(db, auth.school.id, id) }, 201);
  });

  // The status of a running job is answered without the database to the session that started it
  // (importProgress.ts says why); everyone else, and every other state, goes the usual way.
  app.get(
    DATA_ROUTES.import,
    async (c, next) => {
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
    },
    ...admin,
    async (c) => {
      const { id } = readParams(c, importIdParamSchema);
      const job = await findImport(db, c.get('auth').school.id, id);
      return c.json({ import: progress.overlay(job) });
    },
  );

  app.post(DATA_ROUTES.importChunks, ...admin, async (c) => {
    const { id } = readParams(c, importIdParamSchema);
    const { index } = parseWith(importChunkQuerySchema, c.req.query(), 'query');
    const type = c.req.header('content-type') ?? '';
    // Requiring text/csv (not a "simple" content type) also makes a cross-site attempt preflight.
    if (!/^text\/csv\s*(;|$)/i.test(type)) {
      throw new ApiError('unsupported_media_type', {
        message: 'Send each chunk of the file as the request body with the header Content-Type: text/csv.',
      });
    }
    const text = await c.req.text();
    const schoolId = c.get('auth').school.id;
    const stored = await db.transaction((tx) => appendChunk(tx, schoolId, id, index, text));
    return c.json({ importId: id, ...stored });
  });

  app.post(DATA_ROUTES.importPreview, ...admin, async (c) => {
    const { id } = readParams(c, importIdParamSchema);
    const schoolId = c.get('auth').school.id;
    const job = await findImport(db, schoolId, id);
    if (job.state !== 'uploading' && job.state !== 'previewed') {
      throw new ApiError('invalid_request', {
        message: 'This import has been confirmed already; its preview cannot change. Start a new import to check another file.',
      });
    }
    if (job.receivedChars === 0) {
      throw new ApiError('invalid_request', { message: 'No file has been sent for this import yet.' });
    }
    const ctx = await contextFor(c, job);
    await previewImport(db, job, ctx);
    return c.json({ import: await findImport(db, schoolId, id) });
  });

  app.post(DATA_ROUTES.importConfirm, ...admin, async (c) => {
    const { id } = readParams(c, importIdParamSchema);
    const { skipBadRows, confirmLeavers } = await readJsonBody(c, importConfirmRequestSchema);
    const auth = c.get('auth');
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
    const ctx = await contextFor(c, job);
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
    return c.json({ import: running }, 202);
  });

  app.post(DATA_ROUTES.importUndo, ...admin, async (c) => {
    const { id } = readParams(c, importIdParamSchema);
    const auth = c.get('auth');
    await undoImport(db, { schoolId: auth.school.id, id, staffId: auth.staff.id, now: clock.now() });
    return c.json({ import: await findImport(db, auth.school.id, id) });
  });

  // ── The admission register ─────────────────────────────────────────────────────────────────

  app.get(DATA_ROUTES.pupils, ...rollKeeper, async (c) =>
    c.json({ pupils: await listRoll(db, c.get('auth').school.id) }),
  );

  app.put(DATA_ROUTES.pupilRoll, ...rollKeeper, async (c) => {
    const { id } = readParams(c, pupilIdParamSchema);
    const request = await readJsonBody(c, pupilRollRequestSchema);
    const auth = c.get('auth');
    const pupil = await setPupilRoll(db, {
      schoolId: auth.school.id,
      pupilId: id,
      request,
      actor: { staffId: auth.staff.id, role: auth.roles.includes('admin') ? 'admin' : 'office' },
      now: clock.now(),
    });
    return c.json({ pupil });
  });

  // ── Exports ────────────────────────────────────────────────────────────────────────────────

  app.get(DATA_ROUTES.exportMarksCsv, ...exporter, async (c) => {
    const range = parseWith(exportRangeQuerySchema, c.req.query(), 'query');
    const auth = c.get('auth');
    const entries = await exportedEntries(db, auth.school.id, range);
    // The retention job removes only entries an export covers (register/exportLog.ts).
    await recordExport(db, { schoolId: auth.school.id, ...range, at: clock.now(), byStaffId: auth.staff.id });
    return attachment(c, `\uFEFF${marksCsv(entries)}`, 'text/csv', `marks-${range.from}-to-${range.to}.csv`);
  });

  app.get(DATA_ROUTES.exportCtfAttendance, ...exporter, async (c) => {
    const range = parseWith(exportRangeQuerySchema, c.req.query(), 'query');
    const schoolId = c.get('auth').school.id;
    const entries = await exportedEntries(db, schoolId, range);
    const { rows: pupils } = await db.query<{
      id: string;
      upn: string | null;
      legal_surname: string;
      legal_forename: string;
      date_of_birth: string;
    }>(
      `SELECT id, upn, legal_surname, legal_forename, date_of_birth FROM pupil
        WHERE school_id = $1 ORDER BY legal_surname, legal_forename, id`,
      [schoolId],
    );
    const { rows: schools } = await db.query<{ name: string; dfe_number: string | null }>(
      'SELECT name, dfe_number FROM school WHERE id = $1',
      [schoolId],
    );
    const xml = ctfAttendanceXml(
      { name: schools[0]?.name ?? '', dfeNumber: schools[0]?.dfe_number ?? null },
      pupils.map((p) => ({
        id: p.id,
        upn: p.upn,
        surname: p.legal_surname,
        forename: p.legal_forename,
        dateOfBirth: p.date_of_birth,
      })),
      entries,
    );
    return attachment(c, xml, 'application/xml', `ctf-attendance-${range.from}-to-${range.to}.xml`);
  });

  // ── Calendar ───────────────────────────────────────────────────────────────────────────────

  app.get(DATA_ROUTES.calendar, ...admin, async (c) => c.json(await readCalendar(db, c.get('auth').school.id)));

  app.put(DATA_ROUTES.calendar, ...admin, async (c) => {
    const input = await readJsonBody(c, calendarPutRequestSchema);
    const schoolId = c.get('auth').school.id;
    return c.json(await db.transaction((tx) => saveCalendar(tx, schoolId, input)));
  });

  app.get(DATA_ROUTES.calendarCsv, ...admin, async (c) => {
    const { calendar } = await readCalendar(db, c.get('auth').school.id);
    return attachment(c, `\uFEFF${calendarCsv(calendar)}`, 'text/csv', 'term-dates.csv');
  });

  app.post(DATA_ROUTES.calendarImport, ...admin, async (c) => {
    const input = await readJsonBody(c, calendarImportRequestSchema);
    const parsed = parseCalendarCsv(input.csv);
    const schoolId = c.get('auth').school.id;
    return c.json(
      await db.transaction((tx) =>
        saveCalendar(tx, schoolId, { terms: parsed.terms, closures: parsed.closures, dryRun: input.dryRun }, parsed.errors),
      ),
    );
  });

  app.post(DATA_ROUTES.bankHolidays, ...admin, async (c) => {
    const input = await readJsonBody(c, bankHolidaysRequestSchema);
    const schoolId = c.get('auth').school.id;
    return c.json(await db.transaction((tx) => importBankHolidays(tx, schoolId, input.feed, input.dryRun)));
  });

  // ── Several schools ────────────────────────────────────────────────────────────────────────

  app.get(DATA_ROUTES.schools, session, async (c) => {
    const auth = c.get('auth');
    return c.json(await listSchools(db, auth.staff.id, auth.school.id));
  });

  // The session is checked before the body is read, so a request without one is a 401, not a 400.
  app.post(DATA_ROUTES.switchSchool, requireSession(deps), async (c) => {
    const input = await readJsonBody(c, switchSchoolRequestSchema);
    return c.json(await switchSchool(c, deps, input));
  });

}
