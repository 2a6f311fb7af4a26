/**
 * The sync API (`/api/sync/*`) and a pupil's entry history (`/api/pupils/:id/entries`). Handlers
 * stay thin: parse at the boundary, call the service, answer.
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { pupilEntriesQuerySchema } from '../../shared/api/entrySchemas';
import { ROUTES } from '../../shared/api/routes';
import { pullQuerySchema } from '../../shared/api/syncSchemas';
import type { AppDeps } from '../appDeps';
import { requireSession } from '../auth/requireSession';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { parseWith, readJsonBody, readParams } from '../http/parseRequest';
import { pullEvents, snapshot } from './pullService';
import { pupilEntries } from './pupilEntries';
import { reasonReaderOf, readsPupil } from './reasonReader';
import { readPushBody } from './push/parsePush';
import { applyPush } from './pushService';

/** 500 events of a few hundred bytes each fit well inside this; anything larger is refused. */
export const MAX_PUSH_BYTES = 1024 * 1024;

const tooLarge = () => {
  throw new ApiError('payload_too_large', {
    message: `A push may be at most ${MAX_PUSH_BYTES / 1024} KB; send the outbox in smaller batches.`,
  });
};

/** Routes mounted at `/api/sync`. */
export function syncRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  const strict = requireSession(deps);
  // A revoked tablet may still deliver the marks it queued (flagged for the office), but nothing
  // else: pull, snapshot and every other endpoint keep refusing it.
  const forPush = requireSession(deps, { admitWithdrawnDevice: true });
  routes.use('*', (c, next) =>
    c.req.method === 'POST' && c.req.path === ROUTES.syncPush ? forPush(c, next) : strict(c, next),
  );

  routes.post('/push', bodyLimit({ maxSize: MAX_PUSH_BYTES, onError: tooLarge }), async (c) => {
    const { request, invalid } = readPushBody(await readJsonBody(c, z.unknown()));
    const auth = c.get('auth');
    if (request.deviceId !== auth.deviceId) throw new ApiError('device_mismatch');
    const response = await applyPush(
      deps.db,
      {
        schoolId: auth.school.id,
        deviceId: auth.deviceId,
        now: deps.clock.now(),
        deviceWithdrawn: auth.deviceWithdrawn === true,
      },
      request,
      invalid,
    );
    deps.statistics.noteWritten(response.acks.length);
    return c.json(response);
  });

  routes.get('/pull', async (c) => {
    const query = parseWith(pullQuerySchema, c.req.query(), 'query');
    const auth = c.get('auth');
    const now = deps.clock.now();
    const reader = await reasonReaderOf(deps.db, auth, now);
    return c.json(await pullEvents(deps.db, auth.school.id, query, now, reader));
  });

  routes.get('/snapshot', async (c) => {
    return c.json(await snapshot(deps.db, c.get('auth').school.id, deps.clock.now()));
  });

  return routes;
}

const pupilParamsSchema = z.strictObject({ id: z.uuid() });

/** Routes mounted at `/api/pupils`. */
export function pupilRoutes(deps: AppDeps): Hono<AppEnv> {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireSession(deps));
  routes.get('/:id/entries', async (c) => {
    const { id } = readParams(c, pupilParamsSchema);
    const query = parseWith(pupilEntriesQuerySchema, c.req.query(), 'query');
    const auth = c.get('auth');
    const found = await pupilEntries(deps.db, auth.school.id, id, query.from, query.to);
    // Another school's pupil and a pupil who does not exist look the same from here.
    if (found === null)
      throw new ApiError('not_found', { message: 'This school has no pupil with that id.' });
    // Checked after the pupil is found, so a teacher learns nothing new from the answer: the
    // pupil is on the roster their tablet already holds.
    if (!readsPupil(await reasonReaderOf(deps.db, auth, deps.clock.now()), id))
      throw new ApiError('forbidden', {
        message:
          "A teacher can read the history only of pupils in their own groups or on a trip they lead. Ask the office or the attendance lead for this pupil's record.",
      });
    return c.json(found);
  });
  return routes;
}
