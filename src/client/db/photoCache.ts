/**
 * Pupil photos kept on the tablet, so the register shows them offline too. They live in their own
 * small database (`tickmark-photos`), apart from the register's (appDb.ts): it is a cache, never
 * part of the legal record, and clearing it loses nothing the server does not have.
 *
 * The budget (PHOTO_CACHE_BUDGET_BYTES, 20 MB: a school of 1,000 pupils at the 200 KB cap, or
 * several thousand at a usual 15 KB) is enforced on every store: the photos shown least recently
 * are dropped until the rest fit. A photo is kept as the base64 text the server sent and counted
 * by that length.
 */
import { Dexie, type Table } from 'dexie';
import { z } from 'zod';
import {
  PHOTO_CACHE_BUDGET_BYTES,
  photoMediaTypeSchema,
  type PhotoResponse,
} from '../../shared/api/photoSchemas';

export const PHOTO_DB_NAME = 'tickmark-photos';

const photoRowSchema = z.strictObject({
  photoId: z.string(),
  mediaType: photoMediaTypeSchema,
  data: z.string(),
  size: z.int().min(0),
  /** When a tile last showed it (ms since the epoch): the least recent goes first. */
  usedAt: z.number(),
});
export type PhotoRow = z.infer<typeof photoRowSchema>;

export class PhotoDb extends Dexie {
  photos!: Table<PhotoRow, string>;

  constructor(name: string = PHOTO_DB_NAME) {
    super(name);
    this.version(1).stores({ photos: 'photoId, usedAt' });
  }
}

let shared: PhotoDb | null = null;

/** The tablet's photo cache (tests pass their own). */
export function getPhotoDb(): PhotoDb {
  shared ??= new PhotoDb();
  return shared;
}

/** "data:image/jpeg;base64,…" for an <img>, or null when the photo is not kept here. */
export async function cachedPhoto(
  db: PhotoDb,
  photoId: string,
  now: number,
): Promise<string | null> {
  const raw = await db.photos.get(photoId);
  const parsed = photoRowSchema.safeParse(raw);
  if (!parsed.success) {
    if (raw !== undefined) await db.photos.delete(photoId);
    return null;
  }
  await db.photos.update(photoId, { usedAt: now });
  return dataUrlOf(parsed.data);
}

/** Keeps `photo`, then drops the least recently shown photos until all fit in `budget` bytes. */
export async function keepPhoto(
  db: PhotoDb,
  photo: PhotoResponse,
  now: number,
  budget: number = PHOTO_CACHE_BUDGET_BYTES,
): Promise<string> {
  const row: PhotoRow = { ...photo, size: photo.data.length, usedAt: now };
  await db.transaction('rw', db.photos, async () => {
    await db.photos.put(row);
    let total = 0;
    const keep = new Set<string>();
    // Newest use first: keep while the running total fits (the photo just stored is always kept).
    await db.photos
      .orderBy('usedAt')
      .reverse()
      .each((stored) => {
        if (stored.photoId === row.photoId || total + stored.size <= budget) {
          total += stored.size;
          keep.add(stored.photoId);
        }
      });
    const drop = (await db.photos.toCollection().primaryKeys()).filter((id) => !keep.has(id));
    if (drop.length > 0) await db.photos.bulkDelete(drop);
  });
  return dataUrlOf(row);
}

/** Bytes the cache holds (base64 length). */
export async function photoCacheSize(db: PhotoDb): Promise<number> {
  let total = 0;
  await db.photos.each((row) => {
    total += row.size;
  });
  return total;
}

function dataUrlOf(row: Pick<PhotoRow, 'mediaType' | 'data'>): string {
  return `data:${row.mediaType};base64,${row.data}`;
}
