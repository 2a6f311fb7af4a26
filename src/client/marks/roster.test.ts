import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { putRoster, TEST_ROSTER } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import { ROSTER_ROW_ID } from '../db/rosterRow';
import { StoredRowError } from '../db/storedRowError';
import { freshDb, PUPIL } from '../testSupport.fixture';
import { loadRoster, prepareRegister, schoolConfigOf } from './roster';

let db: AppDb;
afterEach(() => db.close());

describe('reading the roster', () => {
  it('gives back the roster it already checked while the stored row is unchanged', async () => {
    db = freshDb();
    await putRoster(db);
    await prepareRegister(db);

    const first = await loadRoster(db);
    const again = await loadRoster(db);

    expect(first).toEqual(TEST_ROSTER);
    expect(again).toBe(first);
    expect(first && schoolConfigOf(first)).toBe(again && schoolConfigOf(again));
  });

  it('reads a changed row afresh, even under the same version', async () => {
    db = freshDb();
    await putRoster(db);
    const before = await loadRoster(db);
    const renamed = TEST_ROSTER.pupils.map((p) =>
      p.id === PUPIL.ada ? { ...p, displayName: 'Ada Lovelace' } : p,
    );
    await putRoster(db, { ...TEST_ROSTER, pupils: renamed });

    const after = await loadRoster(db);

    expect(after).not.toBe(before);
    expect(after?.pupils.find((p) => p.id === PUPIL.ada)?.displayName).toBe('Ada Lovelace');
  });

  it('still refuses a damaged row after a good one was read', async () => {
    db = freshDb();
    await putRoster(db);
    await loadRoster(db);
    await db.roster.put({ id: ROSTER_ROW_ID, roster: { ...TEST_ROSTER, version: 'two' } } as never);

    await expect(loadRoster(db)).rejects.toBeInstanceOf(StoredRowError);
    // Preparing the register leaves the fault for the register to show.
    await expect(prepareRegister(db)).resolves.toBeUndefined();
  });

  it('parses each school configuration once, and a different one on its own', async () => {
    db = freshDb();
    const other = { ...TEST_ROSTER, schoolConfig: { id: 'not-a-config' } };

    const good = schoolConfigOf(TEST_ROSTER);
    const bad = schoolConfigOf(other);

    expect(good.ok).toBe(true);
    expect(bad.ok).toBe(false);
    expect(schoolConfigOf({ ...TEST_ROSTER })).toBe(good);
  });
});
