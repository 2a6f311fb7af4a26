/**
 * The office's online lists as last fetched, kept in the device's `meta` table so a desk (or the
 * tablet at the fire assembly point) that loses its connection still has them. Each value is
 * parsed again with its own schema when read: an old-shaped copy reads as missing, never as a
 * wrongly typed list.
 */
import type { z } from 'zod';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';

export interface CachedList<T> {
  readonly fetchedAt: string;
  readonly value: T;
}

/** The copy stored under `key`, or null when there is none that still parses. */
export async function readCachedList<T>(
  db: AppDb,
  key: string,
  schema: z.ZodType<T>,
): Promise<CachedList<T> | null> {
  const cache = await getMeta(db, 'officeListCache');
  const found = cache?.[key];
  if (found === undefined) return null;
  const parsed = schema.safeParse(found.value);
  return parsed.success ? { fetchedAt: found.fetchedAt, value: parsed.data } : null;
}

/** Stores `value` as the latest copy of the list `key`. */
export async function writeCachedList(
  db: AppDb,
  key: string,
  value: unknown,
  fetchedAt: string,
): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const cache = (await getMeta(db, 'officeListCache')) ?? {};
    await setMeta(db, 'officeListCache', { ...cache, [key]: { fetchedAt, value } });
  });
}
