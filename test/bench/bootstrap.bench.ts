/**
 * a new device at a 1,000-pupil school. What a fresh tablet fetches before it
 * can show a register: the online sign-in, the snapshot (the current entries of the last six
 * weeks and the roster: groups, pupils, staff, school configuration) and the first pull after
 * it. Time and bytes of each, over real sockets to a server process on PostgreSQL, with the
 * school's last six weeks fully marked (a mark for every pupil in every session).
 *
 * The sign-in uses the production password hash (Argon2id, 19 MiB, t=2), as a real account
 * has. Beside the network, the tablet's own work is measured in Node: parsing the snapshot with
 * the shared schema and writing it to IndexedDB (fake-indexeddb, so only indicative of a tablet).
 * Each run is a new device (a new cookie jar, a new enrolment). `BENCH_RUNS` (default 5).
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { bench, describe } from 'vitest';
import { openAppDb } from '../../src/client/db/db';
import { applySnapshot } from '../../src/client/sync/applyPull';
import { ROUTES } from '../../src/shared/api/routes';
import { pullResponseSchema, snapshotResponseSchema } from '../../src/shared/api/syncSchemas';
import { hashPassword, PRODUCTION_PASSWORD_PARAMS } from '../../src/server/auth/password';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';
import { createFreshDatabase } from '../process/freshPostgres';
import { Browser, expectStatus, type HttpResponse } from '../process/httpClient';
import { cleanUpProcesses, freePort, startServer } from '../process/serverProcess';
import { createBenchSchool, fillHistory } from './support/benchSchool';
import { summarise, writeBenchSection } from './support/benchReport';
import { kb, ONCE, runs, spread } from './support/once';

const GROUPS = 40;
const PUPILS_PER_GROUP = 25;
const HISTORY_DAYS = 42;
const RUNS = runs(5);
/** A browser always offers gzip; the server compresses what is worth it (src/server/app.ts). */
const GZIP = { acceptGzip: true } as const;

interface Step {
  readonly ms: number;
  /** Response body bytes, decoded. */
  readonly bytes: number;
  /** Response body bytes as they crossed the socket (gzip: the tablet asks for it). */
  readonly wireBytes: number;
  readonly headerBytes: number;
}

interface BootstrapRun {
  readonly signIn: Step;
  readonly snapshot: Step;
  readonly pull: Step;
  readonly parseMs: number;
  readonly applyMs: number;
  readonly entries: number;
}

function stepOf(res: HttpResponse, started: number): Step {
  const headerBytes = Object.entries(res.headers).reduce(
    (total, [name, value]) => total + name.length + String(value).length + 4,
    0,
  );
  return {
    ms: performance.now() - started,
    bytes: Buffer.byteLength(res.text),
    wireBytes: res.wireBytes,
    headerBytes,
  };
}

async function oneDevice(
  origin: string,
  credentials: { email: string; password: string },
): Promise<BootstrapRun> {
  const browser = new Browser();
  let started = performance.now();
  const signInRes = await browser.post(
    origin,
    ROUTES.signIn,
    { ...credentials, deviceLabel: 'new tablet' },
    GZIP,
  );
  expectStatus(signInRes, 200, 'sign-in');
  const signIn = stepOf(signInRes, started);

  started = performance.now();
  const snapshotRes = await browser.get(origin, ROUTES.syncSnapshot, GZIP);
  const snapshotJson = expectStatus(snapshotRes, 200, 'snapshot');
  const snapshot = stepOf(snapshotRes, started);

  let parsedAt = performance.now();
  const parsed = snapshotResponseSchema.parse(snapshotJson);
  const parseMs = performance.now() - parsedAt;

  started = performance.now();
  const pullRes = await browser.get(
    origin,
    `${ROUTES.syncPull}?after=${parsed.cursor}&limit=1000&rosterVersion=${parsed.roster.version}&epoch=${parsed.epoch}`,
    GZIP,
  );
  pullResponseSchema.parse(expectStatus(pullRes, 200, 'pull'));
  const pull = stepOf(pullRes, started);

  const tablet = openAppDb(`bench-bootstrap-${randomUUID()}`);
  try {
    parsedAt = performance.now();
    await applySnapshot(tablet, parsed, 0);
    const applyMs = performance.now() - parsedAt;
    return { signIn, snapshot, pull, parseMs, applyMs, entries: parsed.entries.length };
  } finally {
    tablet.close();
  }
}

async function measure(): Promise<void> {
  const database = await createFreshDatabase();
  try {
    const server = await startServer({
      label: 'bench server',
      env: {
        PORT: String(await freePort()),
        DATABASE_URL: database.url,
        DEMO_SCHOOL: 'false',
        LOG_LEVEL: 'warn',
      },
    });
    const seeder = openPostgresDatabase(database.url, { max: 2 });
    let credentials: { email: string; password: string };
    let events: number;
    try {
      const school = await createBenchSchool(seeder, {
        groups: GROUPS,
        pupilsPerGroup: PUPILS_PER_GROUP,
        teachers: 1,
      });
      events = await fillHistory(seeder, school, HISTORY_DAYS);
      const teacher = school.member('teacher1');
      await seeder.query('UPDATE staff SET password_hash = $2 WHERE id = $1', [
        teacher.id,
        await hashPassword(teacher.password, PRODUCTION_PASSWORD_PARAMS),
      ]);
      await seeder.query('ANALYZE');
      credentials = { email: teacher.email, password: teacher.password };
    } finally {
      await seeder.close();
    }

    const results: BootstrapRun[] = [];
    for (let i = 0; i < RUNS; i += 1) results.push(await oneDevice(server.origin, credentials));

    const first = results[0] as BootstrapRun;
    const row = (name: string, pick: (r: BootstrapRun) => Step) =>
      `| ${name} | ${spread(summarise(results.map((r) => pick(r).ms)))} | ${kb(pick(first).wireBytes)} | ${kb(pick(first).bytes)} |`;
    const total = summarise(
      results.map((r) => r.signIn.ms + r.snapshot.ms + r.pull.ms + r.parseMs + r.applyMs),
    );
    const network = summarise(results.map((r) => r.signIn.ms + r.snapshot.ms + r.pull.ms));
    const bytes = first.signIn.bytes + first.snapshot.bytes + first.pull.bytes;
    const wire = first.signIn.wireBytes + first.snapshot.wireBytes + first.pull.wireBytes;
    writeBenchSection(
      'bootstrap',
      '6. New-device bootstrap, 1,000-pupil school',
      `
${GROUPS * PUPILS_PER_GROUP} pupils in ${GROUPS} groups, the last ${HISTORY_DAYS} days fully marked (${events.toLocaleString('en-GB')} events;
the snapshot carries ${first.entries.toLocaleString('en-GB')} entries). Server process on PostgreSQL (loopback), ${RUNS} new devices.

| step | time, median (min–max) | on the wire (gzip) | decoded JSON |
| --- | ---: | ---: | ---: |
${row('sign-in (Argon2id, production cost)', (r) => r.signIn)}
${row('snapshot (entries + roster)', (r) => r.snapshot)}
${row('first pull after the snapshot', (r) => r.pull)}
| tablet: parse the snapshot (zod) | ${spread(summarise(results.map((r) => r.parseMs)))} | | |
| tablet: write it to IndexedDB (fake-indexeddb, Node) | ${spread(summarise(results.map((r) => r.applyMs)))} | | |
| **total** | **${spread(total)}** | **${kb(wire)}** | **${kb(bytes)}** |

Network part alone (the server gzips, the tablet decodes): ${spread(network)}. ${kb(wire)} on the
wire for ${kb(bytes)} of JSON. No budget is set by the issue.
`,
    );
  } finally {
    await cleanUpProcesses();
    await database.drop();
  }
}

describe('new-device bootstrap', () => {
  bench('sign-in + snapshot + first pull for a 1,000-pupil school', measure, ONCE);
});
