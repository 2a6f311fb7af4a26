/**
 * The action a trip leader's exception goes through (docs/design.md §3: screens never write
 * tables directly): it is added to the pupil's list for the trip, kept on the device in meta
 * `tripExceptions`, in one transaction, so two taps never lose one another's exception.
 */
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import type { TripException } from '../db/tripException';

/** Records `exception` for the pupil on the trip and returns the pupil's exceptions, oldest first. */
export async function recordTripException(
  db: AppDb,
  tripId: string,
  pupilId: string,
  exception: TripException,
): Promise<TripException[]> {
  return db.transaction('rw', db.meta, async () => {
    const all = (await getMeta(db, 'tripExceptions')) ?? {};
    const forTrip = all[tripId] ?? {};
    const list = [...(forTrip[pupilId] ?? []), exception];
    await setMeta(db, 'tripExceptions', { ...all, [tripId]: { ...forTrip, [pupilId]: list } });
    return list;
  });
}
