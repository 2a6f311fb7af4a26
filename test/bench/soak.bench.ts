/**
 * the soak. 60 tablets push and pull at once, for a bounded time, against one server
 * process on PostgreSQL over loopback. Each tablet is a teacher's device of its own with its own
 * class; in a loop it pushes its class's register for one past session (30 marks, one push),
 * then pulls the school's log from its cursor, until the time is up. Nothing may fail: every
 * push answered 200 with one acknowledgement per mark, and at the end the log holds every
 * acknowledged event exactly once, numbered 1…head without a hole. Reported: p50/p99/max of the
 * push and pull latencies as a tablet sees them, throughput, and the counts.
 *
 * `SOAK_SECONDS` (default 300: five minutes) bounds the time; `BENCH_SCALE` scales the tablets.
 * Run: `npx vitest bench --run --project bench test/bench/soak.bench.ts`.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { bench, describe } from 'vitest';
import { addDays, schoolInstant, wallTime, type SessionRef } from '../../src/domain';
import { ROUTES } from '../../src/shared/api/routes';
import { pullResponseSchema, type PushEvent } from '../../src/shared/api/syncSchemas';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';
import { createFreshDatabase } from '../process/freshPostgres';
import { Browser } from '../process/httpClient';
import { cleanUpProcesses, freePort, startServer } from '../process/serverProcess';
import {
  AckBook,
  checkPushAnswer,
  logProblems,
  pullAll,
  sendPush,
  signIn,
} from '../process/syncDevice';
import { createBenchSchool, sessionsBetween } from './support/benchSchool';
import { percentile, writeBenchSection } from './support/benchReport';
import { ms, ONCE, scaled } from './support/once';

const TABLETS = scaled(60);
const PUPILS = 30;
const SECONDS = Number(process.env.SOAK_SECONDS ?? 300);

interface Tablet {
  readonly browser: Browser;
  readonly deviceId: string;
  readonly staffId: string;
  readonly pupilIds: readonly string[];
  nextSeq: number;
  cursor: number;
}

async function measure(): Promise<void> {
  const database = await createFreshDatabase();
  try {
    const server = await startServer({
      label: 'soak server',
      env: {
        PORT: String(await freePort()),
        DATABASE_URL: database.url,
        DEMO_SCHOOL: 'false',
        LOG_LEVEL: 'warn',
      },
    });
    const seeder = openPostgresDatabase(database.url, { max: 2 });
    const school = await createBenchSchool(seeder, {
      groups: TABLETS,
      pupilsPerGroup: PUPILS,
      teachers: TABLETS,
    }).finally(() => seeder.close());
    // Past sessions, newest first: each tablet marks its own class, so every mark is a first entry.
    // Most of a year of them, so the tablets run out of time before they run out of sessions.
    const sessions: SessionRef[] = sessionsBetween(
      school,
      addDays(school.today, -300),
      addDays(school.today, -1),
    )
      .map((s) => ({ date: s.date, part: s.part }))
      .reverse();

    const tablets: Tablet[] = [];
    for (let i = 0; i < TABLETS; i += 1) {
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
        cursor: 0,
      });
    }

    const acks = new AckBook();
    const pushMs: number[] = [];
    const pullMs: number[] = [];
    const errors: string[] = [];
    let pulledEvents = 0;
    const loadBefore = os.loadavg()[0] ?? 0;
    const deadline = performance.now() + SECONDS * 1000;
    const started = performance.now();

    async function run(tablet: Tablet): Promise<void> {
      for (const session of sessions) {
        if (performance.now() > deadline || errors.length > 0) return;
        const recordedAt = schoolInstant(
          session.date,
          wallTime('08:50'),
          'Europe/London',
        ).toISOString();
        const events: PushEvent[] = tablet.pupilIds.map((pupilId) => ({
          clientSeq: tablet.nextSeq++,
          eventId: randomUUID(),
          actorStaffId: tablet.staffId,
          pupilId,
          session: { date: session.date, part: session.part },
          code: session.part === 'AM' ? '/' : '\\',
          minutesLate: null,
          arrivedAt: null,
          reason: null,
          baseEventId: null,
          recordedAt,
        }));
        const t0 = performance.now();
        try {
          const res = await sendPush(tablet.browser, server.origin, tablet.deviceId, events, {
            timeoutMs: 120_000,
          });
          pushMs.push(performance.now() - t0);
          acks.record(checkPushAnswer(res, events).acks);
        } catch (err) {
          errors.push(`push: ${(err as Error).message.slice(0, 300)}`);
          return;
        }
        const t1 = performance.now();
        try {
          const res = await tablet.browser.get(
            server.origin,
            `${ROUTES.syncPull}?after=${tablet.cursor}&limit=1000&rosterVersion=1000000`,
            // As a browser does: the server gzips the page (src/server/app.ts).
            { timeoutMs: 120_000, acceptGzip: true },
          );
          pullMs.push(performance.now() - t1);
          if (res.status !== 200)
            throw new Error(`pull answered ${res.status}: ${res.text.slice(0, 200)}`);
          const body = pullResponseSchema.parse(res.json());
          if (body.kind !== 'events') throw new Error(`pull answered ${body.kind}`);
          pulledEvents += body.events.length;
          tablet.cursor = body.nextCursor;
        } catch (err) {
          errors.push(`pull: ${(err as Error).message.slice(0, 300)}`);
          return;
        }
      }
    }

    await Promise.all(tablets.map(run));
    const wall = performance.now() - started;
    const reader = tablets[0] as Tablet;
    const log = await pullAll(reader.browser, server.origin);
    const problems = logProblems(log, acks);
    const lost = acks.size - log.events.length;

    writeBenchSection(
      'soak',
      '7. Soak: 60 tablets pushing and pulling at once',
      `
${TABLETS} tablets (one device and one class of ${PUPILS} each) against one server process on
PostgreSQL over loopback, for ${SECONDS} s (or until each has marked all ${sessions.length} sessions; it ran
${Math.round(wall / 1000)} s): each tablet in a loop pushes its class's register for one session (one push of
${PUPILS} marks) and pulls the school's log from its cursor.

| | count | p50 | p99 | max |
| --- | ---: | ---: | ---: | ---: |
| **push** (request sent → answer read) | ${pushMs.length} | **${ms(percentile(pushMs, 50))}** | **${ms(percentile(pushMs, 99))}** | ${ms(Math.max(...pushMs))} |
| **pull** (up to 1,000 events) | ${pullMs.length} | **${ms(percentile(pullMs, 50))}** | **${ms(percentile(pullMs, 99))}** | ${ms(Math.max(...pullMs))} |

Marks acknowledged: ${acks.size} (${Math.round((acks.size * 1000) / wall)} marks / s over ${Math.round(wall / 1000)} s);
events pulled by the tablets: ${pulledEvents}. Errors: **${errors.length}**${errors.length > 0 ? ` (first: ${errors[0]})` : ''}.
Machine load (1-minute average, ${os.cpus().length} cores): ${loadBefore.toFixed(1)} at the start, ${(os.loadavg()[0] ?? 0).toFixed(1)} at the end; latencies grow with it.
Log check after the soak: **${problems.length === 0 ? 'every acknowledged event exactly once, numbered 1…head with no hole' : `${problems.length} problems (first: ${problems[0]})`}**${lost !== 0 ? `; ${lost} acknowledged events missing` : ''}.
`,
    );
    if (errors.length > 0) throw new Error(`${errors.length} requests failed; first: ${errors[0]}`);
    if (problems.length > 0)
      throw new Error(`the log is not whole: ${problems.slice(0, 5).join('; ')}`);
  } finally {
    await cleanUpProcesses();
    await database.drop();
  }
}

describe('soak', () => {
  bench(`${TABLETS} tablets push and pull for ${SECONDS} s`, measure, ONCE);
});
