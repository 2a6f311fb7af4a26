/**
 * The office API. Every route admits office, attendance lead and admin staff; a teacher
 * gets 403. Marks and amendments are never written here: the office writes them through its own
 * outbox and `POST /api/sync/push`, like a tablet. These routes read the register and keep the
 * office's own records. A record of another school is "not found".
 */
import type { Hono } from 'hono';
import { localDate } from '../../domain/index';
import { ApiError } from '../http/apiError';
import * as office from '../../shared/api/endpoints/officeEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import { absenteesCsv, absenteesFileName, absenteesOn } from './absentees';
import { chaseList } from './chase';
import { listConflicts, resolveConflict } from './conflicts';
import { listContacts, recordContact } from './contacts';
import { listFireDrills, recordFireDrill } from './fireDrills';
import { actorOf, loadSchoolConfig, schoolToday } from './officeSupport';
import { rollCallFor } from './rollCallService';
import { pupilSummary } from './pupilSummary';
import { listSignOuts, recordReturn, recordSignOut } from './signOuts';
import { todayBoard } from './today';

/** Adds the office routes to the app. */
export function registerOfficeRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;

  serveEndpoint(app, deps, office.today, async ({ query, auth }) => {
    const session = { date: localDate(query.date), part: query.part };
    return todayBoard(db, auth.school.id, session, clock.now());
  });

  serveEndpoint(app, deps, office.chase, async ({ query, auth }) => {
    const schoolId = auth.school.id;
    const today =
      query.today === undefined
        ? schoolToday(await loadSchoolConfig(db, schoolId, clock.now()), clock.now())
        : localDate(query.today);
    return chaseList(db, schoolId, today);
  });

  serveEndpoint(app, deps, office.listContacts, async ({ query, auth }) => ({
    contacts: await listContacts(db, auth.school.id, query),
  }));

  serveEndpoint(app, deps, office.recordContact, async ({ body, auth }) => {
    const contact = await recordContact(db, {
      schoolId: auth.school.id,
      actor: actorOf(auth),
      now: clock.now(),
      request: body,
    });
    return { contact };
  });

  serveEndpoint(app, deps, office.listSignOuts, async ({ query, auth }) => ({
    signOuts: await listSignOuts(db, auth.school.id, localDate(query.date)),
  }));

  serveEndpoint(app, deps, office.recordSignOut, async ({ body, auth }) => {
    const signOut = await db.transaction((tx) =>
      recordSignOut(tx, {
        schoolId: auth.school.id,
        actor: actorOf(auth),
        now: clock.now(),
        request: body,
      }),
    );
    return { signOut };
  });

  serveEndpoint(app, deps, office.recordReturn, async ({ params, body, auth }) => {
    const signOut = await db.transaction((tx) =>
      recordReturn(tx, {
        schoolId: auth.school.id,
        actor: actorOf(auth),
        now: clock.now(),
        id: params.id,
        at: body.at,
      }),
    );
    return { signOut };
  });

  serveEndpoint(app, deps, office.rollCall, async ({ query, auth }) => {
    const now = clock.now();
    const at = query.at === undefined ? now : new Date(query.at);
    const session = { date: localDate(query.date), part: query.part };
    return rollCallFor(db, auth.school.id, session, at, now);
  });

  serveEndpoint(app, deps, office.listFireDrills, async ({ query, auth }) => ({
    drills: await listFireDrills(db, auth.school.id, query),
  }));

  serveEndpoint(app, deps, office.recordFireDrill, async ({ body, auth }) => {
    const drill = await db.transaction((tx) =>
      recordFireDrill(tx, {
        schoolId: auth.school.id,
        actor: actorOf(auth),
        now: clock.now(),
        request: body,
      }),
    );
    return { drill };
  });

  serveEndpoint(app, deps, office.listConflicts, async ({ query, auth }) => ({
    conflicts: await listConflicts(db, auth.school.id, query),
  }));

  serveEndpoint(app, deps, office.resolveConflict, async ({ params, body, auth }) =>
    db.transaction((tx) =>
      resolveConflict(tx, {
        schoolId: auth.school.id,
        eventId: params.eventId,
        actor: actorOf(auth),
        now: clock.now(),
        request: body,
      }),
    ),
  );

  serveEndpoint(app, deps, office.absentees, async ({ query, auth }) =>
    absenteesOn(db, auth.school.id, localDate(query.date), clock.now()),
  );

  serveEndpoint(app, deps, office.absenteesCsv, async ({ query, auth }) => {
    const schoolId = auth.school.id;
    const school = await loadSchoolConfig(db, schoolId, localDate(query.date));
    const list = await absenteesOn(db, schoolId, localDate(query.date), clock.now());
    // A byte-order mark lets spreadsheet programs read the names' accents as UTF-8.
    return new FileReply(`\uFEFF${absenteesCsv(list, school.timeZone)}`, {
      fileName: absenteesFileName(query.date),
      cacheControl: 'no-store',
    });
  });

  serveEndpoint(app, deps, office.pupilSummary, async ({ params, query, auth }) => {
    const schoolId = auth.school.id;
    const now = await loadSchoolConfig(db, schoolId, clock.now());
    const today =
      query.today === undefined ? schoolToday(now, clock.now()) : localDate(query.today);
    const school = await loadSchoolConfig(db, schoolId, today);
    const summary = await pupilSummary(db, { schoolId, pupilId: params.id, school, today });
    if (summary === null)
      throw new ApiError('not_found', { message: 'This school has no pupil with that id.' });
    return summary;
  });
}
