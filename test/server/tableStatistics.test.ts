/**
 * The server refreshes the planner's statistics of mark_event and register_entry as marks arrive
 * (src/server/db/tableStatistics.ts): stale ones leave each entry's foreign-key check scanning the
 * whole event log (docs/benchmarks.md, sync drain). Run on both databases.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/server/db/database';
import {
  analyzeDue,
  analyzeGrowingTables,
  TableStatistics,
} from '../../src/server/db/tableStatistics';
import { createTestApp } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, DATES, morningClock, signedInDevice, TODAY } from './syncFixtures';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

/** `db`, recording every ANALYZE run on it outside a transaction. */
function watchedDatabase(db: Database): { db: Database; analyses: () => number } {
  let analyses = 0;
  return {
    db: {
      kind: db.kind,
      query: (sql, params) => db.query(sql, params),
      exec: (sql) => {
        if (/^\s*ANALYZE\b/i.test(sql)) analyses += 1;
        return db.exec(sql);
      },
      transaction: (fn) => db.transaction(fn),
      close: () => db.close(),
    },
    analyses: () => analyses,
  };
}

async function estimatedEvents(db: Database): Promise<number> {
  const { rows } = await db.query<{ rows: number }>(
    `SELECT reltuples::bigint AS rows FROM pg_class WHERE oid = 'mark_event'::regclass`,
  );
  return rows[0]?.rows ?? Number.NaN;
}

describe('when statistics are due', () => {
  it.each([
    { written: 199, rows: 0, due: false },
    { written: 200, rows: 0, due: true },
    { written: 1_199, rows: 10_000, due: false },
    { written: 1_200, rows: 10_000, due: true },
  ])('$written rows written to a table of $rows: due $due', ({ written, rows, due }) => {
    expect(analyzeDue(written, rows)).toBe(due);
  });
});

describe('statistics kept as marks arrive', () => {
  it('analyses after the first 200 marks pushed, then after each tenth of growth', async () => {
    const school = await createSyncSchool(t.db, {
      staff: { office: ['office'] },
      groups: [{ name: 'Year 3 — Foxes', yearGroup: '3', pupils: 150 }],
    });
    const watched = watchedDatabase(t.db);
    const statistics = new TableStatistics(watched.db);
    const { app, clock } = createTestApp(watched.db, { clock: morningClock(), statistics });
    const tablet = await signedInDevice(app, school.member('office'), { clock });
    const pupils = school.pupilIds;
    const pushRegister = async (date: string, part: 'AM' | 'PM') => {
      await tablet.pushOk(tablet.register(pupils, { date, part, code: 'B' }));
      await statistics.settled();
    };

    await pushRegister(TODAY, 'AM');
    expect(watched.analyses()).toBe(0);
    await pushRegister(TODAY, 'PM');
    expect(watched.analyses()).toBe(1);
    expect(await estimatedEvents(t.db)).toBe(300);

    // 300 rows now: the next one is due after 200 + 30 more.
    await pushRegister(DATES.yesterday, 'AM');
    expect(watched.analyses()).toBe(1);
    await pushRegister(DATES.yesterday, 'PM');
    expect(watched.analyses()).toBe(2);
    expect(await estimatedEvents(t.db)).toBe(600);
  });

  it('counts a transaction’s own rows when analysed inside it, as an import does', async () => {
    const school = await createSyncSchool(t.db, {
      staff: { office: ['office'] },
      groups: [{ name: 'Year 3 — Owls', yearGroup: '3', pupils: 30 }],
    });
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('office'), { clock });
    await tablet.pushOk(tablet.register(school.pupilIds, { date: DATES.laterInTerm, code: 'B' }));
    const committed = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mark_event'))
      .rows[0]?.n;
    const copy = await createSyncSchool(t.db, { staff: {}, groups: [] });
    const counted = await t.db
      .transaction(async (tx) => {
        await tx.query(
          `INSERT INTO mark_event (school_id, server_seq, event_id, pupil_id, session_date, session_part,
              kind, code, actor_staff_id, actor_name, actor_role, status, payload_version)
           SELECT $1, server_seq, event_id, pupil_id, session_date, session_part, kind, code,
                  actor_staff_id, actor_name, actor_role, status, payload_version
             FROM mark_event WHERE school_id = $2`,
          [copy.id, school.id],
        );
        const estimate = await analyzeGrowingTables(tx);
        throw Object.assign(new Error('roll back'), { estimate });
      })
      .catch((err: Error & { estimate?: number }) => err.estimate);

    expect(counted).toBe((committed ?? 0) + 30);
    // Rolled back: the copies are gone again.
    const after = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM mark_event'))
      .rows[0]?.n;
    expect(after).toBe(committed);
  });
});
