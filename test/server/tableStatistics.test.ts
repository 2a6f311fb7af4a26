/**
 * The planner's statistics of mark_event and register_entry are kept off the request path
 * (src/server/db/tableStatistics.ts): no push runs or waits for an ANALYZE; where autovacuum does
 * not keep them, a schedule analyses the tables that grew by a tenth.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database, Queryable } from '../../src/server/db/database';
import { createLogger } from '../../src/server/logger';
import {
  analyzeDue,
  analyzeGrowingTables,
  analyzeGrownTables,
  startTableStatistics,
  statisticsKeeper,
} from '../../src/server/db/tableStatistics';
import { createTestApp } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, DATES, morningClock, signedInDevice, TODAY } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

/** `db`, recording every ANALYZE run on it (by query or script, in a transaction or not). */
function watchedDatabase(db: Database): { db: Database; analyses: () => number } {
  let analyses = 0;
  const watch = (q: Queryable): Queryable => ({
    query: (sql, params) => {
      if (/^\s*ANALYZE\b/i.test(sql)) analyses += 1;
      return q.query(sql, params);
    },
    exec: (sql) => {
      if (/^\s*ANALYZE\b/i.test(sql)) analyses += 1;
      return q.exec(sql);
    },
  });
  return {
    db: {
      kind: db.kind,
      ...watch(db),
      transaction: (fn) => db.transaction((tx) => fn(watch(tx))),
      close: () => db.close(),
    },
    analyses: () => analyses,
  };
}

/** When `table` was last analysed, by anyone (Tickmark or autovacuum), or null. */
async function lastAnalysed(table: string): Promise<Date | null> {
  const { rows } = await t.db.query<{ at: Date | null }>(
    `SELECT greatest(last_analyze, last_autoanalyze) AS at FROM pg_stat_user_tables WHERE relname = $1`,
    [table],
  );
  return rows[0]?.at ?? null;
}

/** Rows PostgreSQL counts as written to `table` since its last analysis. */
async function modifiedSince(table: string): Promise<number> {
  const { rows } = await t.db.query<{ n: number }>(
    `SELECT n_mod_since_analyze::int AS n FROM pg_stat_user_tables WHERE relname = $1`,
    [table],
  );
  return rows[0]?.n ?? 0;
}

/** Waits (polling, without a fixed sleep) until `check` holds, failing after `ms`. */
async function until(check: () => Promise<boolean>, what: string, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting until ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
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

describe('statistics kept off the request path', () => {
  it('no push analyses the tables, however many marks it brings', async () => {
    const school = await createSyncSchool(t.db, {
      staff: { office: ['office'] },
      groups: [{ name: 'Year 3 — Foxes', yearGroup: '3', pupils: 150 }],
    });
    const watched = watchedDatabase(t.db);
    const { app, clock } = createTestApp(watched.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('office'), { clock });
    for (const [date, part] of [
      [TODAY, 'AM'],
      [TODAY, 'PM'],
      [DATES.yesterday, 'AM'],
      [DATES.yesterday, 'PM'],
    ] as const) {
      await tablet.pushOk(tablet.register(school.pupilIds, { date, part, code: 'B' }));
    }
    expect(watched.analyses()).toBe(0);
  });

  it('the schedule’s look analyses a table that grew by a tenth, and leaves one that did not', async () => {
    // The pushes above wrote 600 rows to each table; PostgreSQL counts them a moment after.
    await until(
      async () => (await modifiedSince('mark_event')) >= 600,
      'PostgreSQL counts the pushed events',
    );
    await analyzeGrowingTables(t.db);
    const before = await lastAnalysed('mark_event');
    expect(before).not.toBeNull();

    // Just analysed: nothing is due.
    expect(await analyzeGrownTables(t.db)).toEqual([]);

    const school = await createSyncSchool(t.db, {
      staff: { office: ['office'] },
      groups: [{ name: 'Year 3 — Owls', yearGroup: '3', pupils: 150 }],
    });
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('office'), { clock });
    await tablet.pushOk(tablet.register(school.pupilIds, { date: TODAY, part: 'AM', code: 'B' }));
    await tablet.pushOk(tablet.register(school.pupilIds, { date: TODAY, part: 'PM', code: 'B' }));
    // 300 new rows on 600: more than 200 + 60, so both tables are due.
    await until(
      async () => (await modifiedSince('register_entry')) >= 300,
      'PostgreSQL counts the pushed entries',
    );
    await until(
      async () => (await modifiedSince('mark_event')) >= 300,
      'PostgreSQL counts the pushed events',
    );
    expect(await analyzeGrownTables(t.db)).toEqual(['mark_event', 'register_entry']);
    expect(await modifiedSince('mark_event')).toBe(0);
  });

  it('counts a transaction’s own rows when analysed inside it, as an import does', async () => {
    const school = await createSyncSchool(t.db, {
      staff: { office: ['office'] },
      groups: [{ name: 'Year 3 — Wrens', yearGroup: '3', pupils: 30 }],
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

  it('where autovacuum does not keep them, the schedule does, and says why on a server', async () => {
    const keeper = await statisticsKeeper(t.db);
    const { rows } = await t.db.query<{ on: boolean }>(
      `SELECT current_setting('autovacuum') = 'on' AND current_setting('track_counts') = 'on' AS on`,
    );
    const lines: string[] = [];
    const stop = await startTableStatistics(
      t.db,
      createLogger('info', (line) => lines.push(line)),
      20,
    );
    try {
      if (rows[0]?.on === true && t.db.kind === 'postgres') {
        expect(keeper.keeper).toBe('autovacuum');
        expect(lines.join('\n')).toContain('kept by the server’s autovacuum');
        return;
      }
      expect(keeper.keeper).toBe('schedule');
      if (t.db.kind === 'postgres') expect(lines.join('\n')).toContain('Turn autovacuum');
      // 400 events written (more than 200 and a tenth of the thousand or so there): it analyses.
      const analysed = await lastAnalysed('mark_event');
      const school = await createSyncSchool(t.db, {
        staff: { office: ['office'] },
        groups: [{ name: 'Year 3 — Kites', yearGroup: '3', pupils: 400 }],
      });
      const { app, clock } = createTestApp(t.db, { clock: morningClock() });
      const tablet = await signedInDevice(app, school.member('office'), { clock });
      await tablet.pushOk(tablet.register(school.pupilIds, { date: TODAY, part: 'AM', code: 'B' }));
      await until(
        async () =>
          ((await lastAnalysed('mark_event'))?.getTime() ?? 0) > (analysed?.getTime() ?? 0),
        'the schedule analyses mark_event',
      );
    } finally {
      await stop();
    }
  });
});
