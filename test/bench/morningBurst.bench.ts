/**
 * the morning burst. 60 tablets, each with a 30-pupil register, push at the
 * same moment (one push each) to one server process, over real sockets: on the built-in database
 * (its own PostgreSQL, fsync on) and on the machine's PostgreSQL. Reported:
 * p50 and p99 of the push latency as a tablet sees it (request sent → answer read), the burst's
 * wall time, and errors (there must be none: every push answered 200 with 30 acknowledgements).
 *
 * Beside it, measured in the same run:
 * - the floor: all 1,800 events and their entries written once, in one transaction, with the
 *   server's own bulk writes (register/eventBatch.ts), straight on the database — what the burst
 *   would cost if one writer had all 60 registers in hand at once;
 * - one tablet pushing alone: the latency without contention;
 * - another school on the same server: one of its tablets pushes a 30-pupil register over and
 *   over during each burst, and a few times alone just before it; the burst should add no more
 *   than 20 % to its latency (the pushes of one school are committed as a group, so a burst holds
 *   one connection of the pool and other schools do not queue behind it: docs/design.md §7.3).
 *
 * Each round is one school day (a different past day, so every register is empty and the
 * teachers' marks are on time: each is dated 08:50 that day). A first round warms the server's
 * code up; it is shown apart and not counted. The school's 60 teachers sign in
 * first (each tablet is a device of its own); sign-in is not timed here (see bootstrap.bench.ts).
 *
 * `BENCH_SCALE` scales the tablets; `BENCH_RUNS` the rounds (default 5).
 */
import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { bench, describe } from 'vitest';
import {
  addDays,
  localDate,
  schoolInstant,
  wallTime,
  type LocalDate,
  type SessionRef,
} from '../../src/domain';
import type { PushEvent } from '../../src/shared/api/syncSchemas';
import type { Database } from '../../src/server/db/database';
import { openEmbeddedDatabase } from '../../src/server/db/embeddedDatabase';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';
import { prepareDatabase } from '../../src/server/prepareDatabase';
import { EventBatch } from '../../src/server/register/eventBatch';
import { lockSchoolLog, readHeadSeq } from '../../src/server/register/syncHead';
import { createFreshDatabase } from '../process/freshPostgres';
import { Browser } from '../process/httpClient';
import {
  cleanUpProcesses,
  freePort,
  startServer,
  type ServerProcess,
} from '../process/serverProcess';
import { checkPushAnswer, sendPush, signIn } from '../process/syncDevice';
import {
  BENCH_DATABASE_NAMES,
  benchDataDir,
  type BenchDatabaseKind,
} from './support/benchDatabase';
import { percentile, summarise, writeBenchSection } from './support/benchReport';
import { createBenchSchool, sessionsBetween, type BenchSchool } from './support/benchSchool';
import { ms, ONCE, runs, scaled, spread } from './support/once';

const TABLETS = scaled(60);
const PUPILS = 30;
const ROUNDS = runs(5);
const SOLO_PUSHES = 5;
/** Writes of the whole burst in one transaction, for the floor (each on a day of its own). */
const FLOOR_RUNS = 3;
/** The other school's pushes alone before each round. */
const OTHER_ALONE = 4;
/** The other school's groups: each push marks one group on one day, never the same twice. */
const OTHER_GROUPS = 8;
/** The school days the benchmark marks (rounds, lone pushes, the floor, the other school). */
const DAYS_BACK = 60;

interface Tablet {
  readonly browser: Browser;
  readonly deviceId: string;
  readonly staffId: string;
  readonly pupilIds: readonly string[];
  nextSeq: number;
}

/** The teacher's mark for 08:50 on `date` (on time). */
const at0850 = (date: string) =>
  schoolInstant(localDate(date), wallTime('08:50'), 'Europe/London').toISOString();

function registerOf(
  tablet: Tablet,
  session: SessionRef,
  pupilIds: readonly string[] = tablet.pupilIds,
): PushEvent[] {
  const recordedAt = at0850(session.date);
  return pupilIds.map((pupilId) => ({
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
  /** Another school on the same server, pushing steadily during the burst. */
  readonly other: BenchSchool;
  /** The school days of the window, oldest first. */
  readonly days: readonly LocalDate[];
  /** Milliseconds to write all the burst's events and entries in one transaction, per run. */
  readonly floor: readonly number[];
  cleanUp(): Promise<void>;
}

const schoolSize = { groups: TABLETS + 1, pupilsPerGroup: PUPILS, teachers: TABLETS + 1 };
const otherSize = { groups: OTHER_GROUPS, pupilsPerGroup: PUPILS, teachers: 1 };

/** The school days from DAYS_BACK days ago to today. */
function schoolDays(school: BenchSchool): LocalDate[] {
  const days = [
    ...new Set(
      sessionsBetween(school, addDays(school.today, -DAYS_BACK), school.today).map((s) => s.date),
    ),
  ];
  if (days.length < ROUNDS + 1 + SOLO_PUSHES + FLOOR_RUNS)
    throw new Error('Not enough school days for the rounds.');
  return days;
}

/**
 * The floor: on each of the floor's days, every register of the burst (each tablet's pupils, by
 * its teacher) decided in memory, then written in one transaction under the school's log lock
 * with the server's bulk writes. Only the transaction is timed.
 */
async function measureFloor(
  db: Database,
  school: BenchSchool,
  days: readonly LocalDate[],
): Promise<number[]> {
  const times: number[] = [];
  for (const date of days) {
    const batch = new EventBatch(school.id, await readHeadSeq(db, school.id), new Map());
    for (let i = 0; i < TABLETS; i += 1) {
      const teacher = school.member(`teacher${i + 1}`);
      for (const pupilId of school.groups[i]?.pupilIds ?? []) {
        batch.add({
          event: {
            eventId: randomUUID(),
            pupilId,
            session: { date, part: 'AM' },
            code: '/',
            minutesLate: null,
            arrivedAt: null,
            reason: null,
            baseEventId: null,
            actor: { staffId: teacher.id, name: teacher.name, role: 'teacher' },
            deviceId: null,
            recordedAt: at0850(date),
          },
          clientSeq: null,
          clockOffsetMs: null,
          receivedAt: new Date(),
          tripId: null,
        });
      }
    }
    const started = performance.now();
    await db.transaction(async (tx) => {
      await lockSchoolLog(tx, school.id);
      await batch.write(tx);
    });
    times.push(performance.now() - started);
  }
  return times;
}

/** Both schools into `db`, and the floor measured on it. */
async function seed(db: Database) {
  const school = await createBenchSchool(db, schoolSize);
  const other = await createBenchSchool(db, otherSize);
  const days = schoolDays(school);
  const floor = await measureFloor(db, school, days.slice(SOLO_PUSHES, SOLO_PUSHES + FLOOR_RUNS));
  return { school, other, days, floor };
}

/** The server on a new database of `kind`, with the bench schools in it. */
async function startOn(kind: BenchDatabaseKind): Promise<Started> {
  const env = { PORT: String(await freePort()), DEMO_SCHOOL: 'false', LOG_LEVEL: 'warn' };
  if (kind === 'built-in') {
    // The built-in database has one owner: the schools go in before the server starts.
    const folder = await benchDataDir('tickmark-bench-burst-');
    const seeder = await openEmbeddedDatabase(folder.dir);
    let seeded: Awaited<ReturnType<typeof seed>>;
    try {
      await prepareDatabase(seeder);
      seeded = await seed(seeder);
    } finally {
      await seeder.close();
    }
    const server = await startServer({
      label: 'bench server',
      env: { ...env, DATA_DIR: folder.dir },
    });
    return { server, ...seeded, cleanUp: () => folder.remove() };
  }
  const database = await createFreshDatabase();
  const server = await startServer({
    label: 'bench server',
    env: { ...env, DATABASE_URL: database.url },
  });
  // The server has migrated the empty database; the schools go in beside it.
  const seeder = openPostgresDatabase(database.url, { max: 2 });
  try {
    return { server, ...(await seed(seeder)), cleanUp: () => database.drop() };
  } finally {
    await seeder.close();
  }
}

/** Signs a teacher in on a new tablet of their own. */
async function tabletOf(
  origin: string,
  school: BenchSchool,
  handle: string,
  pupilIds: readonly string[],
): Promise<Tablet> {
  const teacher = school.member(handle);
  const browser = new Browser();
  const session = await signIn(browser, origin, {
    email: teacher.email,
    password: teacher.password,
  });
  return { browser, deviceId: session.device.id, staffId: teacher.id, pupilIds, nextSeq: 1 };
}

/** The other school's tablet: each push marks the next unmarked group and day. */
class OtherSchool {
  private next = 0;
  constructor(
    private readonly origin: string,
    private readonly tablet: Tablet,
    private readonly school: BenchSchool,
    private readonly days: readonly LocalDate[],
  ) {}

  /** One push of a fresh register; throws when it fails, or when every register is marked. */
  async push(): Promise<number> {
    const group = this.school.groups[this.next % OTHER_GROUPS];
    const date = this.days[Math.floor(this.next / OTHER_GROUPS)];
    this.next += 1;
    if (group === undefined || date === undefined)
      throw new Error('The other school has no registers left to mark.');
    const events = registerOf(this.tablet, { date, part: 'AM' }, group.pupilIds);
    const result = await timedPush(this.origin, this.tablet, events);
    if (result.error !== null) throw new Error(`The other school's push failed: ${result.error}`);
    return result.ms;
  }
}

async function measure(kind: BenchDatabaseKind): Promise<string> {
  const started = await startOn(kind);
  try {
    const { server, school, days } = started;
    const tablets: Tablet[] = [];
    for (let i = 0; i <= TABLETS; i += 1) {
      tablets.push(
        await tabletOf(server.origin, school, `teacher${i + 1}`, school.groups[i]?.pupilIds ?? []),
      );
    }
    const soloTablet = tablets.pop() as Tablet;
    const other = new OtherSchool(
      server.origin,
      await tabletOf(server.origin, started.other, 'teacher1', []),
      started.other,
      days,
    );

    // Alone: one register at a time, on the oldest days.
    const solo: number[] = [];
    for (const date of days.slice(0, SOLO_PUSHES)) {
      const result = await timedPush(
        server.origin,
        soloTablet,
        registerOf(soloTablet, { date, part: 'AM' }),
      );
      if (result.error !== null) throw new Error(`A lone push failed: ${result.error}`);
      solo.push(result.ms);
    }

    const latencies: number[] = [];
    const rounds: { p50: number; p99: number; wall: number }[] = [];
    const errors: string[] = [];
    const otherAlone: number[] = [];
    const otherDuring: number[] = [];
    // The first burst after the server starts runs its code cold: shown apart, not counted.
    const warmUpDay = days.at(-ROUNDS - 1);
    if (warmUpDay === undefined) throw new Error('Not enough school days for a warm-up round.');
    const warmStarted = performance.now();
    const warmUp = await Promise.all(
      tablets.map((t) =>
        timedPush(server.origin, t, registerOf(t, { date: warmUpDay, part: 'AM' })),
      ),
    );
    const warmWall = performance.now() - warmStarted;
    errors.push(...warmUp.flatMap((r) => (r.error === null ? [] : [r.error])));
    for (const date of days.slice(-ROUNDS)) {
      // The other school alone, just before the burst (like for like with the figures during it).
      for (let i = 0; i < OTHER_ALONE; i += 1) otherAlone.push(await other.push());
      const session: SessionRef = { date, part: 'AM' };
      const bodies = tablets.map((t) => registerOf(t, session));
      let bursting = true;
      const steady = (async () => {
        while (bursting) otherDuring.push(await other.push());
      })();
      const started = performance.now();
      const results = await Promise.all(
        tablets.map((t, i) => timedPush(server.origin, t, bodies[i] ?? [])),
      );
      const wall = performance.now() - started;
      bursting = false;
      await steady;
      const times = results.map((r) => r.ms);
      latencies.push(...times);
      errors.push(...results.flatMap((r) => (r.error === null ? [] : [r.error])));
      rounds.push({ p50: percentile(times, 50), p99: percentile(times, 99), wall });
    }
    if (errors.length > 0) throw new Error(`${errors.length} pushes failed; first: ${errors[0]}`);
    const soloSummary = summarise(solo);
    const walls = summarise(rounds.map((r) => r.wall));
    const floor = summarise(started.floor);
    const p99 = percentile(latencies, 99);
    const alone50 = percentile(otherAlone, 50);
    const during50 = percentile(otherDuring, 50);
    return `
**${BENCH_DATABASE_NAMES[kind]}**: ${TABLETS} tablets × ${PUPILS} pupils, one push each, all at once, to one
server process (pool of 10 connections); ${ROUNDS} rounds (${latencies.length} pushes).

| | p50 | p99 | max |
| --- | ---: | ---: | ---: |
| **push latency in the burst** (all rounds) | **${ms(percentile(latencies, 50))}** | **${ms(p99)}** | ${ms(Math.max(...latencies))} |
| per round p50, p99 (median, min–max) | ${spread(summarise(rounds.map((r) => r.p50)))} | ${spread(summarise(rounds.map((r) => r.p99)))} | |
| limit: the floor, all ${TABLETS * PUPILS} events and entries written in one transaction (${FLOOR_RUNS} runs) | ${ms(floor.median)} | | ${ms(floor.max)} |
| one tablet pushing alone (${SOLO_PUSHES} pushes) | ${ms(soloSummary.median)} | | ${ms(soloSummary.max)} |
| not counted: the first burst after the server started (code still cold) | ${ms(
      percentile(
        warmUp.map((r) => r.ms),
        50,
      ),
    )} | ${ms(
      percentile(
        warmUp.map((r) => r.ms),
        99,
      ),
    )} | ${ms(warmWall)} wall |

**p99 / floor: ${(p99 / floor.median).toFixed(2)} ×** (target ≤ 2 ×; p99 target ≤ 250 ms on a quiet machine). The floor is
measured on the same database with nothing else running, ${kind === 'built-in' ? 'just before the server starts (the built-in database has one owner)' : 'beside the idle server'}, so on a
busy machine it may fall in a quieter or busier minute than the bursts.
Burst wall time (first push sent → last answer): ${spread(walls)},
${Math.round((TABLETS * PUPILS * 1000) / walls.median)} marks / s. Errors: **${errors.length}**.

Another school on the same server, one tablet pushing a ${PUPILS}-pupil register again and again:

| | pushes | p50 | p95 |
| --- | ---: | ---: | ---: |
| alone, just before each burst | ${otherAlone.length} | ${ms(alone50)} | ${ms(percentile(otherAlone, 95))} |
| during the bursts | ${otherDuring.length} | ${ms(during50)} | ${ms(percentile(otherDuring, 95))} |

**Added by the burst: ${Math.round((during50 / alone50 - 1) * 100)} %** at the median (target ≤ 20 %). Both
figures include the benchmark process, which sends the burst's pushes and reads their answers on
the same cores.
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
Pushes of one school that arrive together are committed as a group (one transaction, one lock
wait, one write per table: docs/design.md §7.3), so the last of ${TABLETS} waits for about two groups,
not for ${TABLETS} pushes one after another. Load average (1 min) ${load.toFixed(1)} at the start,
${(loadavg()[0] ?? 0).toFixed(1)} at the end.
`,
      );
    },
    ONCE,
  );
});
