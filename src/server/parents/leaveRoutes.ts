/**
 * Leave of absence (src/shared/api/endpoints/leaveEndpoints.ts; docs/parents.md, "Leave
 * requests"): the parent page's request, list and letter, which check the parent's own cookie
 * (parentAccess.ts) and are throttled and audited like the parent page's other endpoints; the
 * office's queue, evidence and letter; the decision, by the role the school's leave settings name.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { localDate, type Role } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/leaveEndpoints';
import {
  LEAVE_EVIDENCE_MAX_BYTES,
  LEAVE_REQUEST_MAX_BODY_BYTES,
} from '../../shared/api/leaveSchemas';
import type { AppDeps } from '../appDeps';
import type { ThrottleRule } from '../auth/rateLimit';
import { ApiError } from '../http/apiError';
import type { AppEnv, AuthContext } from '../http/appEnv';
import { FileReply, serveEndpoint } from '../http/serveEndpoint';
import {
  createLeaveRequest,
  decideLeaveRequest,
  deciderRole,
  evidenceOf,
  leaveQueue,
  leavesOfParent,
  letterOf,
  readLeaveRules,
  recordRefusedAbsences,
  saveLeaveRules,
} from './leaveRequests';
import { audit, childrenOf, requireParent, throttle, throttleKey } from './parentAccess';

const MINUTE = 60_000;
/** Leave requests from one parent: a family asks a few times a year, so ten a day is plenty. */
export const LEAVE_REQUESTS_PER_PARENT: ThrottleRule = {
  failuresBeforeWait: 10,
  firstWaitMs: MINUTE,
  maxWaitMs: 60 * MINUTE,
  forgetAfterMs: 24 * 60 * MINUTE,
};

/** The one request body above the server's 1 MB: a request with its evidence file, in base64. */
export const LEAVE_REQUEST_PATH = endpoints.requestLeave.path;

type OfficeRole = 'office' | 'attendance_lead' | 'admin';
function officeRole(auth: AuthContext): OfficeRole {
  const order: readonly Role[] = ['admin', 'attendance_lead', 'office'];
  return (order.find((r) => auth.roles.includes(r)) ?? 'office') as OfficeRole;
}

export function registerLeaveRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;

  // ── The parent page ────────────────────────────────────────────────────────────────────────
  serveEndpoint(
    app,
    deps,
    endpoints.requestLeave,
    async ({ c, body }) => {
      const email = await requireParent(deps, c);
      await throttle(
        deps,
        throttleKey('leave', email),
        LEAVE_REQUESTS_PER_PARENT,
        'leave requests',
      );
      const children = await childrenOf(db, email);
      const now = clock.now();
      try {
        const request = await createLeaveRequest(db, {
          children,
          now,
          request: {
            pupilId: body.pupilId,
            from: { date: localDate(body.from.date), part: body.from.part },
            to: { date: localDate(body.to.date), part: body.to.part },
            reason: body.reason,
            evidence: body.evidence,
          },
        });
        await audit(db, {
          schoolId: children.find((ch) => ch.pupilId === body.pupilId)?.schoolId ?? null,
          email,
          action: 'leave_requested',
          at: now,
          detail: { request: request.id },
        });
        return { request };
      } catch (err) {
        await audit(db, {
          schoolId: null,
          email,
          action: 'leave_request_refused',
          at: now,
          detail: { pupil: body.pupilId },
        });
        throw err;
      }
    },
    {
      before: [
        bodyLimit({
          maxSize: LEAVE_REQUEST_MAX_BODY_BYTES,
          onError: () => {
            throw new ApiError('payload_too_large', {
              message: `The evidence file is larger than ${LEAVE_EVIDENCE_MAX_BYTES / 1024 / 1024} MB. Send a smaller photo or scan.`,
            });
          },
        }),
      ],
    },
  );

  serveEndpoint(app, deps, endpoints.parentLeaveRequests, async ({ c }) => {
    const email = await requireParent(deps, c);
    return { requests: await leavesOfParent(db, await childrenOf(db, email)) };
  });

  serveEndpoint(app, deps, endpoints.parentLeaveLetter, async ({ c, params }) => {
    const email = await requireParent(deps, c);
    const children = await childrenOf(db, email);
    const pdf = await letterOf(db, { contactIds: children.map((ch) => ch.contactId) }, params.id);
    await audit(db, {
      schoolId: children[0]?.schoolId ?? null,
      email,
      action: 'leave_letter_downloaded',
      at: clock.now(),
      detail: { request: params.id },
    });
    return new FileReply(pdf.body, { fileName: pdf.fileName });
  });

  // ── The office and the decider ─────────────────────────────────────────────────────────────
  serveEndpoint(app, deps, endpoints.leaveQueue, async ({ query, auth }) => {
    const rules = await readLeaveRules(db, auth.school.id);
    return {
      requests: await leaveQueue(db, auth.school.id, query.status, clock.now()),
      mayDecide: deciderRole(auth.roles, rules) !== null,
      decidedBy: rules.decidedBy,
    };
  });

  serveEndpoint(app, deps, endpoints.leaveEvidence, async ({ params, auth }) =>
    evidenceOf(db, auth.school.id, params.id),
  );

  serveEndpoint(app, deps, endpoints.leaveLetter, async ({ params, auth }) => {
    const pdf = await letterOf(db, { schoolId: auth.school.id }, params.id);
    return new FileReply(pdf.body, { fileName: pdf.fileName });
  });

  serveEndpoint(app, deps, endpoints.decideLeave, async ({ params, body, auth }) => {
    const rules = await readLeaveRules(db, auth.school.id);
    const role = deciderRole(auth.roles, rules);
    if (role === null) {
      throw new ApiError('forbidden', {
        message: `At ${auth.school.name} leave is decided by the ${rules.decidedBy === 'admin' ? 'head teacher (an administrator)' : 'attendance lead'}. Pass the request to them, or ask an administrator to change "leave decided by".`,
      });
    }
    const request = await decideLeaveRequest(deps, {
      schoolId: auth.school.id,
      id: params.id,
      decider: { staffId: auth.staff.id, name: auth.staff.name, role },
      decision: body.decision,
      reason: body.reason,
      now: clock.now(),
    });
    deps.logger.info('leave request decided', { request: request.id, by: auth.staff.id });
    return { request };
  });

  serveEndpoint(app, deps, endpoints.recordRefusedLeave, async ({ params, auth }) => ({
    request: await recordRefusedAbsences(db, {
      schoolId: auth.school.id,
      id: params.id,
      actor: { staffId: auth.staff.id, name: auth.staff.name, role: officeRole(auth) },
      now: clock.now(),
    }),
  }));

  const rulesOf = async (schoolId: string) => {
    const rules = await readLeaveRules(db, schoolId);
    return { rules: { ...rules, blackouts: [...rules.blackouts] } };
  };
  serveEndpoint(app, deps, endpoints.leaveSettings, async ({ auth }) => rulesOf(auth.school.id));

  serveEndpoint(app, deps, endpoints.saveLeaveSettings, async ({ body, auth }) => {
    await saveLeaveRules(db, {
      schoolId: auth.school.id,
      rules: body,
      staffId: auth.staff.id,
      now: clock.now(),
    });
    return rulesOf(auth.school.id);
  });
}
