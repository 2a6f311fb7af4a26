/**
 * The DfE's published absence figures on a real database: a file in the published layout loads
 * through the command line and its values read back; a malformed file is refused with the line
 * and column and writes nothing; a load is all or nothing; a newer file replaces a figure; the
 * comparison puts the school beside England, its region and its local authority with the gap in
 * days per pupil; and who may see it.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, gapInDaysPerPupil, localDate, type StatEntry } from '../../src/domain/index';
import { runCli, type CliIo } from '../../src/server/cli/commands';
import type { BenchmarkFigure } from '../../src/server/reports/dfeBenchmarkCsv';
import { saveBenchmarkLoad } from '../../src/server/reports/dfeBenchmarkStore';
import {
  benchmarkResponseSchema,
  benchmarkUploadResponseSchema,
  type BenchmarkResponse,
} from '../../src/shared/api/benchmarkSchemas';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { insertEntries } from './reportsFixtures';
import { createSyncSchool, morningClock, type SyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const FIXTURE = join(
  import.meta.dirname,
  '../fixtures/dfe/absence_rates_by_pupil_characteristics_autumn.csv',
);

let t: TestDatabase;
let school: SyncSchool;
let published: string;

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    groups: [{ name: 'Year 3 — Foxes', yearGroup: '3', pupils: 10 }],
  });
  await t.db.query("UPDATE school SET dfe_number = '202/2001' WHERE id = $1", [school.id]);
  published = await readFile(FIXTURE, 'utf8');
}, 120_000);
afterAll(() => t.close());

/** Runs `npm run cli -- …`'s commands in process, with the file's text and captured output. */
async function cli(
  args: string[],
  files: Record<string, string>,
  options: { publication?: string } = {},
): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    readText: (path) => {
      const text = files[path];
      return text === undefined
        ? Promise.reject(new Error(`no file ${path}`))
        : Promise.resolve(text);
    },
    writeText: () => Promise.resolve(),
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    progress: () => {},
    now: () => new Date('2026-03-01T10:00:00Z'),
    retentionYears: 6,
  };
  const code = await runCli(t.db, args, options, io);
  return { code, out, err };
}

async function counts(): Promise<{ loads: number; figures: number }> {
  const { rows } = await t.db.query<{ loads: number; figures: number }>(
    `SELECT (SELECT count(*)::int FROM dfe_benchmark_load) AS loads,
            (SELECT count(*)::int FROM dfe_benchmark) AS figures`,
  );
  return rows[0] ?? { loads: -1, figures: -1 };
}

/** The published file with one line's cell in `column` replaced by `value`. */
function withCell(line: number, column: string, value: string): string {
  const lines = published.trimEnd().split('\n');
  const header = (lines[0] ?? '').split(',');
  const cells = (lines[line - 1] ?? '').split(',');
  cells[header.indexOf(column)] = value;
  lines[line - 1] = cells.join(',');
  return `${lines.join('\n')}\n`;
}

describe('loading a DfE file', () => {
  it('refuses a malformed file with the line and column, and writes nothing', async () => {
    const cases: [string, string, RegExp][] = [
      [
        withCell(4, 'sess_possible', '262,224,600'),
        'the cells counted against the header',
        /line 4: the line has 57 cells where the header has 55/,
      ],
      [
        withCell(5, 'sess_overall', 'lots'),
        'a count that is not a number',
        /line 5, sess_overall \(column 16\): 'lots' is not a whole number/,
      ],
      [
        withCell(3, 'time_period', '2024/25'),
        'a period not written as published',
        /line 3, time_period \(column 1\): '2024\/25' is not an academic year written as the DfE writes it/,
      ],
      [
        withCell(9, 'old_la_code', 'E09000007'),
        'a local authority not given by its number',
        /line 9, old_la_code \(column 8\): 'E09000007' is not a three-digit local-authority number/,
      ],
      [
        withCell(2, 'sess_overall_percent', '105.2'),
        'a percentage over 100',
        /line 2, sess_overall_percent \(column 19\): '105.2' is not a percentage of 100 or less/,
      ],
      [
        published.replace('sess_possible,', 'sessions,'),
        'a header without a column read',
        /line 1: the header has no sess_possible column/,
      ],
    ];
    for (const [text, what, expected] of cases) {
      const result = await cli(['benchmarks', 'load', 'bad.csv'], { 'bad.csv': text });
      expect(result.code, what).toBe(1);
      expect(result.err[0], what).toBe(
        'bad.csv was not loaded; nothing was written. Fix these and load it again:',
      );
      expect(result.err.slice(1).join('\n'), what).toMatch(expected);
    }
    expect(await counts()).toEqual({ loads: 0, figures: 0 });
  });

  it('loads the published layout: values read back, the left-out rows counted', async () => {
    const result = await cli(
      ['benchmarks', 'load', '/downloads/absence_rates_by_pupil_characteristics_autumn.csv'],
      { '/downloads/absence_rates_by_pupil_characteristics_autumn.csv': published },
    );
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
    expect(result.out).toEqual([
      'Loaded absence_rates_by_pupil_characteristics_autumn.csv (Pupil absence in schools in England): 9 figures from 11 rows, for Autumn term 2024/25.',
      'Left out 2 rows:',
      '  1  breakdown not held: SEN primary need / Down Syndrome',
      '  1  figures suppressed',
    ]);
    const { rows: loads } = await t.db.query<Record<string, unknown>>(
      'SELECT file_name, publication, loaded_at, loaded_by, rows_read, rows_kept, left_out FROM dfe_benchmark_load',
    );
    expect(loads).toEqual([
      {
        file_name: 'absence_rates_by_pupil_characteristics_autumn.csv',
        publication: 'Pupil absence in schools in England',
        loaded_at: new Date('2026-03-01T10:00:00Z'),
        loaded_by: 'the command line',
        rows_read: 11,
        rows_kept: 9,
        left_out: {
          'breakdown not held: SEN primary need / Down Syndrome': 1,
          'figures suppressed': 1,
        },
      },
    ]);
    const { rows } = await t.db.query<Record<string, unknown>>(
      `SELECT time_period, time_identifier, level, area_code, area_name, region_code, phase, group_key,
              enrolments, sessions_possible, sessions_overall, overall_percent,
              persistent_enrolments, persistent_percent, severe_enrolments, severe_percent
         FROM dfe_benchmark ORDER BY level, area_code, phase, group_key`,
    );
    expect(rows.map((r) => [r.level, r.area_code, r.phase, r.group_key])).toEqual([
      ['localAuthority', '202', 'primary', 'all'],
      ['localAuthority', '202', 'primary', 'firstLanguage:other'],
      ['localAuthority', '202', 'primary', 'fsm:yes'],
      ['national', 'E92000001', 'all', 'all'],
      ['national', 'E92000001', 'primary', 'all'],
      ['national', 'E92000001', 'primary', 'sen:ehcPlan'],
      ['national', 'E92000001', 'primary', 'sex:female'],
      ['national', 'E92000001', 'secondary', 'all'],
      ['regional', 'E12000007', 'primary', 'all'],
    ]);
    expect(rows[0]).toEqual({
      time_period: '202425',
      time_identifier: 'Autumn term',
      level: 'localAuthority',
      area_code: '202',
      area_name: 'Camden',
      region_code: 'E12000007',
      phase: 'primary',
      group_key: 'all',
      enrolments: 11020,
      sessions_possible: 1514200,
      sessions_overall: 73400,
      overall_percent: 4.84744,
      persistent_enrolments: 1720,
      persistent_percent: 15.60799,
      severe_enrolments: 95,
      severe_percent: 0.86207,
    });
    // A suppressed optional figure ('c') is kept as not known.
    expect(rows[1]).toMatchObject({ severe_enrolments: null, severe_percent: null });
  });

  it('is all or nothing: a failure on the second batch leaves no load and no figure', async () => {
    const before = await counts();
    const figure: BenchmarkFigure = {
      timePeriod: '202324',
      timeIdentifier: 'Academic year',
      level: 'localAuthority',
      areaCode: '000',
      areaName: 'Nowhere',
      regionCode: null,
      phase: 'primary',
      groupKey: 'all',
      enrolments: 1,
      sessionsPossible: 1,
      sessionsOverall: 0,
      overallPercent: 0,
      persistentEnrolments: null,
      persistentPercent: null,
      severeEnrolments: null,
      severePercent: null,
    };
    const figures = Array.from({ length: 6000 }, (_, i) => ({
      ...figure,
      areaCode: String(i).padStart(3, '0'),
      // The database refuses a phase the files do not publish: the 5,501st figure fails.
      phase: i === 5500 ? ('nursery' as 'primary') : figure.phase,
    }));
    await expect(
      saveBenchmarkLoad(t.db, {
        fileName: 'big.csv',
        publication: 'Test',
        loadedBy: 'a test',
        now: new Date(),
        rowsRead: figures.length,
        leftOut: {},
        figures,
      }),
    ).rejects.toThrow(/check constraint/);
    expect(await counts()).toEqual(before);
  });
});

/** Both sessions of ten school days from Monday 3 March 2025 for each of the school's pupils. */
function tenDays(absentPupil: string, absentDays: number): StatEntry[] {
  const out: StatEntry[] = [];
  let day = localDate('2025-02-24');
  for (let n = 0; n < 10; day = addDays(day, 1)) {
    if ([0, 6].includes(new Date(`${day}T12:00:00Z`).getUTCDay())) continue;
    for (const pupilId of school.pupilIds) {
      const code = pupilId === absentPupil && n < absentDays ? 'I' : '/';
      out.push({ pupilId, date: day, part: 'AM', code }, { pupilId, date: day, part: 'PM', code });
    }
    n += 1;
  }
  return out;
}

describe('the comparison', () => {
  let office: TestClient;
  const query = '?period=custom&from=2025-02-24&to=2025-03-07';

  beforeAll(async () => {
    await insertEntries(t.db, school.id, school.member('office').id, tenDays(school.pupil(0), 2));
    // Seven girls (the absent pupil among them: a group big enough to show) and two pupils with
    // free school meals (fewer than the default minimum of 6: never shown).
    const spans = [
      ...school.pupilIds.slice(0, 7).map((id) => [id, 'sex', 'female']),
      ...school.pupilIds.slice(0, 2).map((id) => [id, 'fsm', 'yes']),
    ];
    for (const [pupilId, key, value] of spans)
      await t.db.query(
        `INSERT INTO pupil_characteristic (school_id, pupil_id, key, value, from_date)
         VALUES ($1, $2, $3, $4, '2024-09-01')`,
        [school.id, pupilId, key, value],
      );
    const { app } = createTestApp(t.db, { clock: morningClock('2025-03-10T12:00:00Z') });
    office = new TestClient(app);
    await office.signIn(school.member('office'));
  });

  async function comparison(client: TestClient, q = query): Promise<BenchmarkResponse> {
    const res = await client.get(`/api/reports/benchmarks${q}`);
    const json: unknown = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(200);
    return benchmarkResponseSchema.parse(json);
  }

  it('puts the school beside England, its region and its local authority, with the gap in days', async () => {
    const report = await comparison(office);
    expect(report.phase).toBe('primary');
    expect(report.localAuthority).toEqual({ code: '202', name: 'Camden' });
    expect(report.region).toEqual({ code: 'E12000007', name: 'London' });
    expect(report.notes).toEqual([
      "The school's figure is not shown for a group of fewer than 6 pupils, so that no child can be identified.",
    ]);
    const [all, ...groups] = report.rows;
    // 10 pupils × 10 days × 2 sessions; one pupil off ill for two days: 4 sessions of 200.
    expect(all?.school).toEqual({
      pupils: 10,
      possibleSessions: 200,
      overallAbsenceSessions: 4,
      overallAbsencePercent: 2,
      persistentPercent: 10,
      severePercent: 0,
    });
    expect(
      all?.benchmarks.map((b) => [b.level, b.areaName, b.overallAbsencePercent, b.gapDaysPerPupil]),
    ).toEqual([
      // (2 − 4.80958) ÷ 100 × 20 sessions per pupil ÷ 2 = −0.28 days
      ['national', 'England', 4.80958, -0.3],
      ['regional', 'London', 4.65592, -0.3],
      ['localAuthority', 'Camden', 4.84744, -0.3],
    ]);
    for (const b of all?.benchmarks ?? []) {
      const school = all?.school;
      if (school === null || school === undefined) throw new Error('no school figure');
      expect(b.gapDaysPerPupil).toBe(gapInDaysPerPupil(school, b.overallAbsencePercent));
      expect(b.period.label).toBe('Autumn term 2024/25');
      expect(b.source).toEqual({
        fileName: 'absence_rates_by_pupil_characteristics_autumn.csv',
        publication: 'Pupil absence in schools in England',
        loadedAt: '2026-03-01T10:00:00.000Z',
      });
    }
    // Each group the files hold, in the vocabulary's order, with the school's figure for the
    // group where it has enough pupils: 7 girls × 20 sessions, 4 of them missed.
    expect(
      groups.map((g) => [
        g.label,
        g.school === null
          ? null
          : [g.school.pupils, g.school.possibleSessions, g.school.overallAbsenceSessions],
        g.benchmarks.map((b) => b.areaName),
      ]),
    ).toEqual([
      ['Sex: Female', [7, 140, 4], ['England']],
      ['First language: Other than English', null, ['Camden']],
      ['SEN provision: EHC plan', null, ['England']],
      ['Free school meals: Yes', null, ['Camden']],
    ]);
    const girls = groups[0];
    for (const b of girls?.benchmarks ?? [])
      expect(b.gapDaysPerPupil).toBe(
        girls?.school ? gapInDaysPerPupil(girls.school, b.overallAbsencePercent) : 'no figure',
      );
  });

  it('compares with another phase when asked', async () => {
    const report = await comparison(office, `${query}&phase=secondary`);
    expect(report.phaseName).toBe('State-funded secondary');
    expect(report.rows.map((r) => r.benchmarks.map((b) => b.overallAbsencePercent))).toEqual([
      [6.15371],
    ]);
    expect(report.notes).toEqual(['The loaded files have no figures for local authority 202.']);
  });

  it('takes the newer file’s figure for the same period, area, phase and group', async () => {
    const newer = withCell(9, 'sess_overall_percent', '5.5');
    const result = await cli(
      ['benchmarks', 'load', 'revised.csv'],
      { 'revised.csv': newer },
      {
        publication: 'Pupil absence in schools in England (revised)',
      },
    );
    expect(result.code).toBe(0);
    const report = await comparison(office);
    const camden = report.rows[0]?.benchmarks.find((b) => b.level === 'localAuthority');
    expect(camden?.overallAbsencePercent).toBe(5.5);
    expect(camden?.source.fileName).toBe('revised.csv');
    expect(camden?.source.publication).toBe('Pupil absence in schools in England (revised)');
  });

  it('lets the office, the attendance lead and admins see it; a teacher gets 403; no session 401', async () => {
    const { app } = createTestApp(t.db, { clock: morningClock('2025-03-10T12:00:00Z') });
    for (const handle of ['lead', 'admin']) {
      const client = new TestClient(app);
      await client.signIn(school.member(handle));
      expect((await client.get(`/api/reports/benchmarks${query}`)).status, handle).toBe(200);
    }
    const teacher = new TestClient(app);
    await teacher.signIn(school.member('teacher'));
    expect((await teacher.get(`/api/reports/benchmarks${query}`)).status).toBe(403);
    expect((await new TestClient(app).get(`/api/reports/benchmarks${query}`)).status).toBe(401);
  });

  it('refuses a phase the files do not publish', async () => {
    const res = await office.get(`/api/reports/benchmarks${query}&phase=nursery`);
    expect(res.status).toBe(400);
  });
});

describe('an admin’s upload', () => {
  const path = '/api/admin/benchmarks?fileName=absence_rates_by_pupil_characteristics_autumn.csv';
  const csv = (text: string) => ({ rawBody: text, headers: { 'content-type': 'text/csv' } });

  async function signedIn(handle: string): Promise<TestClient> {
    const { app } = createTestApp(t.db, { clock: morningClock('2025-03-10T12:00:00Z') });
    const client = new TestClient(app);
    await client.signIn(school.member(handle));
    return client;
  }

  it('loads the file as the command line does, in the admin’s name', async () => {
    const admin = await signedIn('admin');
    const res = await admin.request('POST', path, undefined, csv(published));
    const body: unknown = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(200);
    expect(benchmarkUploadResponseSchema.parse(body)).toEqual({
      loaded: true,
      fileName: 'absence_rates_by_pupil_characteristics_autumn.csv',
      publication: 'Pupil absence in schools in England',
      rowsRead: 11,
      kept: 9,
      leftOut: [
        { reason: 'breakdown not held: SEN primary need / Down Syndrome', rows: 1 },
        { reason: 'figures suppressed', rows: 1 },
      ],
      periods: ['Autumn term 2024/25'],
    });
    const { rows } = await t.db.query<{ loaded_by: string }>(
      'SELECT loaded_by FROM dfe_benchmark_load WHERE loaded_at = $1',
      [new Date('2025-03-10T12:00:00Z')],
    );
    expect(rows).toEqual([{ loaded_by: school.member('admin').name }]);
  });

  it('answers a malformed file with each problem’s line and column, and loads nothing', async () => {
    const admin = await signedIn('admin');
    const before = await counts();
    const res = await admin.request(
      'POST',
      `${path}&publication=Pupil%20absence`,
      undefined,
      csv(withCell(7, 'enrolments', '-5')),
    );
    expect(res.status).toBe(200);
    expect(benchmarkUploadResponseSchema.parse(await res.json())).toEqual({
      loaded: false,
      problems: [
        {
          line: 7,
          column: 'enrolments (column 14)',
          message: "'-5' is not a whole number of 0 or more (or a DfE symbol such as x or c)",
        },
      ],
    });
    expect(await counts()).toEqual(before);
  });

  it('is for admins: the attendance lead and the office get 403', async () => {
    for (const handle of ['lead', 'office']) {
      const client = await signedIn(handle);
      const res = await client.request('POST', path, undefined, csv(published));
      expect(res.status, handle).toBe(403);
    }
  });
});
