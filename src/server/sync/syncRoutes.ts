/**
 * The sync API (`/api/sync/*`) and a pupil's entry history (`/api/pupils/:id/entries`). Handlers
 * stay thin: the contract parses at the boundary, the handler calls the service and answers.
 */
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import {
  pupilEntries as pupilEntriesEndpoint,
  syncPull,
  syncPush,
  syncSnapshot,
} from '../../shared/api/endpoints/coreEndpoints';
import type { AppDeps } from '../appDeps';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import { pullEvents, snapshot } from './pullService';
import { pupilEntries } from './pupilEntries';
import { reasonReaderOf, readsPupil } from './reasonReader';
import { readPushBody } from './push/parsePush';
import { PushService } from './pushService';

/** 500 events of a few hundred bytes each fit well inside this; anything larger is refused. */
export const MAX_PUSH_BYTES = 1024 * 1024;

const tooLarge = () => {
  throw new ApiError('payload_too_large', {
    message: `A push may be at most ${MAX_PUSH_BYTES / 1024} KB; send the outbox in smaller batches.`,
  });
};

/** Adds the sync routes to the app. */
export function registerSyncRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  // One per app: each school's pushes that arrive together are applied as one group.
  const pushes = new PushService(deps.db, deps.logger);
  // A revoked tablet may still deliver the marks it queued (flagged for the office), but nothing
  // else: pull, snapshot and every other endpoint keep refusing it.
  serveEndpoint(
    app,
    deps,
    syncPush,
    async ({ body, auth }) => {
      const { request, invalid } = readPushBody(body);
      if (request.deviceId !== auth.deviceId) throw new ApiError('device_mismatch');
      const response = await pushes.push(
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
      return response;
    },
    {
      admitWithdrawnDevice: true,
      afterAuth: [bodyLimit({ maxSize: MAX_PUSH_BYTES, onError: tooLarge })],
    },
  );

  serveEndpoint(app, deps, syncPull, async ({ query, auth }) => {
    const now = deps.clock.now();
    const reader = await reasonReaderOf(deps.db, auth, now);
    return pullEvents(deps.db, auth.school.id, query, now, reader);
  });

  serveEndpoint(app, deps, syncSnapshot, async ({ auth }) =>
    snapshot(deps.db, auth.school.id, deps.clock.now()),
  );

  serveEndpoint(app, deps, pupilEntriesEndpoint, async ({ params: { id }, query, auth }) => {
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
    return found;
  });
}
