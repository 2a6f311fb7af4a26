/**
 * The trips API (docs/api.md, "Trips"). The office makes trips; anyone reads the trips
 * they lead, which the device keeps for the days it will be offline. Marks are not made here:
 * leaders mark through the outbox and `POST /api/sync/push` with the trip's id.
 */
import type { Hono } from 'hono';
import { addDays, LEADING_KEEP_DAYS, toSchoolWallClock } from '../../domain/index';
import * as endpoints from '../../shared/api/endpoints/tripEndpoints';
import type { AppDeps } from '../appDeps';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { serveEndpoint } from '../http/serveEndpoint';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';
import { createTrip } from './tripService';
import { loadTripEntries, loadTrips } from './tripStore';

/** Adds the trips routes to the app. */
export function registerTripRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  serveEndpoint(app, deps, endpoints.leadingTrips, async ({ auth }) => {
    const now = deps.clock.now();
    const school = schoolConfigOf(await loadSchoolRow(deps.db, auth.school.id), now);
    const today = toSchoolWallClock(now, school.timeZone).date;
    const trips = await loadTrips(deps.db, auth.school.id, {
      leaderId: auth.staff.id,
      endsFrom: addDays(today, -LEADING_KEEP_DAYS),
    });
    return {
      trips: await Promise.all(
        trips.map(async (trip) => ({
          ...trip,
          entries: await loadTripEntries(deps.db, auth.school.id, trip),
        })),
      ),
      serverTime: now.toISOString(),
    };
  });

  serveEndpoint(app, deps, endpoints.listTrips, async ({ query, auth }) => {
    const trips = await loadTrips(deps.db, auth.school.id, {
      ...(query.from === undefined ? {} : { endsFrom: query.from }),
      ...(query.to === undefined ? {} : { startsTo: query.to }),
    });
    return { trips };
  });

  serveEndpoint(app, deps, endpoints.createTrip, async ({ body, auth }) => {
    const created = await createTrip(
      deps.db,
      { schoolId: auth.school.id, staff: auth.staff, roles: auth.roles, now: deps.clock.now() },
      body,
    );
    deps.logger.info('trip created', {
      trip: created.trip.id,
      by: auth.staff.id,
      pupils: created.trip.pupils.length,
      sessions: created.trip.sessions.length,
    });
    return created;
  });

  serveEndpoint(app, deps, endpoints.trip, async ({ params: { id }, auth }) => {
    const [trip] = await loadTrips(deps.db, auth.school.id, { ids: [id] });
    const isOffice = auth.roles.some((r) => r !== 'teacher');
    // Another school's trip, or one a teacher does not lead, is "not found".
    if (trip === undefined || (!isOffice && !trip.leaders.some((l) => l.id === auth.staff.id))) {
      throw new ApiError('not_found', {
        message: 'This school has no trip with that id that you lead.',
      });
    }
    return { trip };
  });
}
