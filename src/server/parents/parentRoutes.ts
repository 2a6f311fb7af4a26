/**
 * Parents in the loop (src/shared/api/endpoints/parentEndpoints.ts; docs/parents.md): the
 * office's contacts, first-day messages and "Reported by parents" queue, and the parent page's
 * endpoints, which check the parent's own cookie (parentAccess.ts).
 */
import type { Context, Hono } from 'hono';
import { localDate, type Role } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/parentEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import { registerFamilyRoutes } from './familyRoutes';
import { checkWording } from './messageWording';
import { childrenForPage } from './parentAttendance';
import {
  acceptReport,
  createReport,
  declineReport,
  reportsOfParent,
  reportsOfSchool,
} from './absenceReports';
import { listPupilContacts, removeContact, saveContact } from './contacts';
import {
  listFirstDayMessages,
  readMessageSettings,
  saveMessageSettings,
  sendFirstDayMessages,
} from './firstDayMessages';
import {
  audit,
  childrenOf,
  REPORTS_PER_PARENT,
  requestLink,
  requireParent,
  signInWithLink,
  throttle,
  throttleKey,
} from './parentAccess';

type OfficeRole = 'office' | 'attendance_lead' | 'admin';

/** The role an office action is recorded under: the highest the person holds here. */
function officeRole(auth: AuthContext): OfficeRole {
  const order: readonly Role[] = ['admin', 'attendance_lead', 'office'];
  return (order.find((r) => auth.roles.includes(r)) ?? 'office') as OfficeRole;
}

function baseUrlOf(c: Context<AppEnv>, deps: AppDeps): string {
  return deps.config.publicOrigin ?? c.req.header('origin') ?? deps.config.ownOrigins[0] ?? '';
}

export function registerParentRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;

  // ── Contacts ───────────────────────────────────────────────────────────────────────────────
  serveEndpoint(app, deps, endpoints.listPupilContacts, async ({ query, auth }) => ({
    contacts: await listPupilContacts(db, auth.school.id, query.pupilId),
  }));
  serveEndpoint(
    app,
    deps,
    endpoints.addPupilContact,
    async ({ body: { pupilId, ...fields }, auth }) => ({
      contact: await saveContact(db, {
        schoolId: auth.school.id,
        id: null,
        pupilId,
        fields,
        now: clock.now(),
      }),
    }),
  );
  serveEndpoint(app, deps, endpoints.updatePupilContact, async ({ params, body, auth }) => ({
    contact: await saveContact(db, {
      schoolId: auth.school.id,
      id: params.id,
      pupilId: null,
      fields: body,
      now: clock.now(),
    }),
  }));
  serveEndpoint(app, deps, endpoints.removePupilContact, async ({ params, auth }) => ({
    contact: await removeContact(db, auth.school.id, params.id, clock.now()),
  }));

  // ── First-day messages ─────────────────────────────────────────────────────────────────────
  const channels = () => ({ sms: deps.sms !== null, email: deps.mailer !== null });
  serveEndpoint(app, deps, endpoints.getMessageSettings, async ({ auth }) => ({
    settings: await readMessageSettings(db, auth.school.id),
    channels: channels(),
  }));
  serveEndpoint(app, deps, endpoints.putMessageSettings, async ({ body, auth }) => {
    checkWording(body);
    await saveMessageSettings(db, auth.school.id, body, auth.staff.id, clock.now());
    return { settings: await readMessageSettings(db, auth.school.id), channels: channels() };
  });
  serveEndpoint(app, deps, endpoints.sendFirstDayMessages, async ({ body, auth }) => ({
    results: await sendFirstDayMessages(
      deps,
      {
        schoolId: auth.school.id,
        staffId: auth.staff.id,
        staffName: auth.staff.name,
        role: officeRole(auth),
      },
      { ...body, session: { date: localDate(body.session.date), part: body.session.part } },
    ),
  }));
  serveEndpoint(app, deps, endpoints.listFirstDayMessages, async ({ query, auth }) => ({
    messages: await listFirstDayMessages(db, auth.school.id, query.date, query.part),
  }));

  // ── The office's queue ─────────────────────────────────────────────────────────────────────
  serveEndpoint(app, deps, endpoints.listAbsenceReports, async ({ query, auth }) => ({
    reports: await reportsOfSchool(db, auth.school.id, query.status),
  }));
  serveEndpoint(app, deps, endpoints.acceptAbsenceReport, async ({ params, body, auth }) => ({
    report: await acceptReport(db, {
      schoolId: auth.school.id,
      id: params.id,
      actor: { staffId: auth.staff.id, name: auth.staff.name, role: officeRole(auth) },
      code: body.code,
      now: clock.now(),
    }),
  }));
  serveEndpoint(app, deps, endpoints.declineAbsenceReport, async ({ params, auth }) => ({
    report: await declineReport(db, {
      schoolId: auth.school.id,
      id: params.id,
      staffId: auth.staff.id,
      now: clock.now(),
    }),
  }));

  // ── The parent page ────────────────────────────────────────────────────────────────────────
  const publicChildren = (email: string) => childrenForPage(db, email, clock.now());

  serveEndpoint(app, deps, endpoints.requestParentLink, async ({ c, body }) => {
    await requestLink(deps, c, body.email, baseUrlOf(c, deps));
    return { status: 'sent_if_known' as const };
  });
  serveEndpoint(app, deps, endpoints.parentSignIn, async ({ c, body }) => {
    const email = await signInWithLink(deps, c, body.token);
    return { children: await publicChildren(email) };
  });
  serveEndpoint(app, deps, endpoints.parentChildren, async ({ c }) => {
    const email = await requireParent(deps, c);
    return { children: await publicChildren(email) };
  });
  serveEndpoint(app, deps, endpoints.parentReports, async ({ c }) => {
    const email = await requireParent(deps, c);
    return { reports: await reportsOfParent(db, await childrenOf(db, email)) };
  });
  serveEndpoint(app, deps, endpoints.reportAbsence, async ({ c, body }) => {
    const email = await requireParent(deps, c);
    await throttle(deps, throttleKey('reports', email), REPORTS_PER_PARENT, 'absence reports');
    const children = await childrenOf(db, email);
    const now = clock.now();
    try {
      const request = {
        ...body,
        from: localDate(body.from),
        to: localDate(body.to),
        expectedReturn: body.expectedReturn === null ? null : localDate(body.expectedReturn),
      };
      const report = await createReport(db, { children, now, request });
      const schoolId = children.find((ch) => ch.pupilId === body.pupilId)?.schoolId ?? null;
      await audit(db, {
        schoolId,
        email,
        action: 'absence_reported',
        at: now,
        detail: { report: report.id },
      });
      return { report };
    } catch (err) {
      await audit(db, {
        schoolId: null,
        email,
        action: 'absence_report_refused',
        at: now,
        detail: { pupil: body.pupilId },
      });
      throw err;
    }
  });

  registerFamilyRoutes(app, deps);
}
