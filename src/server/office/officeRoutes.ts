/**
 * The office API. Every route admits office, attendance lead and admin staff; a teacher
 * gets 403. Marks and amendments are never written here: the office writes them through its own
 * outbox and `POST /api/sync/push`, like a tablet. These routes read the register and keep the
 * office's own records. A record of another school is "not found".
 */
import type { Hono } from 'hono';
import { localDate } from '../../domain/index';
import { OFFICE_ROUTES } from '../../shared/api/officeRoutes';
import {
  absenteesQuerySchema,
  chaseQuerySchema,
  contactsQuerySchema,
  createContactRequestSchema,
  createFireDrillRequestSchema,
  createSignOutRequestSchema,
  conflictsQuerySchema,
  eventIdParamSchema,
  fireDrillsQuerySchema,
  officeSessionQuerySchema,
  resolveConflictRequestSchema,
  rollCallQuerySchema,
  signOutReturnRequestSchema,
  signOutsQuerySchema,
  uuidParamSchema,
} from '../../shared/api/officeSchemas';
import type { AppDeps } from '../appDeps';
import { requireRole, requireSession } from '../auth/requireSession';
import type { AppEnv } from '../http/appEnv';
import { parseWith, readJsonBody, readParams } from '../http/parseRequest';
import { absenteesCsv, absenteesFileName, absenteesOn } from './absentees';
import { chaseList } from './chase';
import { listConflicts, resolveConflict } from './conflicts';
import { listContacts, recordContact } from './contacts';
import { listFireDrills, recordFireDrill } from './fireDrills';
import { actorOf, loadSchoolConfig, OFFICE_ROLES, schoolToday } from './officeSupport';
import { rollCallFor } from './rollCallService';
import { listSignOuts, recordReturn, recordSignOut } from './signOuts';
import { todayBoard } from './today';

/** Adds the office routes to the app. */
export function registerOfficeRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const office = [requireSession(deps), requireRole(...OFFICE_ROLES)] as const;
  const { db, clock } = deps;

  app.get(OFFICE_ROUTES.today, ...office, async (c) => {
    const q = parseWith(officeSessionQuerySchema, c.req.query(), 'query');
    const session = { date: localDate(q.date), part: q.part };
    return c.json(await todayBoard(db, c.get('auth').school.id, session, clock.now()));
  });

  app.get(OFFICE_ROUTES.chase, ...office, async (c) => {
    const q = parseWith(chaseQuerySchema, c.req.query(), 'query');
    const schoolId = c.get('auth').school.id;
    const today =
      q.today === undefined
        ? schoolToday(await loadSchoolConfig(db, schoolId, clock.now()), clock.now())
        : localDate(q.today);
    return c.json(await chaseList(db, schoolId, today));
  });

  app.get(OFFICE_ROUTES.contacts, ...office, async (c) => {
    const q = parseWith(contactsQuerySchema, c.req.query(), 'query');
    return c.json({ contacts: await listContacts(db, c.get('auth').school.id, q) });
  });

  app.post(OFFICE_ROUTES.contacts, ...office, async (c) => {
    const request = await readJsonBody(c, createContactRequestSchema);
    const auth = c.get('auth');
    const contact = await recordContact(db, {
      schoolId: auth.school.id,
      actor: actorOf(auth),
      now: clock.now(),
      request,
    });
    return c.json({ contact });
  });

  app.get(OFFICE_ROUTES.signOuts, ...office, async (c) => {
    const q = parseWith(signOutsQuerySchema, c.req.query(), 'query');
    return c.json({
      signOuts: await listSignOuts(db, c.get('auth').school.id, localDate(q.date)),
    });
  });

  app.post(OFFICE_ROUTES.signOuts, ...office, async (c) => {
    const request = await readJsonBody(c, createSignOutRequestSchema);
    const auth = c.get('auth');
    const signOut = await db.transaction((tx) =>
      recordSignOut(tx, {
        schoolId: auth.school.id,
        actor: actorOf(auth),
        now: clock.now(),
        request,
      }),
    );
    return c.json({ signOut });
  });

  app.post(OFFICE_ROUTES.signOutReturn, ...office, async (c) => {
    const { id } = readParams(c, uuidParamSchema);
    const { at } = await readJsonBody(c, signOutReturnRequestSchema);
    const auth = c.get('auth');
    const signOut = await db.transaction((tx) =>
      recordReturn(tx, {
        schoolId: auth.school.id,
        actor: actorOf(auth),
        now: clock.now(),
        id,
        at,
      }),
    );
    return c.json({ signOut });
  });

  app.get(OFFICE_ROUTES.rollCall, ...office, async (c) => {
    const q = parseWith(rollCallQuerySchema, c.req.query(), 'query');
    const now = clock.now();
    const at = q.at === undefined ? now : new Date(q.at);
    const session = { date: localDate(q.date), part: q.part };
    return c.json(await rollCallFor(db, c.get('auth').school.id, session, at, now));
  });

  app.get(OFFICE_ROUTES.fireDrills, ...office, async (c) => {
    const q = parseWith(fireDrillsQuerySchema, c.req.query(), 'query');
    return c.json({ drills: await listFireDrills(db, c.get('auth').school.id, q) });
  });

  app.post(OFFICE_ROUTES.fireDrills, ...office, async (c) => {
    const request = await readJsonBody(c, createFireDrillRequestSchema);
    const auth = c.get('auth');
    const drill = await db.transaction((tx) =>
      recordFireDrill(tx, {
        schoolId: auth.school.id,
        actor: actorOf(auth),
        now: clock.now(),
        request,
      }),
    );
    return c.json({ drill });
  });

  app.get(OFFICE_ROUTES.conflicts, ...office, async (c) => {
    const q = parseWith(conflictsQuerySchema, c.req.query(), 'query');
    return c.json({ conflicts: await listConflicts(db, c.get('auth').school.id, q) });
  });

  app.post(OFFICE_ROUTES.conflictResolve, ...office, async (c) => {
    const { eventId } = readParams(c, eventIdParamSchema);
    const request = await readJsonBody(c, resolveConflictRequestSchema);
    const auth = c.get('auth');
    const answer = await db.transaction((tx) =>
      resolveConflict(tx, {
        schoolId: auth.school.id,
        eventId,
        actor: actorOf(auth),
        now: clock.now(),
        request,
      }),
    );
    return c.json(answer);
  });

  app.get(OFFICE_ROUTES.absentees, ...office, async (c) => {
    const q = parseWith(absenteesQuerySchema, c.req.query(), 'query');
    return c.json(await absenteesOn(db, c.get('auth').school.id, localDate(q.date), clock.now()));
  });

  app.get(OFFICE_ROUTES.absenteesCsv, ...office, async (c) => {
    const q = parseWith(absenteesQuerySchema, c.req.query(), 'query');
    const schoolId = c.get('auth').school.id;
    const school = await loadSchoolConfig(db, schoolId, localDate(q.date));
    const list = await absenteesOn(db, schoolId, localDate(q.date), clock.now());
    // A byte-order mark lets spreadsheet programs read the names' accents as UTF-8.
    return c.body(`\uFEFF${absenteesCsv(list, school.timeZone)}`, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${absenteesFileName(q.date)}"`,
      'Cache-Control': 'no-store',
    });
  });
}
