import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { putRoster, TEST_ROSTER } from '../ui/screens.fixture';
import type { AppDb } from '../db/appDb';
import { ROSTER_ROW_ID } from '../db/rosterRow';
import { StoredRowError } from '../db/storedRowError';
import { freshDb, PUPIL } from '../testSupport.fixture';
import { formatWallTime, localDate } from '../../domain/index';
import { loadRoster, prepareRegister, schoolConfigOf, schoolConfigOn } from './roster';

const NOW = Date.parse('2025-03-04T10:00:00Z');

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
    expect(first && schoolConfigOf(first, NOW)).toBe(again && schoolConfigOf(again, NOW));
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

    const good = schoolConfigOf(TEST_ROSTER, NOW);
    const bad = schoolConfigOf(other, NOW);

    expect(good.ok).toBe(true);
    expect(bad.ok).toBe(false);
    expect(schoolConfigOf({ ...TEST_ROSTER }, NOW)).toBe(good);
  });

  it('judges each day by the version of the rules in force then, future versions included', () => {
    const closing = (registerCloses: string) => ({
      sessions: {
        AM: { start: '08:45', registerCloses },
        PM: { start: '13:00', registerCloses: '13:15' },
      },
    });
    const roster = {
      ...TEST_ROSTER,
      configVersions: [
        { version: 1, effectiveFrom: '2025-03-04', rules: closing('09:05') },
        { version: 2, effectiveFrom: '2025-03-10', rules: closing('09:00') },
      ],
    };
    const closesOn = (day: string) => {
      const parsed = schoolConfigOn(roster, localDate(day));
      return parsed.ok ? formatWallTime(parsed.value.sessions.AM.registerCloses) : parsed.errors;
    };
    const base = schoolConfigOn(TEST_ROSTER, localDate('2025-03-03'));
    expect(base.ok && formatWallTime(base.value.sessions.AM.registerCloses)).toBe(
      closesOn('2025-03-03'),
    );
    expect(closesOn('2025-03-04')).toBe('09:05');
    expect(closesOn('2025-03-07')).toBe('09:05');
    expect(closesOn('2025-03-10')).toBe('09:00');
    // Today (4 March) is judged by version 1; version 2 waits for its day.
    const today = schoolConfigOf(roster, Date.parse('2025-03-04T10:00:00Z'));
    expect(today.ok && formatWallTime(today.value.sessions.AM.registerCloses)).toBe('09:05');
  });
});
