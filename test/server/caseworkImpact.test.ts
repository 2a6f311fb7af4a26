/**
 * Did it work, and celebrating attendance, over HTTP on real registers. The figures are checked
 * against the domain's statistics of the very marks the test wrote, and against the reports'
 * certificate (its own SQL) for the same pupil and dates. The certificates' PDF is read back.
 */
import { PDFDocument } from 'pdf-lib';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { z } from 'zod';
import {
  absenceStatus,
  computeStats,
  localDate,
  openSessionsBetween,
  type LocalDate,
  type SessionPart,
  type StatEntry,
} from '../../src/domain/index';
import {
  bestClassResponseSchema,
  certificatesResponseSchema,
  pupilImpactResponseSchema,
  schoolImpactResponseSchema,
  type ImpactWindowWire,
} from '../../src/shared/api/caseworkImpactSchemas';
import { actionResponseSchema } from '../../src/shared/api/caseworkSchemas';
import { certificateResponseSchema } from '../../src/shared/api/reportSchemas';
import { configOf, markRegister } from './caseworkFixtures';
import { createTestApp, type TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createSyncSchool, morningClock, signedInDevice, type SyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
beforeAll(async () => {
  t = await openTestDatabase();
}, 60_000);
afterAll(() => t.close());

async function read<T>(client: TestClient, path: string, schema: z.ZodType<T>): Promise<T> {
  const res = await client.get(path);
  const json: unknown = await res.json();
  expect(res.status, `${path}: ${JSON.stringify(json)}`).toBe(200);
  return schema.parse(json);
}

async function pdfText(bytes: Uint8Array): Promise<string> {
  const parser = new PDFParse({ data: bytes.slice() });
  try {
    return (await parser.getText()).text.replace(/\s+/g, ' ');
  } finally {
    await parser.destroy();
  }
}

type CodeOn = (date: LocalDate, part: SessionPart) => string | undefined;

/** The entries `markRegister` writes, built the same way, for the domain to count. */
function expectedEntries(
  school: SyncSchool,
  pupilId: string,
  from: string,
  to: string,
  codeOn: CodeOn,
) {
  return openSessionsBetween(configOf(school), localDate(from), localDate(to), '3').map(
    (s): StatEntry => ({
      pupilId,
      date: s.date,
      part: s.part,
      code: codeOn(s.date, s.part) ?? '/',
    }),
  );
}

async function setUp(groups?: { name: string; yearGroup: '3' | '4' | 'N2'; pupils: number }[]) {
  const school = await createSyncSchool(t.db, groups === undefined ? {} : { groups });
  const { app, clock } = createTestApp(t.db, { clock: morningClock() });
  const lead = (await signedInDevice(app, school.member('lead'), { clock })).client;
  return { school, app, clock, lead };
}

/** An action recorded done on `doneOn` through the casework API. */
async function doneAction(lead: TestClient, pupil: string, kind: string, doneOn: string) {
  const added = await lead.post(`/api/casework/pupils/${pupil}/actions`, { kind, dueOn: doneOn });
  const { action } = actionResponseSchema.parse(await added.json());
  const res = await lead.request('PUT', `/api/casework/actions/${action.id}`, {
    status: 'done',
    doneOn,
  });
  expect(res.status).toBe(200);
  return action.id;
}

// Absent (unauthorised) on Mondays and Tuesdays: 4 of 10 sessions a week, 60 % attendance.
const poorlyBefore =
  (actionDay: string): CodeOn =>
  (date) => {
    const weekday = new Date(`${date}T12:00:00Z`).getUTCDay();
    return date < actionDay && (weekday === 1 || weekday === 2) ? 'O' : undefined;
  };

describe('did it work?', () => {
  it("gives each action's before and after, equal to the domain's statistics and the reports' certificate", async () => {
    const { school, lead } = await setUp();
    const pupil = school.pupil(0);
    const codeOn = poorlyBefore('2025-02-05');
    await markRegister(
      t.db,
      school,
      school.member('office'),
      pupil,
      '2025-01-06',
      '2025-03-03',
      codeOn,
    );
    const actionId = await doneAction(lead, pupil, 'meeting', '2025-02-05');

    const view = await read(
      lead,
      `/api/casework/pupils/${pupil}/impact?weeks=2`,
      pupilImpactResponseSchema,
    );
    expect(view).toMatchObject({ pupilId: pupil, weeks: 2, asOf: '2025-03-04' });
    expect(view.actions).toHaveLength(1);
    const impact = view.actions[0];
    if (impact === undefined) throw new Error('no impact');
    expect(impact).toMatchObject({ actionId, kind: 'meeting', doneOn: '2025-02-05' });
    // The week of 3 February holds the action; before it the weeks of 20 and 27 January; after
    // it 10 February and, past the half-term, 24 February.
    expect(impact.before.range).toEqual({ from: '2025-01-20', to: '2025-02-02' });
    expect(impact.after.range).toEqual({ from: '2025-02-10', to: '2025-03-02' });
    expect(impact).toMatchObject({ complete: true, change: 'better', changePoints: 40 });

    const entries = expectedEntries(school, pupil, '2025-01-06', '2025-03-03', codeOn);
    for (const window of [impact.before, impact.after]) {
      const range = window.range;
      if (range === null) throw new Error('no range');
      const domain = computeStats(entries, {
        from: localDate(range.from),
        to: localDate(range.to),
      });
      const report = await read(
        lead,
        `/api/reports/pupils/${pupil}/certificate?period=custom&from=${range.from}&to=${range.to}`,
        certificateResponseSchema,
      );
      for (const expected of [domain, report.stats]) {
        expect(window).toMatchObject<Partial<ImpactWindowWire>>({
          possible: expected.possible,
          attended: expected.attended,
          overallAbsence: expected.overallAbsence,
          attendancePercent: expected.attendancePercent,
        });
      }
      expect(window.persistent).toBe(report.status.persistent);
      expect(window.persistent).toBe(absenceStatus(domain, configOf(school).thresholds).persistent);
    }
    expect(impact.before).toMatchObject({ possible: 20, attended: 12, persistent: true });
    expect(impact.after).toMatchObject({ possible: 20, attended: 20, persistent: false });
  });

  it('counts pupils who moved out of persistent absence after each kind of action', async () => {
    const { school, lead } = await setUp();
    const office = school.member('office');
    const [better, same, fine, later] = [0, 1, 2, 3].map((i) => school.pupil(i));
    if (better === undefined || same === undefined || fine === undefined || later === undefined)
      throw new Error('pupils missing');
    await markRegister(
      t.db,
      school,
      office,
      better,
      '2025-01-06',
      '2025-03-03',
      poorlyBefore('2025-02-05'),
    );
    await markRegister(
      t.db,
      school,
      office,
      same,
      '2025-01-06',
      '2025-03-03',
      poorlyBefore('2025-12-31'),
    );
    await markRegister(t.db, school, office, fine, '2025-01-06', '2025-03-03');
    await markRegister(
      t.db,
      school,
      office,
      later,
      '2025-01-06',
      '2025-03-03',
      poorlyBefore('2025-12-31'),
    );
    await doneAction(lead, better, 'letter', '2025-02-05');
    await doneAction(lead, same, 'letter', '2025-02-05');
    await doneAction(lead, fine, 'meeting', '2025-02-05');
    // Done last week: the two school weeks after it have not passed.
    await doneAction(lead, later, 'letter', '2025-02-26');
    // Outside the period asked about.
    await doneAction(lead, fine, 'call', '2025-01-08');

    const result = await read(
      lead,
      '/api/casework/impact?from=2025-02-01&to=2025-03-31&weeks=2',
      schoolImpactResponseSchema,
    );
    expect(result).toMatchObject({
      from: '2025-02-01',
      to: '2025-03-04',
      weeks: 2,
      persistentAbsencePercent: 10,
    });
    expect(result.byKind).toEqual([
      {
        kind: 'letter',
        pupils: 3,
        persistentBefore: 3,
        movedOut: 1,
        stillPersistent: 1,
        tooSoon: 1,
      },
      {
        kind: 'meeting',
        pupils: 1,
        persistentBefore: 0,
        movedOut: 0,
        stillPersistent: 0,
        tooSoon: 0,
      },
      { kind: 'any', pupils: 4, persistentBefore: 3, movedOut: 1, stillPersistent: 1, tooSoon: 1 },
    ]);
    expect(result.outsideAgeRange).toEqual([
      { kind: 'any', pupils: 0, persistentBefore: 0, movedOut: 0, stillPersistent: 0, tooSoon: 0 },
    ]);
  });

  it('refuses a number of weeks it cannot measure and a period that ends before it starts', async () => {
    const { school, lead } = await setUp();
    const weeks = await lead.get(`/api/casework/pupils/${school.pupil(0)}/impact?weeks=0`);
    expect(weeks.status).toBe(400);
    const period = await lead.get('/api/casework/impact?from=2025-03-01&to=2025-02-01');
    expect(period.status).toBe(400);
    expect(JSON.stringify(await period.json())).toContain('must not be before from');
  });

  it('is for the attendance lead and admins only', async () => {
    const { school, app, clock } = await setUp();
    const teacher = (await signedInDevice(app, school.member('teacher'), { clock })).client;
    for (const path of [
      `/api/casework/pupils/${school.pupil(0)}/impact`,
      '/api/casework/impact?from=2025-01-01&to=2025-03-04',
      '/api/casework/celebrate/certificates?from=2025-01-06&to=2025-02-14',
      '/api/casework/celebrate/best-class?week=2025-02-24',
    ]) {
      expect((await teacher.get(path)).status, path).toBe(403);
    }
  });
});

describe('celebrating attendance', () => {
  // Spring 1: 6 January to 14 February 2025, 60 sessions.
  const SPRING_1 = 'from=2025-01-06&to=2025-02-14';

  async function celebrationSchool() {
    const set = await setUp();
    const { school } = set;
    const office = school.member('office');
    const [all, oneMissed, twoMissed, late] = [0, 1, 2, 3].map((i) => school.pupil(i));
    if (
      all === undefined ||
      oneMissed === undefined ||
      twoMissed === undefined ||
      late === undefined
    )
      throw new Error('pupils missing');
    await markRegister(t.db, school, office, all, '2025-01-06', '2025-02-14');
    await markRegister(t.db, school, office, oneMissed, '2025-01-06', '2025-02-14', (d, p) =>
      d === '2025-01-07' && p === 'AM' ? 'I' : undefined,
    );
    await markRegister(t.db, school, office, twoMissed, '2025-01-06', '2025-02-14', (d) =>
      d === '2025-01-07' ? 'I' : undefined,
    );
    await markRegister(t.db, school, office, late, '2025-01-06', '2025-02-14', (d, p) =>
      d === '2025-01-08' && p === 'AM' ? 'L' : undefined,
    );
    return { ...set, all, oneMissed, twoMissed, late };
  }

  it("awards each pupil the highest of the school's rates they reach (100 % and 98 % by default)", async () => {
    const { lead, all, oneMissed, late } = await celebrationSchool();
    const found = await read(
      lead,
      `/api/casework/celebrate/certificates?${SPRING_1}`,
      certificatesResponseSchema,
    );
    expect(found.percents).toEqual([100, 98]);
    expect(found.awards.map((a) => [a.pupil.id, a.level, a.attended, a.possible])).toEqual([
      [all, 100, 60, 60],
      [late, 100, 60, 60],
      [oneMissed, 98, 59, 60],
    ]);
    expect(found.awards[0]?.pupil).toMatchObject({
      displayName: 'Pupil1 Surname001',
      groupName: 'Year 3 — Foxes',
    });
  });

  it('makes one PDF with one page per pupil, its words read back from the file', async () => {
    const { school, lead } = await celebrationSchool();
    const res = await lead.get(`/api/casework/celebrate/certificates.pdf?${SPRING_1}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain(
      'attendance-certificates-2025-01-06-to-2025-02-14.pdf',
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(3);
    const text = await pdfText(bytes);
    expect(text).toContain(school.name);
    expect(text).toContain('Certificate of 100 % attendance');
    expect(text).toContain('Pupil1 Surname001');
    expect(text).toContain(
      'for attending every school session from 6 January 2025 to 14 February 2025',
    );
    expect(text).toContain('60 of 60 sessions attended (100.0 %)');
    expect(text).toContain('Certificate of 98 % attendance');
    expect(text).toContain('Pupil2 Surname002');
    expect(text).toContain('for attending at least 98 % of school sessions from 6 January 2025');
    expect(text).toContain('59 of 60 sessions attended (98.3 %)');
    expect(text).toContain('Presented on 4 March 2025');
    expect(text).not.toContain('Pupil3 Surname003');
  });

  it("follows the school's own rates, and says so when nobody reaches them", async () => {
    const { school, lead, all, oneMissed, twoMissed, late } = await celebrationSchool();
    await t.db.query(
      `UPDATE school SET config = jsonb_set(config, '{thresholds}', '{"certificatePercents": [95]}')
        WHERE id = $1`,
      [school.id],
    );
    const found = await read(
      lead,
      `/api/casework/celebrate/certificates?${SPRING_1}`,
      certificatesResponseSchema,
    );
    expect(found.percents).toEqual([95]);
    expect(found.awards.map((a) => [a.pupil.id, a.level])).toEqual([
      [all, 95],
      [oneMissed, 95],
      [twoMissed, 95],
      [late, 95],
    ]);

    const nursery = school.groups[1]?.id ?? '';
    const res = await lead.get(
      `/api/casework/celebrate/certificates.pdf?${SPRING_1}&groupId=${nursery}`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(1);
    expect(await pdfText(bytes)).toContain(
      'No pupil reached 95 % attendance from 6 January 2025 to 14 February 2025.',
    );
  });

  it('names the best class of the week, showing every class that ties, with the figures', async () => {
    const { school, lead } = await setUp([
      { name: 'Foxes', yearGroup: '3', pupils: 2 },
      { name: 'Owls', yearGroup: '3', pupils: 2 },
      { name: 'Hares', yearGroup: '4', pupils: 2 },
      { name: 'Nursery', yearGroup: 'N2', pupils: 1 },
    ]);
    const office = school.member('office');
    const [foxes, owls, hares] = school.groups;
    if (foxes === undefined || owls === undefined || hares === undefined) throw new Error('groups');
    for (const pupil of [...foxes.pupilIds, ...owls.pupilIds, ...hares.pupilIds]) {
      const ill = pupil === hares.pupilIds[0];
      await markRegister(t.db, school, office, pupil, '2025-02-24', '2025-03-02', (d, p) =>
        ill && d === '2025-02-25' && p === 'AM' ? 'I' : undefined,
      );
    }
    // A session the week after does not count.
    await markRegister(
      t.db,
      school,
      office,
      foxes.pupilIds[0] ?? '',
      '2025-03-03',
      '2025-03-03',
      () => 'O',
    );

    const week = await read(
      lead,
      '/api/casework/celebrate/best-class?week=2025-02-26',
      bestClassResponseSchema,
    );
    expect(week.week).toEqual({ from: '2025-02-24', to: '2025-03-02' });
    expect(
      week.best.map((c) => [c.group.name, c.rank, c.attended, c.possible, c.attendancePercent]),
    ).toEqual([
      ['Foxes', 1, 20, 20, 100],
      ['Owls', 1, 20, 20, 100],
    ]);
    expect(week.ranking.map((c) => [c.group.name, c.rank, c.attended, c.possible])).toEqual([
      ['Foxes', 1, 20, 20],
      ['Owls', 1, 20, 20],
      ['Hares', 3, 19, 20],
    ]);
    expect(week.unranked.map((g) => g.name)).toEqual(['Nursery']);
  });
});
