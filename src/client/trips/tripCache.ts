/**
 * The trips a person leads, kept on the device (meta `leaderTrips`, by staff id) so a leader's
 * register works with no signal for days. Refreshed whenever the trips section opens online; a
 * failed refresh keeps the last copy and says how old it is.
 */
import { leadingTrips } from '../../shared/api/endpoints/tripEndpoints';
import type { LeadingTrip } from '../../shared/api/tripSchemas';
import { call, type ApiFailure, type FetchLike } from '../api/call';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';

export interface CachedTrips {
  readonly fetchedAt: string;
  readonly trips: readonly LeadingTrip[];
}

/** The copy on this device of the trips `staffId` leads, or null when never fetched here. */
export async function cachedTrips(db: AppDb, staffId: string): Promise<CachedTrips | null> {
  const all = await getMeta(db, 'leaderTrips');
  return all?.[staffId] ?? null;
}

/** Fetches the trips the person leads and keeps them on the device. */
export async function refreshLeaderTrips(
  db: AppDb,
  options: {
    readonly staffId: string;
    readonly fetch?: FetchLike | undefined;
    readonly now: number;
  },
): Promise<{ ok: true } | { ok: false; error: ApiFailure }> {
  const answer = await call(
    leadingTrips,
    {},
    {
      staffId: options.staffId,
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    },
  );
  if (!answer.ok) return answer;
  await db.transaction('rw', db.meta, async () => {
    const all = (await getMeta(db, 'leaderTrips')) ?? {};
    await setMeta(db, 'leaderTrips', {
      ...all,
      [options.staffId]: {
        fetchedAt: new Date(options.now).toISOString(),
        trips: answer.value.trips,
      },
    });
  });
  return { ok: true };
}
