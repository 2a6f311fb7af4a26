/**
 * Governors (docs/governors.md): attendance targets proposed by the attendance lead and approved
 * by a governor, kept as history; the termly pack as JSON and as a PDF (its text extracted from
 * the file itself), with no pupil named in either; and what a governor may not do.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDate, openSessionsBetween, parseSchoolConfig } from '../../src/domain';
import type { StatEntry } from '../../src/domain';
import {
  governorPackResponseSchema,
  targetListResponseSchema,
  targetResponseSchema,
  type TargetRecord,
} from '../../src/shared/api/governorSchemas';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { pdfText } from './pdfText';
import { insertEntries } from './reportsFixtures';
import { createSyncSchool, morningClock, syncSchoolConfig, type SyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 180_000 });

let t: TestDatabase;
let school: SyncSchool;
let app: ReturnType<typeof createTestApp>['app'];
let lead: TestClient;
let governor: TestClient;
let pupilNames: string[];

/** Every pupil present at every session of Spring 1 and Spring 2 so far, but two often ill. */
async function markTerms(): Promise<void> {
  const parsed = parseSchoolConfig(syncSchoolConfig(school.id, school.name));
  if (!parsed.ok) throw new Error('test school config');
  const sessions = openSessionsBetween(
    parsed.value,
    localDate('2025-01-06'),
    localDate('2025-03-03'),
    '3',
  );
  const entries: StatEntry[] = [];
  const [foxes] = school.groups;
  for (const [i, pupilId] of (foxes?.pupilIds ?? []).entries()) {
    for (const s of sessions) {
      const weekday = new Date(`${s.date}T12:00:00Z`).getUTCDay();
      const ill = i < 2 && (weekday === 1 || weekday === 2);
      entries.push({
        pupilId,
        date: s.date,
        part: s.part,
        code: ill ? 'I' : '/',
        minutesLate: null,
      });
    }
  }
  await insertEntries(t.db, school.id, school.member('office').id, entries);
  // Ten girls, the two often ill among them; those two also have free school meals (a group
  // smaller than the default minimum of 6, so the pack never shows its figures).
  const spans = [
    ...(foxes?.pupilIds ?? []).slice(0, 10).map((id) => [id, 'sex', 'female']),
    ...(foxes?.pupilIds ?? []).slice(0, 2).map((id) => [id, 'fsm', 'yes']),
  ];
  for (const [pupilId, key, value] of spans)
    await t.db.query(
      `INSERT INTO pupil_characteristic (school_id, pupil_id, key, value, from_date)
       VALUES ($1, $2, $3, $4, '2024-09-01')`,
      [school.id, pupilId, key, value],
    );
}

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    staff: {
      teacher: ['teacher'],
      office: ['office'],
      lead: ['attendance_lead'],
      admin: ['admin'],
      governor: ['governor'],
      governor2: ['governor'],
    },
  });
  await markTerms();
  app = createTestApp(t.db, { clock: morningClock() }).app;
  lead = new TestClient(app);
  await lead.signIn(school.member('lead'));
  governor = new TestClient(app);
  await governor.signIn(school.member('governor'));
  const { rows } = await t.db.query<{ legal_forename: string; legal_surname: string }>(
    'SELECT legal_forename, legal_surname FROM pupil WHERE school_id = $1',
    [school.id],
  );
  pupilNames = rows.flatMap((r) => [r.legal_forename, r.legal_surname]);
}, 180_000);
afterAll(() => t.close());

async function propose(body: Record<string, unknown>): Promise<TargetRecord> {
  const res = await lead.post('/api/targets', body);
  expect(res.status, await res.clone().text()).toBe(201);
  return targetResponseSchema.parse(await res.json()).target;
}

async function decide(client: TestClient, id: string, decision: string, note?: string) {
  return client.post(`/api/targets/${id}/decision`, { decision, ...(note ? { note } : {}) });
}

async function listFor(year: number): Promise<TargetRecord[]> {
  const res = await governor.get(`/api/targets?year=${year}`);
  expect(res.status).toBe(200);
  return targetListResponseSchema.parse(await res.json()).targets;
}

describe('the governor role', () => {
  it('is given by an admin like any other role', async () => {
    const admin = new TestClient(app);
    await admin.signIn(school.member('admin'));
    const res = await admin.post('/api/admin/staff', {
      name: 'Grace Governor',
      email: 'grace.governor@school.example',
      roles: ['governor'],
    });
    expect(res.status).toBe(201);
    const list = (await (await admin.get('/api/admin/staff')).json()) as {
      staff: { email: string; roles: string[] }[];
    };
    expect(list.staff.find((s) => s.email === 'grace.governor@school.example')?.roles).toEqual([
      'governor',
    ]);
  });
});

describe('targets', () => {
  it('are proposed by the lead, approved by a governor (who, role, when), and kept as history', async () => {
    const first = await propose({ year: 2024, attendancePercent: 96, persistentPercent: 12 });
    expect(first).toMatchObject({
      status: 'proposed',
      inForce: false,
      group: null,
      groupLabel: 'Whole school',
      yearLabel: '2024–25',
      proposedBy: { name: school.member('lead').name, role: 'attendance_lead' },
      decision: null,
    });

    const approved = await decide(governor, first.id, 'approved', 'Agreed at the March meeting.');
    expect(approved.status).toBe(200);
    const record = targetResponseSchema.parse(await approved.json()).target;
    expect(record).toMatchObject({
      status: 'approved',
      inForce: true,
      decision: {
        decidedBy: { name: school.member('governor').name, role: 'governor' },
        note: 'Agreed at the March meeting.',
        decidedAt: '2025-03-04T08:50:00.000Z',
      },
    });

    // A decision is made once: a second governor cannot overwrite it.
    const again = await decide(new TestClient(app), first.id, 'declined');
    expect(again.status).toBe(401);
    const second = new TestClient(app);
    await second.signIn(school.member('governor2'));
    const overwrite = await decide(second, first.id, 'declined');
    expect(overwrite.status).toBe(409);
    expect(((await overwrite.json()) as { reason: string }).reason).toBe('changed_since');

    // A new proposal waits; the approved one stays in force until the new one is approved.
    const raised = await propose({ year: 2024, attendancePercent: 96.5, persistentPercent: 11 });
    let list = await listFor(2024);
    expect(list.map((x) => [x.id, x.status, x.inForce])).toEqual([
      [raised.id, 'proposed', false],
      [first.id, 'approved', true],
    ]);
    expect((await decide(second, raised.id, 'approved')).status).toBe(200);
    list = await listFor(2024);
    expect(list.map((x) => [x.id, x.status, x.inForce])).toEqual([
      [raised.id, 'approved', true],
      [first.id, 'approved', false],
    ]);
    expect(list[1]?.decision?.note).toBe('Agreed at the March meeting.');

    // History is never overwritten, even by SQL.
    await expect(
      t.db.query('UPDATE attendance_target SET attendance_percent = 50 WHERE id = $1', [first.id]),
    ).rejects.toThrow(/append-only/);
    await expect(
      t.db.query('DELETE FROM attendance_target_decision WHERE target_id = $1', [first.id]),
    ).rejects.toThrow(/append-only/);
  });

  it('are set for a group of pupils, and a sent-back one is never in force', async () => {
    const target = await propose({
      year: 2024,
      group: 'sen:ehcPlan',
      attendancePercent: 92,
      persistentPercent: 25,
      note: 'Pupils with an EHC plan',
    });
    expect(target.group).toEqual({
      key: 'sen',
      value: 'ehcPlan',
      label: 'SEN provision: EHC plan',
    });
    expect((await decide(governor, target.id, 'declined', 'Too low.')).status).toBe(200);
    const found = (await listFor(2024)).find((x) => x.id === target.id);
    expect(found).toMatchObject({ status: 'declined', inForce: false });
  });

  it.each([
    [{ year: 2024, attendancePercent: 101, persistentPercent: 10 }, 'attendancePercent'],
    [{ year: 2024, attendancePercent: 95.555, persistentPercent: 10 }, 'attendancePercent'],
    [{ year: 2024, attendancePercent: 95, persistentPercent: -1 }, 'persistentPercent'],
    [{ year: 2024, group: 'sen:bogus', attendancePercent: 95, persistentPercent: 10 }, 'group'],
    [{ attendancePercent: 95, persistentPercent: 10 }, 'year'],
  ])('a proposal %j is refused, naming %s', async (body, field) => {
    const res = await lead.post('/api/targets', body);
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { details: { issues: { path: string }[] } };
    expect(problem.details.issues.map((i) => i.path)).toContain(field);
  });

  it('only a governor decides, and only the lead or an admin proposes', async () => {
    const target = await propose({ year: 2024, attendancePercent: 97, persistentPercent: 9 });
    expect((await decide(lead, target.id, 'approved')).status).toBe(403);
    const proposal = { year: 2024, attendancePercent: 90, persistentPercent: 20 };
    expect((await governor.post('/api/targets', proposal)).status).toBe(403);
    const teacher = new TestClient(app);
    await teacher.signIn(school.member('teacher'));
    expect((await teacher.post('/api/targets', proposal)).status).toBe(403);
    expect((await teacher.get('/api/targets')).status).toBe(403);
    expect(
      (await decide(governor, '00000000-0000-4000-8000-000000000000', 'approved')).status,
    ).toBe(404);
  });

  it("are the school's own: another school's governor sees none of them and cannot decide", async () => {
    const other = await createSyncSchool(t.db, { staff: { governor: ['governor'] } });
    const outsider = new TestClient(app);
    await outsider.signIn(other.member('governor'));
    const target = await propose({ year: 2024, attendancePercent: 97, persistentPercent: 9 });
    const res = await outsider.get('/api/targets?year=2024');
    expect(targetListResponseSchema.parse(await res.json()).targets).toEqual([]);
    expect((await decide(outsider, target.id, 'approved')).status).toBe(404);
  });
});

describe("the governors' pack", () => {
  it('has the figures, trends and targets of the current term, and names no pupil', async () => {
    const res = await governor.get('/api/governors/pack');
    expect(res.status).toBe(200);
    const text = await res.text();
    const pack = governorPackResponseSchema.parse(JSON.parse(text));
    expect(pack.term).toMatchObject({ name: 'Spring 2', from: '2025-02-24', to: '2025-03-04' });
    expect(pack.terms.map((x) => x.name)).toContain('Spring 1');

    // 30 pupils aged 5 to 15, 6 school days of Spring 2 marked (24 February to 3 March).
    expect(pack.figures.stats.possible).toBe(30 * 12);
    expect(pack.figures.cohort.pupils).toBe(30);
    // Two pupils ill on Mondays and Tuesdays: 4 of 12 sessions, persistent.
    expect(pack.figures.cohort.persistent).toBe(2);
    expect(pack.figures.stats.authorised).toBe(2 * 6);

    // Week by week against the whole school's target in force (96.5 %, persistent ≤ 11 %).
    expect(pack.trends.weeks.map((w) => w.weekStart)).toEqual(['2025-02-24', '2025-03-03']);
    const [week1, week2] = pack.trends.weeks;
    // Week 1: 292 of 300 (97.3 %); week 2, one Monday: 56 of 60 (93.3 %).
    expect(week1?.week.possible).toBe(30 * 10);
    expect(week1?.attendance).toBe('met');
    expect(week2?.week.possible).toBe(30 * 2);
    expect(week2?.attendance).toBe('below');
    // Persistent absence so far this school year: 2 of 30 pupils (6.7 %).
    expect([week2?.persistent, week2?.pupils, week2?.persistence]).toEqual([2, 30, 'met']);
    // The weeks add up to the term's figure.
    expect(pack.trends.weeks.reduce((n, w) => n + w.week.possible, 0)).toBe(
      pack.figures.stats.possible,
    );
    // Term on term: this school year's terms so far.
    expect(pack.trends.terms.map((x) => x.name)).toEqual([
      'Autumn 1',
      'Autumn 2',
      'Spring 1',
      'Spring 2',
    ]);
    expect(pack.trends.terms[2]?.figures.stats.possible).toBeGreaterThan(0);

    const inForce = pack.targets.inForce.map((x) => [
      x.target.groupLabel,
      x.target.attendancePercent,
    ]);
    expect(inForce).toEqual([['Whole school', 96.5]]);
    // The term: 348 of 360 (96.7 %).
    expect(pack.targets.inForce[0]?.attendance).toBe('met');
    expect(pack.targets.waiting).toBeGreaterThan(0);

    // Groups: the girls' figures (both ill pupils among them: 12 of 120 sessions authorised);
    // the two pupils with free school meals too few to show.
    const row = (label: string) => pack.groups.rows.find((r) => r.group.label === label);
    expect(pack.groups.smallGroupMinimum).toBe(6);
    expect(row('Sex: Female')?.suppressed).toBe(false);
    expect(row('Sex: Female')?.figures?.cohort.pupils).toBe(10);
    expect(row('Sex: Female')?.figures?.stats.possible).toBe(10 * 12);
    expect(row('Sex: Female')?.figures?.stats.authorised).toBe(2 * 6);
    expect(row('Free school meals: Yes')).toMatchObject({ suppressed: true, figures: null });
    expect(pack.benchmarks.notes.length + pack.benchmarks.rows.length).toBeGreaterThan(0);

    for (const name of pupilNames) expect(text).not.toContain(name);
  });

  it('is for a chosen term, and refuses a day no term starts on', async () => {
    const res = await governor.get('/api/governors/pack?term=2025-01-06');
    const pack = governorPackResponseSchema.parse(await res.json());
    expect(pack.term).toMatchObject({ name: 'Spring 1', from: '2025-01-06', to: '2025-02-14' });
    expect(pack.trends.weeks).toHaveLength(6);
    const wrong = await governor.get('/api/governors/pack?term=2025-01-07');
    expect(wrong.status).toBe(400);
    const future = await governor.get('/api/governors/pack?term=2025-04-22');
    expect(future.status).toBe(400);
  });

  it('downloads as a PDF with the same figures and no pupil name', async () => {
    const res = await governor.get('/api/governors/pack.pdf');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('governors-pack-2025-02-24.pdf');
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain(school.name);
    expect(text).toContain('Spring 2');
    expect(text).toContain('of 360 possible sessions');
    expect(text).toContain('Whole school: attendance 96.5 %');
    expect(text).toContain(`approved by ${school.member('governor2').name} (governor)`);
    for (const name of pupilNames) expect(text).not.toContain(name);
  });

  it("tracks a group's target week by week, counting only the group's pupils, and never a small group's", async () => {
    for (const group of ['sex:female', 'fsm:yes']) {
      const target = await propose({
        year: 2024,
        group,
        attendancePercent: 90,
        persistentPercent: 25,
      });
      expect((await decide(governor, target.id, 'approved')).status).toBe(200);
    }
    const res = await governor.get('/api/governors/pack');
    expect(res.status).toBe(200);
    const text = await res.text();
    const pack = governorPackResponseSchema.parse(JSON.parse(text));
    const tracked = (label: string) =>
      pack.targets.inForce.find((x) => x.target.groupLabel === label);

    // The whole school's target is tracked by the pack's own weeks.
    expect(tracked('Whole school')?.weeks).toEqual(pack.trends.weeks);

    // The ten girls, by hand: week 1, 10 × 10 sessions with the two ill pupils each missing
    // Monday and Tuesday (4 sessions): 92 of 100 (92 %, met against 90 %); week 2, one Monday:
    // 16 of 20 (80 %, below). Persistent absence so far: the two ill pupils of ten (20 %, at or
    // under 25 %).
    const girls = tracked('Sex: Female')?.weeks ?? [];
    expect(
      girls.map((w) => [
        w.weekStart,
        w.week.possible,
        w.week.attended,
        w.week.authorised,
        w.attendance,
        w.persistent,
        w.pupils,
        w.persistence,
      ]),
    ).toEqual([
      ['2025-02-24', 100, 92, 8, 'met', 2, 10, 'met'],
      ['2025-03-03', 20, 16, 4, 'below', 2, 10, 'met'],
    ]);
    // The weeks add up to the group's term figure.
    expect(girls.reduce((n, w) => n + w.week.possible, 0)).toBe(
      tracked('Sex: Female')?.figures?.stats.possible,
    );
    // Only the girls' days are counted: the year so far holds Spring 1 too (6 weeks of 10
    // sessions and the week of 24 February), never a boy's session.
    expect(girls[1]?.toDate.possible).toBe(10 * (6 * 10 + 10 + 2));

    // Two pupils with free school meals: fewer than the minimum, so no figures and no weeks.
    expect(tracked('Free school meals: Yes')).toMatchObject({
      figures: null,
      weeks: null,
      attendance: null,
    });

    const pdf = await pdfText(
      new Uint8Array(await (await governor.get('/api/governors/pack.pdf')).arrayBuffer()),
    );
    expect(pdf).toContain('Week by week: Sex: Female');
    expect(pdf).toContain('attendance 92.0 % of 100 sessions (met)');
    expect(pdf).toContain('attendance 80.0 % of 20 sessions (below target)');
    expect(pdf).toContain('Week by week: Free school meals: Yes');
    expect(pdf).toContain('Fewer than 6 pupils, not shown');
    for (const name of pupilNames) {
      expect(text).not.toContain(name);
      expect(pdf).not.toContain(name);
    }
  });

  it("counts a pupil in a group's weeks only from the day they joined it", async () => {
    // Young carers: six pupils never absent, all year; and one of the two often ill from
    // Wednesday 26 February, so their Monday and Tuesday of that week are not the group's.
    const [foxes] = school.groups;
    const ids = foxes?.pupilIds ?? [];
    const spans: [string | undefined, string][] = [
      ...ids.slice(2, 8).map((id): [string | undefined, string] => [id, '2024-09-01']),
      [ids[0], '2025-02-26'],
    ];
    for (const [pupilId, from] of spans)
      await t.db.query(
        `INSERT INTO pupil_characteristic (school_id, pupil_id, key, value, from_date)
         VALUES ($1, $2, 'youngCarer', 'yes', $3)`,
        [school.id, pupilId, from],
      );
    const target = await propose({
      year: 2024,
      group: 'youngCarer:yes',
      attendancePercent: 90,
      persistentPercent: 10,
    });
    expect((await decide(governor, target.id, 'approved')).status).toBe(200);
    const pack = governorPackResponseSchema.parse(
      await (await governor.get('/api/governors/pack')).json(),
    );
    const tracked = pack.targets.inForce.find((x) => x.target.id === target.id);

    // By hand: week 1, six pupils × 10 sessions and the joiner's Wednesday to Friday (6), all
    // present: 66 of 66. Week 2, one Monday: 7 × 2 sessions, the joiner ill at both: 12 of 14.
    // The joiner's absence so far is 2 of their 8 sessions in the group (25 %): persistent from
    // week 2, 1 of 7 pupils (14.3 %, above 10 %).
    expect(
      tracked?.weeks?.map((w) => [
        w.weekStart,
        w.week.possible,
        w.week.attended,
        w.persistent,
        w.pupils,
        w.attendance,
        w.persistence,
      ]),
    ).toEqual([
      ['2025-02-24', 66, 66, 0, 7, 'met', 'met'],
      ['2025-03-03', 14, 12, 1, 7, 'below', 'above'],
    ]);
    expect(tracked?.figures?.stats.possible).toBe(66 + 14);
    // The year so far: the six pupils' Spring 1 (60 sessions each) and this term's 12; the
    // joiner's 8.
    expect(tracked?.weeks?.[1]?.toDate.possible).toBe(6 * (60 + 12) + 8);
  });

  it('is seen by the attendance lead too, and by no teacher or office', async () => {
    expect((await lead.get('/api/governors/pack')).status).toBe(200);
    for (const handle of ['teacher', 'office']) {
      const client = new TestClient(app);
      await client.signIn(school.member(handle));
      expect((await client.get('/api/governors/pack')).status).toBe(403);
      expect((await client.get('/api/governors/pack.pdf')).status).toBe(403);
    }
  });
});
