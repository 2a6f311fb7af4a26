/**
 * 10,000 marks queued on a tablet, drained to acknowledged, on the built-in database (its own
 * PostgreSQL in a temporary folder, fsync on, over a Unix socket) and on PostgreSQL over loopback. The real client sync engine (its outbox on fake-indexeddb) talks to
 * the real server app in this process (`app.request`: the full Hono stack, no socket), as in
 * test/integration/clientServerSync.test.ts. Limit: a raw multi-row INSERT of the same rows into
 * the same database's mark_event table. Budget: the drain's throughput ≥ 0.5 of the limit's.
 * Beside it, a floor: the same events plus the entries they leave, inserted raw into mark_event
 * and register_entry — the least any sync must write, which already caps the ratio.
 *
 * The server keeps the planner's statistics fresh as marks arrive (src/server/db/tableStatistics.ts):
 * without that, register_entry's foreign-key check, planned while the log was small, scanned the
 * whole log for every entry — the floor then took longer than the drain (0.5 ms a row at 20,000
 * events), and the drain ran at about a third of today's rate.
 *
 * The marks are the office's, on empty entries in the weeks ahead (the server takes a teacher's
 * marks only up to today, and 10,000 empty entries need many sessions). Queuing them is set-up;
 * the clock runs from the flush until the last acknowledgement is applied on the tablet (the
 * moment the engine moves on to pulling). The pull that follows (the same 10,000 events coming
 * back) is reported beside it. Each run uses a new school in the same database.
 *
 * `BENCH_SCALE=0.2` runs 2,000 marks; `BENCH_RUNS` sets the number of runs (default 3).
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { bench, describe } from 'vitest';
import { recordMark } from '../../src/client/marks/recordMark';
import { openAppDb } from '../../src/client/db/db';
import { enrolDevice } from '../../src/client/sync/enrolDevice';
import {
  createSyncClient,
  type FetchLike,
  type SyncClient,
} from '../../src/client/sync/syncClient';
import { createSyncEngine } from '../../src/client/sync/syncEngine';
import { ManualTimers } from '../../src/client/testSupport.fixture';
import {
  addDays,
  localDate,
  openSessionsBetween,
  parseSchoolConfig,
  type SessionRef,
} from '../../src/domain';
import type { Database, Queryable } from '../../src/server/db/database';
import { createTestApp, TestClient } from '../server/fixtures';
import {
  BENCH_DATABASE_NAMES,
  openBenchDatabase,
  type BenchDatabaseKind,
} from './support/benchDatabase';
import { createSyncSchool, morningClock, syncSchoolConfig, TODAY } from '../server/syncFixtures';
import { summarise, writeBenchSection } from './support/benchReport';
import { ONCE, ms, runs, scaled, spread } from './support/once';
import { newTally, timedDatabase, topStatements } from './support/timedDatabase';

const MARKS = scaled(10_000);
const RUNS = runs(3);
const CODES = ['B', 'M', 'I', 'N'] as const;
const INSERT_ROWS_PER_STATEMENT = 1000;

interface DrainRun {
  readonly ackedMs: number;
  readonly pullMs: number;
  /** Time inside the sync client's push (server handling, in-process). */
  readonly pushCallMs: number;
  readonly dbMs: number;
  readonly statements: number;
  readonly batches: number;
  readonly limitMs: number;
  /** The same rows into mark_event and register_entry: what any sync must at least write. */
  readonly floorMs: number;
  /** The statements that took longest in the drain. */
  readonly top: { sql: string; count: number; ms: number }[];
}

/** Empty entries of the school's pupils from tomorrow on, `count` of them. */
function cells(
  pupilIds: readonly string[],
  count: number,
): { pupilId: string; session: SessionRef }[] {
  const parsed = parseSchoolConfig(syncSchoolConfig('x', 'x'));
  if (!parsed.ok) throw new Error('The sync test school configuration does not parse.');
  const sessions = openSessionsBetween(
    parsed.value,
    addDays(localDate(TODAY), 1),
    addDays(localDate(TODAY), 330),
    '3',
  );
  const found: { pupilId: string; session: SessionRef }[] = [];
  for (const session of sessions) {
    for (const pupilId of pupilIds) {
      if (found.length === count) return found;
      found.push({ pupilId, session: { date: session.date, part: session.part } });
    }
  }
  throw new Error(`Only ${found.length} empty entries for ${count} marks: add pupils.`);
}

async function drainOnce(db: Database): Promise<DrainRun> {
  const pupilsNeeded = Math.max(30, Math.ceil(MARKS / 200));
  const school = await createSyncSchool(db, {
    staff: { office: ['office'] },
    groups: [
      { name: 'Year 3 — Foxes', yearGroup: '3', pupils: Math.ceil(pupilsNeeded / 2) },
      { name: 'Year 3 — Owls', yearGroup: '3', pupils: Math.ceil(pupilsNeeded / 2) },
    ],
  });
  const tally = newTally();
  const clock = morningClock();
  const { app } = createTestApp(timedDatabase(db, tally), { clock });
  const office = school.member('office');
  const browser = new TestClient(app);
  const session = await browser.signIn(office, { deviceLabel: 'bench tablet' });
  const tablet = openAppDb(`bench-drain-${randomUUID()}`);
  await enrolDevice(tablet, session.device.id);
  const deviceClock = { now: () => clock.now().getTime() };

  const fetch: FetchLike = async (url, init) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    return browser.request(init.method ?? 'GET', url, undefined, {
      headers,
      ...(typeof init.body === 'string' ? { rawBody: init.body } : {}),
    });
  };
  const inner = createSyncClient({ fetch, timeoutMs: 600_000 });
  let pushCallMs = 0;
  let batches = 0;
  let ackedAt: number | null = null;
  const client: SyncClient = {
    async push(request) {
      const started = performance.now();
      try {
        return await inner.push(request);
      } finally {
        pushCallMs += performance.now() - started;
        batches += 1;
      }
    },
    pull(params) {
      ackedAt ??= performance.now();
      return inner.pull(params);
    },
    snapshot() {
      ackedAt ??= performance.now();
      return inner.snapshot();
    },
  };
  const engine = createSyncEngine({
    db: tablet,
    client,
    clock: deviceClock,
    timers: new ManualTimers(),
    random: () => 0.5,
    maxPullPages: 10_000,
  });
  try {
    // The tablet's first sync (snapshot, cursor) happens before the marks, as on a real tablet.
    const first = await engine.flush();
    if (!first.ok) throw new Error(`The first sync failed: ${JSON.stringify(first.error)}`);

    for (const [i, cell] of cells(school.pupilIds, MARKS).entries()) {
      const marked = await recordMark(
        tablet,
        {
          pupilId: cell.pupilId,
          session: cell.session,
          code: CODES[i % CODES.length] ?? 'B',
          actor: { staffId: office.id, role: 'office' },
        },
        { clock: deviceClock, newEventId: () => randomUUID() },
      );
      if (!marked.ok) throw new Error(`Queuing a mark failed: ${JSON.stringify(marked.errors)}`);
    }

    Object.assign(tally, newTally());
    ackedAt = null;
    const started = performance.now();
    const result = await engine.flush();
    const finished = performance.now();
    if (!result.ok || result.pushed !== MARKS || result.rejected !== 0) {
      throw new Error(
        `The drain did not acknowledge every mark: ${JSON.stringify({ ...result, expected: MARKS })}`,
      );
    }
    const acked = ackedAt ?? finished;
    const dbMs = tally.ms;
    const statements = tally.statements;
    const top = topStatements(tally, 4);

    const limits = await rawInsertLimits(db, school.id);
    return {
      ackedMs: acked - started,
      pullMs: finished - acked,
      pushCallMs,
      dbMs,
      statements,
      batches,
      limitMs: limits.eventsMs,
      floorMs: limits.withEntriesMs,
      top,
    };
  } finally {
    engine.dispose();
    tablet.close();
  }
}

/** Multi-row INSERTs of `rows` (one school's, `school_id` replaced) into `table`, in `tx`. */
async function insertRows(
  tx: Queryable,
  table: string,
  schoolId: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const columns = ['school_id', ...Object.keys(rows[0] ?? {})];
  for (let from = 0; from < rows.length; from += INSERT_ROWS_PER_STATEMENT) {
    const chunk = rows.slice(from, from + INSERT_ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const values = [schoolId, ...Object.values(row)];
      const placeholders = values.map((value) => {
        params.push(value);
        return `$${params.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await tx.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    );
  }
}

/**
 * The limits: the same rows (as the drain stored them) inserted again with multi-row INSERTs in
 * one transaction, under another school so no key clashes. Device and client sequence are left
 * empty (the table allows it for office-made events), the rest as stored.
 *
 * - `eventsMs`: into mark_event only — the issue's limit;
 * - `withEntriesMs`: into mark_event and then register_entry (the entries the drain left), the
 *   least any sync must write: the statutory event and the current entry reports read.
 */
async function rawInsertLimits(
  db: Database,
  schoolId: string,
): Promise<{ eventsMs: number; withEntriesMs: number }> {
  const { rows: events } = await db.query<Record<string, unknown>>(
    `SELECT server_seq, event_id, pupil_id, session_date, session_part, kind, code, minutes_late,
            arrived_at, reason, base_event_id, actor_staff_id, actor_name, actor_role,
            recorded_at_device, clock_offset_ms, received_at, status, status_detail,
            payload_version
       FROM mark_event WHERE school_id = $1 ORDER BY server_seq`,
    [schoolId],
  );
  if (events.length !== MARKS)
    throw new Error(`Expected ${MARKS} stored events, found ${events.length}.`);
  const { rows: entries } = await db.query<Record<string, unknown>>(
    `SELECT pupil_id, session_date, session_part, code, minutes_late, head_event_id, head_seq,
            head_role, needs_review
       FROM register_entry WHERE school_id = $1 ORDER BY session_date, session_part, pupil_id`,
    [schoolId],
  );
  const eventsOnly = await createSyncSchool(db, { staff: {}, groups: [] });
  let started = performance.now();
  await db.transaction((tx) => insertRows(tx, 'mark_event', eventsOnly.id, events));
  const eventsMs = performance.now() - started;

  const both = await createSyncSchool(db, { staff: {}, groups: [] });
  started = performance.now();
  await db.transaction(async (tx) => {
    await insertRows(tx, 'mark_event', both.id, events);
    await insertRows(tx, 'register_entry', both.id, entries);
  });
  return { eventsMs, withEntriesMs: performance.now() - started };
}

async function measure(kind: BenchDatabaseKind): Promise<string> {
  const bench = await openBenchDatabase(kind);
  const results: DrainRun[] = [];
  try {
    for (let i = 0; i < RUNS; i += 1) results.push(await drainOnce(bench.db));
  } finally {
    await bench.close();
  }
  const rate = (n: number, msTaken: number) => (n * 1000) / msTaken;
  const acked = summarise(results.map((r) => r.ackedMs));
  const limit = summarise(results.map((r) => r.limitMs));
  const drainRate = summarise(results.map((r) => rate(MARKS, r.ackedMs)));
  const limitRate = summarise(results.map((r) => rate(MARKS, r.limitMs)));
  const ratios = summarise(results.map((r) => r.limitMs / r.ackedMs));
  const floor = summarise(results.map((r) => r.floorMs));
  const floorRatios = summarise(results.map((r) => r.floorMs / r.ackedMs));
  const ceiling = summarise(results.map((r) => r.limitMs / r.floorMs));
  const perBatch = summarise(results.map((r) => r.statements / Math.max(1, r.batches)));
  const pushShare = summarise(results.map((r) => (100 * r.pushCallMs) / r.ackedMs));
  const dbShare = summarise(results.map((r) => (100 * r.dbMs) / r.ackedMs));
  const perEvent = summarise(results.map((r) => r.statements / MARKS));
  const verdict = ratios.median >= 0.5 ? 'meets the budget' : 'BELOW the budget';
  return `
**${BENCH_DATABASE_NAMES[kind]}**, ${MARKS.toLocaleString('en-GB')} marks, ${RUNS} runs:

| | median (min–max) | marks / s (median) |
| --- | ---: | ---: |
| queued → all acknowledged | ${spread(acked)} | ${Math.round(drainRate.median)} |
| then pulling them back (not in the budget) | ${spread(summarise(results.map((r) => r.pullMs)))} | |
| limit: multi-row INSERT into mark_event (${INSERT_ROWS_PER_STATEMENT} rows per statement, one transaction) | ${spread(limit)} | ${Math.round(limitRate.median)} |
| floor: the same INSERT into mark_event, then the entries into register_entry, one transaction | ${spread(floor)} | ${Math.round(rate(MARKS, floor.median))} |

Ratio to the limit: **${ratios.median.toFixed(3)}** (${ratios.min.toFixed(3)}–${ratios.max.toFixed(3)}); budget ≥ 0.5: **${verdict}**.
Ratio to the floor (event and entry written, nothing else): ${floorRatios.median.toFixed(3)}. Writing the entry beside the event
alone already caps the ratio to the limit at ${ceiling.median.toFixed(2)} (limit ÷ floor), before any check, fold, HTTP or tablet work.
Where the drain's time goes (medians): inside the push request (server, in-process) ${pushShare.median.toFixed(0)} %,
of which waiting on the database ${dbShare.median.toFixed(0)} % of the whole (${perBatch.median.toFixed(0)} statements per push batch, ${perEvent.median.toFixed(3)} per mark, ${results[0]?.batches ?? 0} push batches);
the rest is the tablet's side (numbering and applying acknowledgements in fake-indexeddb, JSON).
Slowest statements of the last run (count, total time):
${(results.at(-1)?.top ?? []).map((t) => `- \`${t.sql}…\` × ${t.count}: ${ms(t.ms)}`).join('\n')}`;
}

describe('sync drain', () => {
  bench(
    `drain ${MARKS} queued marks on the built-in database and PostgreSQL, against a raw INSERT`,
    async () => {
      const sections = [await measure('built-in'), await measure('postgres')];
      writeBenchSection(
        'sync-drain',
        '4. Sync drain: queued marks to acknowledged',
        `${sections.join('\n\n')}

Both limits and drains run in this one process against the same database. Statement time is
measured around each query the server makes (BEGIN/COMMIT are not counted in it).`,
      );
    },
    ONCE,
  );
});
