/**
 * Reports at trust scale, on PostgreSQL: 20 schools × 1,000 pupils × a school year
 * (about 380 sessions each, 7.6 M current entries). Measures the three reports the issue names
 * (the persistent-absence list for one school, one pupil's certificate, the trust summary)
 * through the same service functions the API calls, and writes the figures into
 * docs/benchmarks.md. Run with `npx vitest bench --run --project bench test/bench/reports.bench.ts`.
 *
 * BENCH_REPORTS_SCHOOLS and BENCH_REPORTS_PUPILS scale it down; BENCH_REPORTS_KEEP=1 keeps the
 * database `tickmark_bench_reports` afterwards. TICKMARK_TEST_POSTGRES_URL names the server.
 */
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { localDate } from '../../src/domain/index';
import type { ReportContext } from '../../src/server/reports/reportService';
import {
  absenceReport,
  certificateReport,
  loadReportSchool,
  summaryReport,
} from '../../src/server/reports/reportService';
import { summarise, writeBenchSection } from './support/benchReport';
import type { TrustData } from './support/trustData';
import { loadTrustData } from './support/trustData';

const scale = {
  schools: Number(process.env.BENCH_REPORTS_SCHOOLS ?? 20),
  pupils: Number(process.env.BENCH_REPORTS_PUPILS ?? 1000),
};
const adminUrl =
  process.env.TICKMARK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// The last day of the summer term: the whole school year has happened.
const TODAY = localDate('2025-07-23');

let data: TrustData;
let ctx: ReportContext;
const times: Record<string, number[]> = {
  persistent: [],
  certificate: [],
  trust: [],
  scanSchool: [],
  scanTrust: [],
};
const facts: Record<string, string> = {};

async function timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  times[name]?.push(performance.now() - started);
  return result;
}

beforeAll(
  async () => {
    data = await loadTrustData({
      adminUrl,
      name: 'tickmark_bench_reports',
      scale,
      keep: process.env.BENCH_REPORTS_KEEP === '1',
      log: (line) => console.log(`[reports bench] ${line}`),
    });
    const school = await loadReportSchool(data.db, data.schoolIds[0] ?? '', new Date());
    ctx = {
      school,
      today: TODAY,
      viewer: {
        staffId: data.leadStaffId,
        schoolId: school.id,
        roles: ['attendance_lead'],
        wholeSchool: true,
        groupIds: new Set(),
      },
    };
  },
  3 * 60 * 60 * 1000,
);

afterAll(
  async () => {
    const row = (name: string, what: string) => {
      const s = summarise(times[name] ?? []);
      return `| ${what} | ${(times[name] ?? []).length} | ${s.median.toFixed(0)} | ${s.min.toFixed(0)}–${s.max.toFixed(0)} | ${facts[name] ?? ''} |`;
    };
    const ratio = (limit: string, report: string) =>
      (summarise(times[limit] ?? []).median / summarise(times[report] ?? []).median).toFixed(2);
    const scaleNote =
      scale.schools === 20 && scale.pupils === 1000
        ? 'the full trust scale'
        : `**reduced scale** (the issue asks for 20 × 1,000)`;
    writeBenchSection(
      'reports',
      'Reports at trust scale',
      `PostgreSQL (127.0.0.1:5432), database \`tickmark_bench_reports\` created and dropped by the
benchmark: ${scale.schools} schools × ${scale.pupils} pupils × ${data.sessionsPerPupil} open
sessions = ${data.entries.toLocaleString('en-GB')} current entries, ${scaleNote}. Loaded set-wise
(INSERT … SELECT over unnest and generate_series, one statement per school; indexes built after
the load) in ${Math.round(data.loadSeconds)} s. Only \`register_entry\` is loaded (reports never read
the event log). Times are the report service end to end (SQL aggregate plus the domain's
decisions), cold first run included, in milliseconds.

| report | runs | median ms | min–max ms | result |
|---|---|---|---|---|
${row('persistent', 'Persistent-absence list, one school, school year')}
${row('certificate', 'One pupil’s certificate, school year')}
${row('trust', `Trust summary, ${scale.schools} schools, school year`)}
${row('scanSchool', 'limit: one bare aggregate scan of one school’s entries')}
${row('scanTrust', `limit: one bare aggregate scan of all ${scale.schools} schools’ entries`)}

Ratio of each report to its limit (the limit's median over the report's, 1 = as fast as reading
the rows once): persistent list ${ratio('scanSchool', 'persistent')}, trust summary
${ratio('scanTrust', 'trust')}. The trust summary reads the entries twice, on two connections at
once: by school, session and code for the totals, weekdays and weeks (counted first, joined to the
categories after), and per pupil for the persistent and severe counts (each entry joined to a
one-row-per-code table of its flags, counted in a small hash table; joining to \`code_category\`
on the date's code set made the planner expect a few thousand rows and sort 7.8 M on disk).
Hashing the first scan's four keys is now most of its time. One scan with GROUPING SETS measured
slower (PostgreSQL 15 neither runs it in parallel nor hashes a set this large: it sorts every
entry); per-pupil counts kept beside the entries would be the next step.

Medians are the figure to compare; the load average in the stamp above says how quiet the
machine was.`,
    );
    await data.close();
  },
  10 * 60 * 1000,
);

describe('reports at trust scale', () => {
  bench(
    'persistent-absence list, one school',
    async () => {
      const report = await timed('persistent', () => absenceReport(data.db, ctx, {}));
      facts.persistent = `${report.rows.length} persistent of ${report.cohort.pupils} pupils`;
    },
    { iterations: 5, time: 0, warmupIterations: 0 },
  );
  bench(
    'one pupil’s certificate',
    async () => {
      const report = await timed('certificate', () =>
        certificateReport(data.db, ctx, data.samplePupilId, {}),
      );
      facts.certificate = `${report.stats.possible} possible sessions, ${report.weeks.length} weeks in the strip`;
    },
    { iterations: 10, time: 0, warmupIterations: 0 },
  );
  bench(
    'trust summary',
    async () => {
      const report = await timed('trust', () =>
        summaryReport(data.db, ctx, { scope: 'organisation' }, data.schoolIds),
      );
      facts.trust = `${report.totals.possible.toLocaleString('en-GB')} possible sessions, ${report.cohort.pupils.toLocaleString('en-GB')} pupils, ${report.bySchool.length} schools`;
    },
    { iterations: 3, time: 0, warmupIterations: 0 },
  );
  // The physical floor: the same rows read once and aggregated, nothing else.
  const scan = (schoolIds: readonly string[]) =>
    data.db.query(
      `SELECT count(*) AS n, coalesce(sum(minutes_late), 0) AS minutes
         FROM register_entry WHERE school_id = ANY($1::uuid[])`,
      [schoolIds],
    );
  bench(
    'limit: bare scan, one school',
    async () => {
      await timed('scanSchool', () => scan(data.schoolIds.slice(0, 1)));
    },
    { iterations: 5, time: 0, warmupIterations: 0 },
  );
  bench(
    'limit: bare scan, the trust',
    async () => {
      await timed('scanTrust', () => scan(data.schoolIds));
    },
    { iterations: 3, time: 0, warmupIterations: 0 },
  );
});
