/**
 * A pupils file's characteristics written as dated spans (docs/design.md §5 "Pupil
 * characteristics"). The file says what holds on its date, so:
 * - a characteristic seen for the first time for a pupil is taken to have held since the pupil
 *   came on roll (a school's first file carries its history back to admission);
 * - a change closes the open span the day before the file's date and opens one from it (a span
 *   that began on or after that day is replaced instead: the same day's file corrected);
 * - "no" of a yes/no characteristic and "not recorded" are kept as they are: "no" as a span
 *   (so a later "yes" is dated from the file, not from admission), "not recorded" as no span.
 * The pupil's own flag columns (send, fsm, looked_after, social_worker, eal) keep today's value,
 * read from the same cells, for the tablet and the lists' flag filters.
 */
import { addDays, maxDate, type CharacteristicKey, type LocalDate } from '../../domain/index';
import type { Queryable } from '../db/database';
import { bulkInsert, bulkStatement } from './bulkSql';

export interface StoredSpan {
  readonly pupil_id: string;
  readonly key: CharacteristicKey;
  readonly value: string;
  readonly from_date: LocalDate;
  readonly to_date: LocalDate | null;
}

/** Every span of the school's pupils, by pupil. */
export async function loadSpans(
  db: Queryable,
  schoolId: string,
): Promise<Map<string, StoredSpan[]>> {
  const { rows } = await db.query<StoredSpan>(
    `SELECT pupil_id, key, value, to_char(from_date, 'YYYY-MM-DD') AS from_date,
            to_char(to_date, 'YYYY-MM-DD') AS to_date
       FROM pupil_characteristic WHERE school_id = $1`,
    [schoolId],
  );
  const byPupil = new Map<string, StoredSpan[]>();
  for (const row of rows) {
    const list = byPupil.get(row.pupil_id);
    if (list === undefined) byPupil.set(row.pupil_id, [row]);
    else list.push(row);
  }
  return byPupil;
}

export type SpanChange =
  | { readonly kind: 'close'; readonly key: CharacteristicKey; readonly from: LocalDate; readonly to: LocalDate }
  | { readonly kind: 'delete'; readonly key: CharacteristicKey; readonly from: LocalDate }
  | { readonly kind: 'open'; readonly key: CharacteristicKey; readonly value: string; readonly from: LocalDate };

export interface PupilSpanChanges {
  readonly pupilId: string;
  readonly changes: readonly SpanChange[];
  /** The keys whose value changes (for the preview; the values stay out of it). */
  readonly changedKeys: readonly CharacteristicKey[];
}

/** What the file's values change in a pupil's spans. */
export function spanChanges(
  pupilId: string,
  wanted: Partial<Record<CharacteristicKey, string | null>>,
  stored: readonly StoredSpan[],
  onRollFrom: LocalDate,
  fileDate: LocalDate,
): PupilSpanChanges {
  const changes: SpanChange[] = [];
  const changedKeys: CharacteristicKey[] = [];
  for (const [key, value] of Object.entries(wanted) as [CharacteristicKey, string | null][]) {
    const ofKey = stored.filter((s) => s.key === key);
    const open = ofKey
      .filter((s) => s.to_date === null)
      .sort((a, b) => (a.from_date < b.from_date ? 1 : -1))[0];
    if ((open?.value ?? null) === value) continue;
    changedKeys.push(key);
    const start = ofKey.length === 0 ? onRollFrom : maxDate(fileDate, onRollFrom);
    if (open !== undefined) {
      if (open.from_date >= start) changes.push({ kind: 'delete', key, from: open.from_date });
      else changes.push({ kind: 'close', key, from: open.from_date, to: addDays(start, -1) });
    }
    if (value !== null) changes.push({ kind: 'open', key, value, from: start });
  }
  return { pupilId, changes, changedKeys };
}

/** Writes the changes: closes and removals first, then the new spans. */
export async function writeSpanChanges(
  tx: Queryable,
  schoolId: string,
  all: readonly PupilSpanChanges[],
): Promise<void> {
  const flat = all.flatMap((p) => p.changes.map((c) => ({ pupilId: p.pupilId, ...c })));
  const keyColumns = [
    { name: 'pupil_id', type: 'uuid' },
    { name: 'key', type: 'text' },
    { name: 'from_date', type: 'date' },
  ] as const;
  await bulkStatement(
    tx,
    (unnest) => `DELETE FROM pupil_characteristic c USING ${unnest}
        WHERE c.school_id = $1 AND c.pupil_id = v.pupil_id AND c.key = v.key AND c.from_date = v.from_date`,
    [...keyColumns],
    flat.flatMap((c) => (c.kind === 'delete' ? [[c.pupilId, c.key, c.from]] : [])),
    [schoolId],
  );
  await bulkStatement(
    tx,
    (unnest) => `UPDATE pupil_characteristic c SET to_date = v.to_date FROM ${unnest}
        WHERE c.school_id = $1 AND c.pupil_id = v.pupil_id AND c.key = v.key AND c.from_date = v.from_date`,
    [...keyColumns, { name: 'to_date', type: 'date' }],
    flat.flatMap((c) => (c.kind === 'close' ? [[c.pupilId, c.key, c.from, c.to]] : [])),
    [schoolId],
  );
  await insertSpans(
    tx,
    schoolId,
    flat.flatMap((c) => (c.kind === 'open' ? [{ pupilId: c.pupilId, span: { key: c.key, value: c.value, from: c.from, to: null } }] : [])),
  );
}

/** Writes new spans (the caller has made room for them). */
export async function insertSpans(
  tx: Queryable,
  schoolId: string,
  spans: readonly { pupilId: string; span: { key: string; value: string; from: LocalDate; to: LocalDate | null } }[],
): Promise<void> {
  await bulkInsert(
    tx,
    'pupil_characteristic',
    [
      { name: 'school_id', type: 'uuid' },
      { name: 'pupil_id', type: 'uuid' },
      { name: 'key', type: 'text' },
      { name: 'value', type: 'text' },
      { name: 'from_date', type: 'date' },
      { name: 'to_date', type: 'date' },
    ],
    spans.map(({ pupilId, span }) => [schoolId, pupilId, span.key, span.value, span.from, span.to]),
  );
}
