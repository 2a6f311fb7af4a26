/**
 * The MIS endpoints (contract: src/shared/api/endpoints/misEndpoints.ts): the written-to-MIS
 * status with the marks that have not got there, trying failed ones again, and a day's
 * reconciliation of Tickmark's marks against the MIS's, as JSON or CSV.
 */
import type { Hono } from 'hono';
import { describeMisDifference, reconcileMisMarks, type SessionPart } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/misEndpoints';
import type { MisReconciliationResponse } from '../../shared/api/misSchemas';
import { writeCsvObjects } from '../../shared/csv';
import type { AppDeps } from '../appDeps';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import type { MisConnection } from './misConnection';
import { retryFailed, writeCounts, writeProblems } from './misStore';
import { MisError } from './misWriter';

const PROBLEMS_SHOWN = 500;

const NOT_CONNECTED =
  'This school does not write its register into an MIS: whoever runs the server sets WONDE_TOKEN, WONDE_SCHOOLS and MIS_WRITE_FROM (docs/mis.md).';

async function reconciliation(
  deps: AppDeps,
  connection: MisConnection | null,
  schoolId: string,
  date: string,
): Promise<MisReconciliationResponse> {
  const writer = connection === null ? null : await connection.writerFor(schoolId);
  if (writer === null) throw new ApiError('not_found', { message: NOT_CONNECTED });
  const ours = await deps.db.query<{
    pupil_id: string;
    upn: string | null;
    display_name: string;
    session_part: SessionPart;
    code: string;
    minutes_late: number | null;
  }>(
    `SELECT e.pupil_id, p.upn, e.session_part, e.code, e.minutes_late,
            coalesce(p.preferred_forename, p.legal_forename) || ' ' ||
              coalesce(p.preferred_surname, p.legal_surname) AS display_name
       FROM register_entry e JOIN pupil p ON p.id = e.pupil_id
      WHERE e.school_id = $1 AND e.session_date = $2`,
    [schoolId, date],
  );
  let theirs;
  try {
    theirs = await writer.readMarks({ from: date, to: date });
  } catch (err) {
    if (!(err instanceof MisError)) throw err;
    throw new ApiError('mis_unreachable', {
      message: `The school’s MIS could not be read, so the marks could not be compared: ${err.message}.`,
    });
  }
  const withUpn = ours.rows.flatMap((r) =>
    r.upn === null ? [] : [{ ...r, upn: r.upn.toUpperCase() }],
  );
  const pupils = new Map(
    withUpn.map((r) => [r.upn, { id: r.pupil_id, displayName: r.display_name }]),
  );
  const result = reconcileMisMarks(
    withUpn.map((r) => ({
      upn: r.upn,
      date,
      session: r.session_part,
      code: r.code,
      minutesLate: r.minutes_late,
    })),
    theirs,
  );
  return {
    date,
    mis: writer.describe,
    tickmarkMarks: withUpn.length,
    misMarks: theirs.length,
    matching: result.matching,
    withoutUpn: ours.rows.length - withUpn.length,
    differences: result.differences.map((d) => ({
      upn: d.upn,
      pupil: pupils.get(d.upn) ?? null,
      session: d.session,
      kind: d.kind,
      words: describeMisDifference(d.kind),
      tickmark: d.tickmark,
      mis: d.mis,
    })),
  };
}

function reconciliationCsv(report: MisReconciliationResponse): string {
  const late = (m: { minutesLate: number | null } | null) => m?.minutesLate ?? null;
  return writeCsvObjects(
    [
      'Date',
      'Pupil',
      'UPN',
      'Session',
      'Difference',
      'Tickmark code',
      'Tickmark minutes late',
      'MIS code',
      'MIS minutes late',
    ] as const,
    report.differences.map((d) => ({
      Date: report.date,
      Pupil: d.pupil?.displayName ?? null,
      UPN: d.upn,
      Session: d.session,
      Difference: d.words,
      'Tickmark code': d.tickmark?.code ?? null,
      'Tickmark minutes late': late(d.tickmark),
      'MIS code': d.mis?.code ?? null,
      'MIS minutes late': late(d.mis),
    })),
  );
}

/** Adds the MIS routes; `connection` is null when the server writes to no MIS. */
export function registerMisRoutes(
  app: Hono<AppEnv>,
  deps: AppDeps,
  connection: MisConnection | null,
): void {
  serveEndpoint(app, deps, endpoints.misStatus, async ({ auth }) => {
    const schoolId = auth.school.id;
    const writer = connection === null ? null : await connection.writerFor(schoolId);
    const [counts, problems] = await Promise.all([
      writeCounts(deps.db, schoolId),
      writeProblems(deps.db, schoolId, PROBLEMS_SHOWN),
    ]);
    return {
      connected: writer !== null,
      mis: writer?.describe ?? null,
      writeFrom: writer === null || connection === null ? null : connection.writeFrom,
      counts,
      problems: problems.map((p) => ({
        eventId: p.eventId,
        pupil: { id: p.pupilId, displayName: p.displayName },
        date: p.date,
        session: p.session,
        code: p.code,
        minutesLate: p.minutesLate,
        status: p.status,
        attempts: p.attempts,
        lastError: p.lastError,
        unsure: p.unsure,
        lastAttemptAt: p.lastAttemptAt?.toISOString() ?? null,
      })),
    };
  });

  serveEndpoint(app, deps, endpoints.misRetry, async ({ body, auth }) => {
    const writer = connection === null ? null : await connection.writerFor(auth.school.id);
    if (writer === null) throw new ApiError('not_found', { message: NOT_CONNECTED });
    const retried = await retryFailed(
      deps.db,
      auth.school.id,
      body.eventIds ?? null,
      deps.clock.now(),
    );
    return { retried };
  });

  serveEndpoint(app, deps, endpoints.misReconciliation, async ({ query, auth }) => {
    const report = await reconciliation(deps, connection, auth.school.id, query.date);
    return query.format === 'csv'
      ? new FileReply(reconciliationCsv(report), {
          fileName: `mis-reconciliation-${report.date}.csv`,
        })
      : report;
  });
}
