/**
 * the morning burst. 60 tablets, each with a 30-pupil register, push at the
 * same moment (one push each) to one server process, over real sockets: on the built-in database
 * (its own PostgreSQL, fsync on) and on the machine's PostgreSQL. Reported:
 * p50 and p99 of the push latency as a tablet sees it (request sent → answer read), the burst's
 * wall time, and errors (there must be none: every push answered 200 with 30 acknowledgements).
 *
 * Each round is one school day (a different past day, so every register is empty and the
 * teachers' marks are on time: each is dated 08:50 that day). Beside it, one tablet pushing
 * alone shows the latency without contention. The school's 60 teachers sign in first (each
 * tablet is a device of its own); sign-in is not timed here (see bootstrap.bench.ts).
 *
 * `BENCH_SCALE` scales the tablets; `BENCH_RUNS` the rounds (default 5).
 */
import { randomUUID } from 'node:crypto';
import { bench, describe } from 'vitest';
import { schoolInstant, wallTime, type SessionRef } from '../../src/domain';
import type { PushEvent } from '../../src/shared/api/syncSchemas';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';
import { createFreshDatabase } from '../process/freshPostgres';
import { Browser } from '../process/httpClient';
import {
  cleanUpProcesses,
  freePort,
  startServer,
  type ServerProcess,
} from '../process/serverProcess';
import { loadavg } from 'node:os';
import { openEmbeddedDatabase } from '../../src/server/db/embeddedDatabase';
import { prepareDatabase } from '../../src/server/prepareDatabase';
import {
  BENCH_DATABASE_NAMES,
  benchDataDir,
  type BenchDatabaseKind,
} from './support/benchDatabase';
import { checkPushAnswer, sendPush, signIn } from '../process/syncDevice';
import { createBenchSchool, sessionsBetween, type BenchSchool } from './support/benchSchool';
import { percentile, summarise, writeBenchSection } from './support/benchReport';
import { ms, ONCE, runs, scaled } from './support/once';
import { addDays } from '../../src/domain';

const TABLETS = scaled(60);
const PUPILS = 30;
const ROUNDS = runs(5);
const SOLO_PUSHES = 5;

interface Tablet {
  readonly browser: Browser;
  readonly deviceId: string;
  readonly staffId: string;
  readonly pupilIds: readonly string[];
  nextSeq: number;
}

function registerOf(tablet: Tablet, session: SessionRef, recordedAt: string): PushEvent[] {
  return tablet.pupilIds.map((pupilId) => ({
    clientSeq: tablet.nextSeq++,
    eventId: randomUUID(),
    actorStaffId: tablet.staffId,
    pupilId,
    session: { date: session.date, part: session.part },
    code: '/',
    minutesLate: null,
    arrivedAt: null,
    reason: null,
    baseEventId: null,
    recordedAt,
  }));
}

async function timedPush(
  origin: string,
  tablet: Tablet,
  events: readonly PushEvent[],
): Promise<{ ms: number; error: string | null }> {
  const started = performance.now();
  try {
    const res = await sendPush(tablet.browser, origin, tablet.deviceId, events, {
      timeoutMs: 120_000,
    });
    const took = performance.now() - started;
    try {
      checkPushAnswer(res, events);
      return { ms: took, error: null };
    } catch (err) {
      return { ms: took, error: (err as Error).message.slice(0, 300) };
    }
  } catch (err) {
    return { ms: performance.now() - started, error: (err as Error).message };
  }
}

interface Started {
  readonly server: ServerProcess;
  readonly school: BenchSchool;
  cleanUp(): Promise<void>;
}

const schoolSize = { groups: TABLETS + 1, pupilsPerGroup: PUPILS, teachers: TABLETS + 1 };

/** The server on a new database of `kind`, with the bench school in it. */
async function startOn(kind: BenchDatabaseKind): Promise<Started> {
  const env = { PORT: String(await freePort()), DEMO_SCHOOL: 'false', LOG_LEVEL: 'warn' };
  if (kind === 'built-in') {
    // The built-in database has one owner: the school goes in before the server starts.
    const folder = await benchDataDir('tickmark-bench-burst-');
    const seeder = await openEmbeddedDatabase(folder.dir);
    let school: BenchSchool;
    try {
      await prepareDatabase(seeder);
      school = await createBenchSchool(seeder, schoolSize);
    } finally {
      await seeder.close();
    }
    const server = await startServer({
      label: 'bench server',
      env: { ...env, DATA_DIR: folder.dir },
    });
    return { server, school, cleanUp: () => folder.remove() };
  }
  const database = await createFreshDatabase();
  const server = await startServer({
    label: 'bench server',
    env: { ...env, DATABASE_URL: database.url },
  });
  // The server has migrated the empty database; the school goes in beside it.
  const seeder = openPostgresDatabase(database.url, { max: 2 });
  try {
    return {
      server,
      school: await createBenchSchool(seeder, schoolSize),
      cleanUp: () => database.drop(),
    };
  } finally {
    await seeder.close();
  }
}

async function measure(kind: BenchDatabaseKind): Promise<string> {
  const started = await startOn(kind);
  try {
    const { server, school } = started;
    const days = [
      ...new Set(
        sessionsBetween(school, addDays(school.today, -40), school.today).map((s) => s.date),
      ),
    ];
    if (days.length < ROUNDS + SOLO_PUSHES)
      throw new Error('Not enough school days for the rounds.');

    const tablets: Tablet[] = [];
    for (let i = 0; i <= TABLETS; i += 1) {
      const teacher = school.member(`teacher${i + 1}`);
      const browser = new Browser();
      const session = await signIn(browser, server.origin, {
        email: teacher.email,
        password: teacher.password,
      });
      tablets.push({
        browser,
        deviceId: session.device.id,
        staffId: teacher.id,
        pupilIds: school.groups[i]?.pupilIds ?? [],
        nextSeq: 1,
      });
    }
    const soloTablet = tablets.pop() as Tablet;

    const at0850 = (date: string) =>
      schoolInstant(date as SessionRef['date'], wallTime('08:50'), 'Europe/London').toISOString();
    // Alone: one register at a time, on the oldest days.
    const solo: number[] = [];
    for (const date of days.slice(0, SOLO_PUSHES)) {
      const session: SessionRef = { date: date as SessionRef['date'], part: 'AM' };
      const result = await timedPush(
        server.origin,
        soloTablet,
        registerOf(soloTablet, session, at0850(date)),
      );
      if (result.error !== null) throw new Error(`A lone push failed: ${result.error}`);
      solo.push(result.ms);
    }

    const latencies: number[] = [];
    const rounds: { p50: number; p99: number; wall: number }[] = [];
    const errors: string[] = [];
    for (const date of days.slice(-ROUNDS)) {
      const session: SessionRef = { date: date as SessionRef['date'], part: 'AM' };
      const bodies = tablets.map((t) => registerOf(t, session, at0850(date)));
      const started = performance.now();
      const results = await Promise.all(
        tablets.map((t, i) => timedPush(server.origin, t, bodies[i] ?? [])),
      );
      const wall = performance.now() - started;
      const times = results.map((r) => r.ms);
      latencies.push(...times);
      errors.push(...results.flatMap((r) => (r.error === null ? [] : [r.error])));
      rounds.push({ p50: percentile(times, 50), p99: percentile(times, 99), wall });
    }
    const soloSummary = summarise(solo);
    const walls = summarise(rounds.map((r) => r.wall));
    const p99 = percentile(latencies, 99);
    if (errors.length > 0) throw new Error(`${errors.length} pushes failed; first: ${errors[0]}`);
    return `
**${BENCH_DATABASE_NAMES[kind]}**: ${TABLETS} tablets × ${PUPILS} pupils, one push each, all at once, to one
server process (pool of 10 connections); ${ROUNDS} rounds (${latencies.length} pushes).

| | p50 | p99 | max |
| --- | ---: | ---: | ---: |
| **push latency in the burst** (all rounds) | **${ms(percentile(latencies, 50))}** | **${ms(p99)}** | ${ms(Math.max(...latencies))} |
| per round p50 (median, min–max) | ${ms(summarise(rounds.map((r) => r.p50)).median)} (${ms(summarise(rounds.map((r) => r.p50)).min)}–${ms(summarise(rounds.map((r) => r.p50)).max)}) | ${ms(summarise(rounds.map((r) => r.p99)).median)} (${ms(summarise(rounds.map((r) => r.p99)).min)}–${ms(summarise(rounds.map((r) => r.p99)).max)}) | |
| limit: one tablet pushing alone (${SOLO_PUSHES} pushes) | ${ms(soloSummary.median)} | | ${ms(soloSummary.max)} |

Burst wall time (first push sent → last answer): ${ms(walls.median)} median (${ms(walls.min)}–${ms(walls.max)}),
${Math.round((TABLETS * PUPILS * 1000) / walls.median)} marks / s. Errors: **${errors.length}**.
p99 / lone push: ${(p99 / soloSummary.median).toFixed(1)} × (${TABLETS} pushes of one school queue on the school's log lock, so
the last waits for the others: p99 ≈ ${TABLETS} × the per-push time under contention).
`;
  } finally {
    await cleanUpProcesses();
    await started.cleanUp();
  }
}

describe('morning burst', () => {
  bench(
    `${TABLETS} tablets push a ${PUPILS}-pupil register at once`,
    async () => {
      const load = loadavg()[0] ?? 0;
      const sections = [await measure('built-in'), await measure('postgres')];
      writeBenchSection(
        'morning-burst',
        '5. Morning burst: 60 tablets push a register at once',
        `${sections.join('\n')}
Load average (1 min) ${load.toFixed(1)} at the start, ${(loadavg()[0] ?? 0).toFixed(1)} at the end.
`,
      );
    },
    ONCE,
  );
});
