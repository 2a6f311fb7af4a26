/**
 * A pupil's photo for the register tile: from the tablet's cache (db/photoCache.ts) when it is
 * there, else fetched by its opaque id (`photos.get`) and kept within the cache's budget. Offline
 * and not cached, there is no photo: the tile shows the name alone.
 */
import { call, type FetchLike } from '../api/call';
import { getPhoto } from '../../shared/api/endpoints/photoEndpoints';
import { cachedPhoto, keepPhoto, type PhotoDb } from '../db/photoCache';

export interface PhotoSource {
  readonly db: PhotoDb;
  readonly now: () => number;
  readonly staffId?: string;
  readonly fetch?: FetchLike;
}

/** One fetch per photo at a time, however many tiles ask. */
const inFlight = new Map<string, Promise<string | null>>();

export function loadPupilPhoto(photoId: string, source: PhotoSource): Promise<string | null> {
  const running = inFlight.get(photoId);
  if (running !== undefined) return running;
  const loading = (async () => {
    const cached = await cachedPhoto(source.db, photoId, source.now());
    if (cached !== null) return cached;
    const fetched = await call(
      getPhoto,
      { params: { photoId } },
      {
        ...(source.staffId === undefined ? {} : { staffId: source.staffId }),
        ...(source.fetch === undefined ? {} : { fetch: source.fetch }),
      },
    );
    return fetched.ok ? keepPhoto(source.db, fetched.value, source.now()) : null;
  })().finally(() => inFlight.delete(photoId));
  inFlight.set(photoId, loading);
  return loading;
}
