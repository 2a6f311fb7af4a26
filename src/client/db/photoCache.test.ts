import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { cachedPhoto, keepPhoto, PhotoDb, photoCacheSize } from './photoCache';

let db: PhotoDb | undefined;
afterEach(async () => {
  await db?.delete();
});

const photo = (n: number, size: number) => ({
  photoId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  mediaType: 'image/jpeg' as const,
  data: 'A'.repeat(size),
});

describe('the tablet’s photo cache', () => {
  it('gives back a kept photo as a data URL, and nothing for one it does not hold', async () => {
    db = new PhotoDb(`photos-${crypto.randomUUID()}`);
    await keepPhoto(db, photo(1, 8), 1000);
    expect(await cachedPhoto(db, photo(1, 8).photoId, 2000)).toBe(
      'data:image/jpeg;base64,AAAAAAAA',
    );
    expect(await cachedPhoto(db, photo(2, 8).photoId, 2000)).toBeNull();
  });

  it('stays within its budget by dropping the photos shown least recently', async () => {
    db = new PhotoDb(`photos-${crypto.randomUUID()}`);
    const budget = 300;
    await keepPhoto(db, photo(1, 100), 1, budget);
    await keepPhoto(db, photo(2, 100), 2, budget);
    await keepPhoto(db, photo(3, 100), 3, budget);
    // Photo 1 is shown again, so photo 2 is now the least recently shown.
    await cachedPhoto(db, photo(1, 100).photoId, 4);
    await keepPhoto(db, photo(4, 100), 5, budget);
    expect(await photoCacheSize(db)).toBeLessThanOrEqual(budget);
    const kept = (await db.photos.toCollection().primaryKeys()).sort();
    expect(kept).toEqual([photo(1, 1), photo(3, 1), photo(4, 1)].map((p) => p.photoId));
  });
});
