/**
 * Parents in their own language (src/shared/api/endpoints/familyEndpoints.ts; docs/parents.md):
 * the office's wording screen, families' replies in the pupil's record, the parent page's sign-in
 * code by text, and the inbound route a mail provider posts replies to.
 */
import type { Hono } from 'hono';
import * as endpoints from '../../shared/api/endpoints/familyEndpoints';
import type { AppDeps } from '../appDeps';
import type { AppEnv } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import { fileEmailReply, repliesOfPupil } from './emailReplies';
import { readSchoolWording, saveSchoolWording, wordingResponse } from './messageWording';
import { childrenForPage } from './parentAttendance';
import { requestCode, signInWithCode } from './parentCode';

export function registerFamilyRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { db, clock } = deps;
  const channels = () => ({ sms: deps.sms !== null, email: deps.mailer !== null });

  serveEndpoint(app, deps, endpoints.getFirstDayWording, async ({ auth }) =>
    wordingResponse(await readSchoolWording(db, auth.school.id), channels()),
  );
  serveEndpoint(
    app,
    deps,
    endpoints.saveFirstDayWording,
    async ({ params, body: { schoolPhone, ...wording }, auth }) => {
      await saveSchoolWording(db, {
        schoolId: auth.school.id,
        language: params.language,
        schoolPhone,
        wording,
        staffId: auth.staff.id,
        now: clock.now(),
      });
      return wordingResponse(await readSchoolWording(db, auth.school.id), channels());
    },
  );
  serveEndpoint(app, deps, endpoints.listPupilReplies, async ({ query, auth }) => ({
    replies: await repliesOfPupil(db, auth.school.id, query.pupilId),
  }));

  serveEndpoint(app, deps, endpoints.requestParentCode, async ({ c, body }) => {
    await requestCode(deps, c, body.phone);
    return { status: 'sent_if_known' as const };
  });
  serveEndpoint(app, deps, endpoints.parentCodeSignIn, async ({ c, body }) => {
    const key = await signInWithCode(deps, c, body);
    return { children: await childrenForPage(db, key, clock.now()) };
  });
}

/**
 * The route a mail provider posts replies to. Registered before the Origin check (app.ts): the
 * provider posts from its own servers with no Origin, and proves itself with the shared secret
 * instead; no cookie is read, so there is nothing for a forged cross-site request to use.
 */
export function registerInboundMailRoute(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.receiveEmailReply, async ({ c, body }) => ({
    status: await fileEmailReply(deps, c, body),
  }));
}
