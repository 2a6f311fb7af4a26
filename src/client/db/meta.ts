/**
 * Typed reads and writes of the `meta` table. Values are parsed on the way out, so a damaged or
 * old-shaped value reads as missing rather than flowing on with the wrong type. Call these inside
 * a caller's transaction to make a meta change atomic with the data it describes.
 */
import type { AppDb } from './appDb';
import { META_SCHEMAS, type MetaKey, type MetaValue } from './metaRow';

/** The value stored under `key`, or undefined when there is none (or it no longer parses). */
export async function getMeta<K extends MetaKey>(
  db: AppDb,
  key: K,
): Promise<MetaValue<K> | undefined> {
  const row = await db.meta.get(key);
  if (row === undefined) return undefined;
  const parsed = META_SCHEMAS[key].safeParse(row.value);
  return parsed.success ? (parsed.data as MetaValue<K>) : undefined;
}

/** Stores `value` under `key` (checked against the key's schema first: a wrong value is a bug). */
export async function setMeta<K extends MetaKey>(
  db: AppDb,
  key: K,
  value: MetaValue<K>,
): Promise<void> {
  META_SCHEMAS[key].parse(value);
  await db.meta.put({ key, value });
}

export async function deleteMeta(db: AppDb, ...keys: MetaKey[]): Promise<void> {
  await db.meta.bulkDelete(keys);
}
