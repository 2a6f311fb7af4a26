/**
 * Growth: does a push or a pull slow down as the event log grows? One school's office tablet
 * pushes a register (30 marks) and another tablet of the school pulls them, at 0, 1 million and
 * 10 million events in the log (of other schools, each a million events: 1,000 pupils × 1,000
 * sessions, with their entries), on PostgreSQL over loopback. Target: flat — each median within
 * 1.5× of the empty log's, measured in the same run.
 *
 * The log is laid by the database itself (test/bench/support/eventLog.ts), then analysed, as
 * autovacuum or the server's schedule would (src/server/db/tableStatistics.ts). Only PostgreSQL
 * over loopback: the built-in database is the same PostgreSQL, and laying ten million rows twice
 * would double the time (about two minutes on a quiet machine for the ten million).
 *
 * `BENCH_SCALE=0.1` lays 0, 100,000 and 1 million events.
 */
import { bench, describe } from 'vitest';
import {
  addDays,
  localDate,
  openSessionsBetween,
  parseSchoolConfig,
  type SessionRef,
} from '../../src/domain';
import type { Database } from '../../src/server/db/database';
import { analyzeGrowingTables } from '../../src/server/db/tableStatistics';
import { createTestApp } from '../server/fixtures';
import {
  createSyncSchool,
  morningClock,
  signedInDevice,
  syncSchoolConfig,
  TODAY,
  type SyncDevice,
} from '../server/syncFixtures';
import { openBenchDatabase } from './support/benchDatabase';
import { percentile, summarise, writeBenchSection } from './support/benchReport';
import { LOG_PUPILS, LOG_SESSIONS, layEventLogSchool } from './support/eventLog';
import { ONCE, ms, scaled } from './support/once';

const SIZES = [0, scaled(1_000_000), scaled(10_000_000)];
/** Timed push-and-pull rounds at each size, after two untimed ones. */
const ROUNDS = 20;
const WARM_UP = 2;
const FLAT = 1.5;

interface Step {
  readonly events: number;
  readonly layMs: number;
  readonly push: number[];
  readonly pull: number[];
}

/** The register sessions the measuring school marks, one per round, from tomorrow on. */
function sessionsAhead(count: number): SessionRef[] {
  const parsed = parseSchoolConfig(syncSchoolConfig('x', 'x'));
  if (!parsed.ok) throw new Error('The sync test school configuration does not parse.');
  const sessions = openSessionsBetween(
    parsed.value,
    addDays(localDate(TODAY), 1),
    addDays(localDate(TODAY), 330),
    '3',
  ).map((s) => ({ date: s.date, part: s.part }));
  if (sessions.length < count) throw new Error(`Only ${sessions.length} sessions ahead.`);
  return sessions.slice(0, count);
}

/** Adds schools of events until the log holds `target` (besides the measuring school's own). */
async function layTo(db: Database, laid: number, target: number): Promise<number> {
  let total = laid;
  while (total < target) {
    const events = Math.min(LOG_PUPILS * LOG_SESSIONS, target - total);
    await layEventLogSchool(db, LOG_PUPILS, Math.ceil(events / LOG_PUPILS));
    total += LOG_PUPILS * Math.ceil(events / LOG_PUPILS);
  }
  await analyzeGrowingTables(db);
  return total;
}

async function rounds(
  office: SyncDevice,
  reader: SyncDevice,
  pupils: readonly string[],
  sessions: SessionRef[],
): Promise<{ push: number[]; pull: number[] }> {
  const push: number[] = [];
  const pull: number[] = [];
  for (let i = 0; i < WARM_UP + ROUNDS; i += 1) {
    const session = sessions.shift();
    if (session === undefined) throw new Error('Out of sessions to mark.');
    const events = office.register(pupils, { date: session.date, part: session.part, code: '/' });
    let started = performance.now();
    const pushed = await office.pushOk(events);
    const pushMs = performance.now() - started;
    const head = Math.max(...pushed.acks.map((a) => a.serverSeq));
    started = performance.now();
    const answer = await reader.pull({ after: head - pupils.length });
    const pullMs = performance.now() - started;
    if (answer.kind !== 'events' || answer.events.length !== pupils.length) {
      throw new Error(`The pull did not bring the register's ${pupils.length} marks back.`);
    }
    if (i >= WARM_UP) {
      push.push(pushMs);
      pull.push(pullMs);
    }
  }
  return { push, pull };
}

async function measure(): Promise<Step[]> {
  const bench = await openBenchDatabase('postgres');
  try {
    const school = await createSyncSchool(bench.db, {
      staff: { office: ['office'], office2: ['office'] },
      groups: [{ name: 'Year 3 — Foxes', yearGroup: '3', pupils: 30 }],
    });
    const clock = morningClock();
    const { app } = createTestApp(bench.db, { clock });
    const office = await signedInDevice(app, school.member('office'), { clock });
    const reader = await signedInDevice(app, school.member('office2'), { clock });
    const sessions = sessionsAhead(SIZES.length * (WARM_UP + ROUNDS));
    const steps: Step[] = [];
    let laid = 0;
    for (const size of SIZES) {
      const started = performance.now();
      laid = await layTo(bench.db, laid, size);
      const layMs = performance.now() - started;
      const { push, pull } = await rounds(office, reader, school.pupilIds, sessions);
      steps.push({ events: laid, layMs, push, pull });
    }
    return steps;
  } finally {
    await bench.close();
  }
}

function report(steps: readonly Step[]): string {
  const base = steps[0];
  const median = (values: readonly number[]) => summarise(values).median;
  const ratio = (values: readonly number[], of: readonly number[] | undefined) =>
    of === undefined ? Number.NaN : median(values) / median(of);
  const rows = steps.map((s) => {
    const push = ratio(s.push, base?.push);
    const pull = ratio(s.pull, base?.pull);
    return `| ${s.events.toLocaleString('en-GB')} | ${ms(median(s.push))} | ${ms(percentile(s.push, 95))} | ${push.toFixed(2)} | ${ms(median(s.pull))} | ${ms(percentile(s.pull, 95))} | ${pull.toFixed(2)} | ${(s.layMs / 1000).toFixed(0)} s |`;
  });
  const worst = Math.max(
    ...steps.map((s) => Math.max(ratio(s.push, base?.push), ratio(s.pull, base?.pull))),
  );
  const verdict = worst <= FLAT ? 'flat: meets the target' : '**NOT flat: misses the target**';
  return `
**PostgreSQL (loopback)**: a push of one register (30 marks) by the school's office tablet, then a
pull of those 30 by another tablet of the school; ${ROUNDS} rounds at each size after ${WARM_UP}
untimed ones. The log around it is other schools' (a million events each, with their entries).

| events in the log | push median | push p95 | push ÷ at 0 | pull median | pull p95 | pull ÷ at 0 | laying the log |
| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${rows.join('\n')}

Target: each median within ${FLAT}× of the empty log's (its own limit, measured in the same run):
largest ratio ${worst.toFixed(2)}, ${verdict}. Both go by the school's keys (the push reads and writes
one school's rows by primary key and index; the pull reads the school's events after its cursor),
so the rest of the log is never read.`;
}

describe('growth', () => {
  bench(
    `push and pull at ${SIZES.map((s) => s.toLocaleString('en-GB')).join(', ')} events in the log`,
    async () => {
      const steps = await measure();
      writeBenchSection('growth', 'Growth: push and pull as the event log grows', report(steps));
    },
    ONCE,
  );
});
