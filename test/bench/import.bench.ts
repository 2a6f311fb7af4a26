/**
 * importing 10,000 pupils and 1,000,000 historical marks from CSV shows progress and
 * finishes, through the same API the admin screen uses (upload in 256 KB chunks, preview, confirm,
 * poll the job's progress). Then the full-size round trip: 1,000 pupils and the whole autumn term
 * imported, exported as CSV, and the export imported into a fresh database, with identical entries
 * and statistics (the server test does a two-week round trip; this is the term).
 *
 * Runs on PostgreSQL at TICKMARK_BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/postgres)
 * in databases of its own (`tickmark_bench_import`, `…_b`), made afresh and dropped after. Set
 * BENCH_IMPORT_DB=built-in to measure it on the built-in database (a temporary folder) instead. `BENCH_SCALE=0.1` runs a tenth of every size.
 *
 *   npx vitest bench --run --project bench test/bench/import.bench.ts
 */
import { loadavg } from 'node:os';
import pg from 'pg';
import { bench, describe, expect } from 'vitest';
import {
  computeStats,
  localDate,
  sessionsBetween,
  statsByPupil,
  type StatEntry,
} from '../../src/domain';
import type { Database } from '../../src/server/db/database';
import { openEmbeddedDatabase } from '../../src/server/db/embeddedDatabase';
import { benchDataDir } from './support/benchDatabase';
import { openPostgresDatabase } from '../../src/server/db/postgresDatabase';
import { prepareDatabase } from '../../src/server/prepareDatabase';
import { createTestApp, TestClient } from '../server/fixtures';
import { createSyncSchool, syncSchoolConfig, type SyncSchool } from '../server/syncFixtures';
import {
  confirmImport,
  entriesOf,
  importFile,
  marksCsv,
  parsedConfig,
  pupilCsv,
  uploadImport,
  type EntryRow,
} from '../server/dataFixtures';
import { writeBenchSection } from './support/benchReport';
import { ONCE, scaled } from './support/once';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';

const PUPILS = scaled(10_000);
const SESSIONS_PER_PUPIL = 100;
const ROUND_TRIP_PUPILS = scaled(1000);
const BASE_URL =
  process.env.TICKMARK_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const KIND = process.env.BENCH_IMPORT_DB === 'built-in' ? 'built-in' : 'postgres';

interface Opened {
  readonly db: Database;
  close(): Promise<void>;
}

async function openBenchDatabase(name: string): Promise<Opened> {
  let opened: Opened;
  if (KIND === 'built-in') {
    const folder = await benchDataDir('tickmark-bench-import-');
    const db = await openEmbeddedDatabase(folder.dir);
    opened = {
      db,
      close: async () => {
        await db.close();
        await folder.remove();
      },
    };
  } else {
    const admin = new pg.Client({ connectionString: BASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(BASE_URL);
    url.pathname = `/${name}`;
    const db = openPostgresDatabase(url.toString(), { max: 5 });
    opened = {
      db,
      close: async () => {
        await db.close();
        const dropper = new pg.Client({ connectionString: BASE_URL });
        await dropper.connect();
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await dropper.end();
      },
    };
  }
  await prepareDatabase(opened.db);
  return opened;
}

async function schoolWithAdmin(db: Database): Promise<{ school: SyncSchool; admin: TestClient }> {
  const school = await createSyncSchool(db, { groups: [] });
  const { app } = createTestApp(db);
  const admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  return { school, admin };
}

function stats(entries: readonly EntryRow[]): StatEntry[] {
  return entries.map((e) => ({
    pupilId: e.upn,
    date: localDate(e.date),
    part: e.part as 'AM' | 'PM',
    code: e.code,
    minutesLate: e.minutes,
  }));
}

const seconds = (value: number): string => `${(value / 1000).toFixed(1)} s`;

describe('imports from the MIS', () => {
  bench(
    `${PUPILS.toLocaleString('en-GB')} pupils and ${(PUPILS * SESSIONS_PER_PUPIL).toLocaleString('en-GB')} marks, then a term's round trip (${KIND})`,
    async () => {
      const lines: string[] = [];
      const loadAtStart = loadavg()[0] ?? 0;
      const opened = await openBenchDatabase('tickmark_bench_import');
      try {
        const { school, admin } = await schoolWithAdmin(opened.db);
        const config = parsedConfig(syncSchoolConfig(school.id, school.name));

        let started = performance.now();
        const pupilsJob = await importFile(admin, 'pupils', pupilCsv(PUPILS));
        const pupilsMs = performance.now() - started;
        expect(pupilsJob.result?.new).toBe(PUPILS);

        const sessions = sessionsBetween(config, localDate('2024-09-03'), localDate('2025-07-22'));
        const last = sessions[SESSIONS_PER_PUPIL - 1];
        if (last === undefined) throw new Error('The test calendar has too few sessions.');
        const marks = marksCsv(config, PUPILS, localDate('2024-09-03'), last.date);
        expect(marks.rows).toBe(PUPILS * SESSIONS_PER_PUPIL);

        started = performance.now();
        const previewed = await uploadImport(admin, 'marks', marks.csv);
        const previewMs = performance.now() - started;
        expect(previewed.preview?.rowsWithErrors).toBe(0);
        started = performance.now();
        const { job, progress } = await confirmImport(admin, previewed.id);
        const writeMs = performance.now() - started;
        expect(job.state).toBe('done');
        expect(job.result?.new).toBe(marks.rows);
        // Progress as the admin screen saw it: distinct row counts reported while it ran.
        const distinct = [...new Set(progress)];
        console.log(
          `marks: ${distinct.length} distinct progress figures while writing: ${distinct.slice(0, 12).join(', ')}…`,
        );
        lines.push(
          '| Step | Rows | Time | Rows per second |',
          '| --- | ---: | ---: | ---: |',
          `| Pupils: upload, preview, write | ${PUPILS.toLocaleString('en-GB')} | ${seconds(pupilsMs)} | ${Math.round(PUPILS / (pupilsMs / 1000)).toLocaleString('en-GB')} |`,
          `| Marks: upload (${Math.ceil(marks.csv.length / (256 * 1024))} chunks of 256 KB) and preview | ${marks.rows.toLocaleString('en-GB')} | ${seconds(previewMs)} | ${Math.round(marks.rows / (previewMs / 1000)).toLocaleString('en-GB')} |`,
          `| Marks: confirm to done (re-check, events + entries in one transaction) | ${marks.rows.toLocaleString('en-GB')} | ${seconds(writeMs)} | ${Math.round(marks.rows / (writeMs / 1000)).toLocaleString('en-GB')} |`,
          '',
          `While the marks were written, the job's status reported ${distinct.length} different progress figures (rows done of ${marks.rows.toLocaleString('en-GB')}; polled every 20 ms), ending at ${job.rowsDone.toLocaleString('en-GB')}.`,
        );
      } finally {
        await opened.close();
      }

      // The full-size round trip.
      const a = await openBenchDatabase('tickmark_bench_import');
      const b = await openBenchDatabase('tickmark_bench_import_b');
      try {
        const first = await schoolWithAdmin(a.db);
        const config = parsedConfig(syncSchoolConfig(first.school.id, first.school.name));
        const from = localDate('2024-09-03');
        const to = localDate('2024-12-20');
        const pupils = pupilCsv(ROUND_TRIP_PUPILS);
        const started = performance.now();
        await importFile(first.admin, 'pupils', pupils);
        const marks = marksCsv(config, ROUND_TRIP_PUPILS, from, to);
        await importFile(first.admin, 'marks', marks.csv);
        const exported = (
          await (
            await first.admin.get(`${dataApi.exportMarksCsv.path}?from=${from}&to=${to}`)
          ).text()
        ).replace(/^\uFEFF/, '');
        const second = await schoolWithAdmin(b.db);
        await importFile(second.admin, 'pupils', pupils);
        await importFile(second.admin, 'marks', exported);
        const roundTripMs = performance.now() - started;
        const before = await entriesOf(a.db, first.school.id);
        const after = await entriesOf(b.db, second.school.id);
        expect(after).toEqual(before);
        expect(before).toHaveLength(marks.rows);
        expect(computeStats(stats(after))).toEqual(computeStats(stats(before)));
        expect(statsByPupil(stats(after))).toEqual(statsByPupil(stats(before)));
        lines.push(
          '',
          `Round trip: ${ROUND_TRIP_PUPILS.toLocaleString('en-GB')} pupils and the autumn term (${marks.rows.toLocaleString('en-GB')} marks) imported, exported, and the export imported into a fresh database in ${seconds(roundTripMs)}: entries identical (${after.length.toLocaleString('en-GB')}), school and per-pupil statistics identical.`,
        );
      } finally {
        await a.close();
        await b.close();
      }
      lines.push(
        '',
        `Database: ${KIND === 'built-in' ? 'the built-in PostgreSQL (fsync on, Unix socket)' : 'PostgreSQL over loopback'}. Load average (1 min) at the start ${loadAtStart.toFixed(1)}, at the end ${(loadavg()[0] ?? 0).toFixed(1)}: other work on the same cores slows every figure.`,
      );
      writeBenchSection(
        `import-${KIND}`,
        `Imports from the MIS (${KIND === 'built-in' ? 'built-in database' : 'PostgreSQL'})`,
        lines.join('\n'),
      );
    },
    ONCE,
  );
});
