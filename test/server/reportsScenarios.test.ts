/**
 * The report scenarios through the API: the persistent-absence boundary on realistic denominators,
 * the penalty-notice window across a half-term holiday, the duties to the local authority
 * (seed 004), time missed as parents are told it (seed 002), CSV, and who may see what.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDate, openSessionsBetween, parseSchoolConfig } from '../../src/domain';
import type { SchoolConfig, StatEntry } from '../../src/domain';
import { marksInWeek } from '../../src/domain/stats/statEntries.fixture';
import { routePath } from '../../src/shared/api/routes';
import {
  absenceListResponseSchema,
  absenceMappingResponseSchema,
  certificateResponseSchema,
  dutyAlertsResponseSchema,
  latenessResponseSchema,
  penaltyNoticeResponseSchema,
  summaryResponseSchema,
} from '../../src/shared/api/reportSchemas';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { addRole, createTestApp, TestClient } from './fixtures';
import { insertEntries, setFlags } from './reportsFixtures';
import { createSyncSchool, morningClock, syncSchoolConfig } from './syncFixtures';
import type { SyncSchool } from './syncFixtures';
import * as reportApi from '../../src/shared/api/endpoints/reportEndpoints';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let t: TestDatabase;
let school: SyncSchool;
let config: SchoolConfig;
let app: ReturnType<typeof createTestApp>['app'];
let seq = 1;
const clients = new Map<string, TestClient>();

/** The first `n` open sessions of the school year for the pupils of Year 3. */
function openSessions(n: number) {
  const sessions = openSessionsBetween(
    config,
    localDate('2024-09-01'),
    localDate('2025-07-31'),
    '3',
  );
  if (sessions.length < n) throw new Error(`only ${sessions.length} open sessions`);
  return sessions.slice(0, n);
}

async function addEntries(entries: readonly StatEntry[]): Promise<void> {
  await insertEntries(t.db, school.id, school.member('lead').id, entries, seq);
  seq += entries.length;
}

/** A pupil's register: `codes[i]` on the i-th open session. */
const register = (pupilId: string, codes: readonly string[]): StatEntry[] =>
  openSessions(codes.length).map((s, i) => ({
    pupilId,
    date: s.date,
    part: s.part,
    code: codes[i] ?? '/',
  }));

const repeat = (code: string, n: number): string[] => Array.from({ length: n }, () => code);

async function as(handle: string): Promise<TestClient> {
  const existing = clients.get(handle);
  if (existing !== undefined) return existing;
  const client = new TestClient(app);
  await client.signIn(school.member(handle), { schoolId: school.id });
  clients.set(handle, client);
  return client;
}

async function getJson(handle: string, path: string): Promise<{ status: number; body: unknown }> {
  const res = await (await as(handle)).get(path);
  return { status: res.status, body: await res.json() };
}

const YEAR = 'period=custom&from=2024-09-01&to=2025-07-22&asOf=2025-07-22';
const pupil = (i: number): string => school.pupilIds[i] ?? '';

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    groups: [
      { name: 'Year 3 — Foxes', yearGroup: '3', pupils: 12 },
      { name: 'Year 4 — Owls', yearGroup: '4', pupils: 3 },
    ],
  });
  const parsed = parseSchoolConfig(syncSchoolConfig(school.id, school.name));
  if (!parsed.ok) throw new Error('test config');
  config = parsed.value;
  ({ app } = createTestApp(t.db, { clock: morningClock('2025-07-22T09:00:00Z') }));
  // The teacher takes the Foxes' register, not the Owls'.
  await t.db.query('INSERT INTO staff_group (staff_id, group_id) VALUES ($1, $2)', [
    school.member('teacher').id,
    school.groups[0]?.id,
  ]);

  // Pupil 0: exactly 90.0% over 200 possible sessions (20 absences): persistent.
  await addEntries(
    register(pupil(0), [...repeat('I', 12), ...repeat('O', 8), ...repeat('/', 180)]),
  );
  // Pupil 1: 90.5% (19 of 200): not persistent.
  await addEntries(
    register(pupil(1), [...repeat('I', 11), ...repeat('O', 8), ...repeat('/', 181)]),
  );
  // Pupil 2: 10 G/O/U sessions, one a week, in the 10 school weeks from 6 January to 17 March
  // 2025: 11 calendar weeks, as the February half-term holiday (17 February) is not a school week.
  // Pupil 3: 10 sessions over 11 school weeks (6 January to 24 March, none in the week of 17 March).
  const firmWeeks = (pupilId: string, mondays: readonly string[]) =>
    mondays.flatMap((monday, i) =>
      marksInWeek(config, monday, [['G', 'O', 'U'][i % 3] ?? 'O'], { pupilId, yearGroup: '3' }),
    );
  const nineWeeks = [
    '2025-01-06',
    '2025-01-13',
    '2025-01-20',
    '2025-01-27',
    '2025-02-03',
    '2025-02-10',
    '2025-02-24',
    '2025-03-03',
    '2025-03-10',
  ];
  await addEntries(firmWeeks(pupil(2), [...nineWeeks, '2025-03-17']));
  await addEntries(firmWeeks(pupil(3), [...nineWeeks, '2025-03-24']));
  // Pupil 4: 20 sessions (10 school days) of unauthorised absence, not consecutive.
  await addEntries(
    register(
      pupil(4),
      repeat('/', 40).map((c, i) => (i % 2 === 0 ? 'O' : c)),
    ),
  );
  // Pupil 5: 19 unauthorised sessions: no duty yet.
  await addEntries(
    register(
      pupil(5),
      repeat('/', 38)
        .map((c, i) => (i % 2 === 0 ? 'N' : c))
        .slice(0, 37),
    ),
  );
  // Pupil 6: 30 sessions (15 days) of illness, not consecutive: the sickness return.
  await addEntries(
    register(
      pupil(6),
      repeat('/', 60).map((c, i) => (i % 2 === 0 ? 'I' : c)),
    ),
  );
  // Pupil 7: 29 sessions of illness.
  await addEntries(
    register(
      pupil(7),
      repeat('/', 58)
        .map((c, i) => (i % 2 === 0 ? 'I' : c))
        .slice(0, 57),
    ),
  );
  // Pupils 8 and 9 truant together 12 times; pupil 10 is off on different days.
  const together = (i: number) => (i % 9 === 0 && i < 108 ? 'O' : '/');
  await addEntries(
    register(
      pupil(8),
      Array.from({ length: 200 }, (_, i) => together(i)),
    ),
  );
  await addEntries(
    register(
      pupil(9),
      Array.from({ length: 200 }, (_, i) => together(i)),
    ),
  );
  await addEntries(
    register(
      pupil(10),
      Array.from({ length: 200 }, (_, i) => (i % 9 === 4 && i < 108 ? 'O' : '/')),
    ),
  );
  // Pupil 11: late four times (the letter), with minutes.
  await addEntries(
    register(pupil(11), ['L', 'L', 'U', 'L', ...repeat('/', 16)]).map((e) => ({
      ...e,
      minutesLate: e.code === 'L' ? 10 : e.code === 'U' ? 40 : null,
    })),
  );
  // An Owl (another group) with persistent absence, flagged FSM.
  await addEntries(register(pupil(12), [...repeat('O', 30), ...repeat('/', 70)]));
  await setFlags(t.db, pupil(12), { fsm: true });
  // Another Owl: present for 100 sessions, then absent for 20 (the band-fall scenario).
  await addEntries(register(pupil(13), [...repeat('/', 100), ...repeat('O', 20)]));
}, 120_000);
afterAll(() => t.close());

describe('persistent and severe absence', () => {
  it('counts exactly 90.0% attendance as persistent absence and 90.5% as not', async () => {
    const { status, body } = await getJson('lead', `${reportApi.absence.path}?${YEAR}&level=all`);
    expect(status).toBe(200);
    const list = absenceListResponseSchema.parse(body);
    const row = (id: string) => list.rows.find((r) => r.pupil.id === id);
    expect(row(pupil(0))).toMatchObject({
      possible: 200,
      overallAbsence: 20,
      attendancePercent: 90,
      status: { persistent: true, severe: false },
    });
    expect(row(pupil(1))).toMatchObject({
      possible: 200,
      overallAbsence: 19,
      attendancePercent: 90.5,
      status: { persistent: false, severe: false },
    });
    const persistent = absenceListResponseSchema.parse(
      (await getJson('lead', `${reportApi.absence.path}?${YEAR}`)).body,
    );
    expect(persistent.rows.map((r) => r.pupil.id)).toContain(pupil(0));
    expect(persistent.rows.map((r) => r.pupil.id)).not.toContain(pupil(1));
  });

  it('filters by the server-side flags and by group', async () => {
    const fsm = absenceListResponseSchema.parse(
      (await getJson('lead', `${reportApi.absence.path}?${YEAR}&level=all&fsm=true`)).body,
    );
    expect(fsm.rows.map((r) => r.pupil.id)).toEqual([pupil(12)]);
    expect(fsm.rows[0]?.flags.fsm).toBe(true);
    const owls = absenceListResponseSchema.parse(
      (
        await getJson(
          'lead',
          `${reportApi.absence.path}?${YEAR}&level=all&groupId=${school.groups[1]?.id}`,
        )
      ).body,
    );
    expect(owls.rows.map((r) => r.pupil.id)).toContain(pupil(12));
    expect(owls.rows.every((r) => r.pupil.groupName === 'Year 4 — Owls')).toBe(true);
  });

  it('gives a teacher only the pupils of their own groups', async () => {
    const { body } = await getJson('teacher', `${reportApi.absence.path}?${YEAR}&level=all`);
    const ids = absenceListResponseSchema.parse(body).rows.map((r) => r.pupil.id);
    expect(ids).toContain(pupil(0));
    expect(ids).not.toContain(pupil(12));
  });

  it('exports the list as CSV', async () => {
    const res = await (await as('lead')).get(`${reportApi.absence.path}?${YEAR}&format=csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
    const [header, ...lines] = (await res.text()).split('\r\n');
    expect(header).toContain('Possible sessions');
    expect(header).toContain('Absence %');
    expect(lines.some((l) => l.includes('200') && l.includes('10.0'))).toBe(true);
  });
});

describe('penalty-notice threshold', () => {
  it('is met by 10 G/O/U sessions within 10 school weeks spanning the half-term holiday, and not over 11', async () => {
    const { status, body } = await getJson('lead', `${reportApi.penaltyNotices.path}?${YEAR}`);
    expect(status).toBe(200);
    const list = penaltyNoticeResponseSchema.parse(body);
    const met = list.rows.find((r) => r.pupil.id === pupil(2));
    expect(met).toMatchObject({
      status: 'met',
      window: { fromWeek: '2025-01-06', toWeek: '2025-03-17' },
    });
    expect(met?.firmSessions).toHaveLength(10);
    expect(list.rows.find((r) => r.pupil.id === pupil(3))).toBeUndefined();
    expect(list.threshold).toEqual({ sessions: 10, schoolWeeks: 10 });
  });
});

describe('duty alerts (seed 004)', () => {
  it('tells the lead to inform the LA at 20 unauthorised sessions and to make the sickness return at 30 of illness', async () => {
    const { status, body } = await getJson('lead', `${reportApi.dutyAlerts.path}?${YEAR}`);
    expect(status).toBe(200);
    const { alerts } = dutyAlertsResponseSchema.parse(body);
    const kindsOf = (id: string) => alerts.filter((a) => a.pupil.id === id).map((a) => a.kind);
    expect(kindsOf(pupil(4))).toContain('la-unauthorised');
    expect(kindsOf(pupil(5))).not.toContain('la-unauthorised');
    expect(kindsOf(pupil(6))).toContain('la-sickness');
    expect(kindsOf(pupil(7))).not.toContain('la-sickness');
    expect(
      alerts.find((a) => a.pupil.id === pupil(4) && a.kind === 'la-unauthorised'),
    ).toMatchObject({
      sessions: 20,
      thresholdSessions: 20,
    });
  });

  it('reports a fall through a band since the review day given', async () => {
    // Pupil 13 had no absence by the review (the 101st session); 20 of 120 (16.7%) now.
    const reviewedOn = openSessions(101)[100]?.date ?? '';
    const { body } = await getJson(
      'lead',
      `${reportApi.dutyAlerts.path}?${YEAR}&reviewedOn=${reviewedOn}`,
    );
    const alerts = dutyAlertsResponseSchema.parse(body);
    expect(alerts.reviewedOn).toBe(reviewedOn);
    const fall = alerts.alerts.find((a) => a.kind === 'band-fall' && a.pupil.id === pupil(13));
    expect(fall).toMatchObject({ absencePercentAtReview: 0, bandAtReview: null });
    expect(fall?.bandNow).not.toBeNull();
    // Pupil 0 was absent on every session before the review and is at 10% now: no fall.
    expect(alerts.alerts.some((a) => a.kind === 'band-fall' && a.pupil.id === pupil(0))).toBe(
      false,
    );
  });
});

describe('pupil certificate', () => {
  it('gives the figures, time missed in days and school weeks, and the week strip', async () => {
    const { status, body } = await getJson(
      'lead',
      `${routePath(reportApi.certificate.path, { pupilId: pupil(1) })}?${YEAR}`,
    );
    expect(status).toBe(200);
    const cert = certificateResponseSchema.parse(body);
    expect(cert.stats).toMatchObject({ possible: 200, authorised: 11, unauthorised: 8 });
    expect(cert.absenceByReason.map((r) => [r.code, r.sessions])).toEqual([
      ['I', 11],
      ['O', 8],
    ]);
    expect(cert.timeMissed.text).toMatch(/^9\.5 days \(/);
    expect(cert.timeMissed.phrase).toMatch(/^9\.5 days .* — almost two school weeks$/);
    const marked = cert.weeks
      .flatMap((w) => w.days)
      .flatMap((d) => [d.AM, d.PM])
      .filter((s) => s.code !== null);
    expect(marked).toHaveLength(200);
    expect(cert.weeks.every((w) => w.days.length <= 5)).toBe(true);
  });

  it('counts lates before and after the close with their minutes', async () => {
    const { body } = await getJson(
      'office',
      `${routePath(reportApi.certificate.path, { pupilId: pupil(11) })}?${YEAR}`,
    );
    expect(certificateResponseSchema.parse(body).stats).toMatchObject({
      lateBeforeClose: 3,
      minutesLateBeforeClose: 30,
      lateAfterClose: 1,
      minutesLateAfterClose: 40,
    });
  });

  it('is not found for a teacher asking about a pupil outside their groups, or for another school', async () => {
    const other = await getJson(
      'teacher',
      routePath(reportApi.certificate.path, { pupilId: pupil(12) }),
    );
    expect(other.status).toBe(404);
    const own = await getJson(
      'teacher',
      routePath(reportApi.certificate.path, { pupilId: pupil(0) }),
    );
    expect(own.status).toBe(200);
    const unknown = await getJson(
      'lead',
      routePath(reportApi.certificate.path, { pupilId: randomUUID() }),
    );
    expect(unknown.status).toBe(404);
  });
});

describe('lateness', () => {
  it('lists lates against the letter threshold', async () => {
    const { body } = await getJson('office', `${reportApi.lateness.path}?${YEAR}`);
    const list = latenessResponseSchema.parse(body);
    expect(list.rows.find((r) => r.pupil.id === pupil(11))).toMatchObject({
      lates: 4,
      lateBeforeClose: 3,
      lateAfterClose: 1,
      letterDue: true,
    });
    expect(list.policy.letterCount).toBe(4);
  });
});

describe('absence mapping', () => {
  it('finds the pupil absent on the same sessions, and not the one absent as often on other days', async () => {
    const { status, body } = await getJson(
      'lead',
      `${routePath(reportApi.absenceMapping.path, { pupilId: pupil(8) })}?${YEAR}`,
    );
    expect(status).toBe(200);
    const mapping = absenceMappingResponseSchema.parse(body);
    expect(mapping.absentSessions).toBe(12);
    expect(mapping.rows[0]).toMatchObject({
      pupil: { id: pupil(9) },
      absentTogether: 12,
      significant: true,
    });
    expect(mapping.rows.find((r) => r.pupil.id === pupil(10))).toBeUndefined();
  });
});

describe('summaries', () => {
  it('sums the school, by session part, weekday and week, against the target', async () => {
    const { status, body } = await getJson(
      'lead',
      `${reportApi.summary.path}?scope=school&${YEAR}`,
    );
    expect(status).toBe(200);
    const summary = summaryResponseSchema.parse(body);
    const sum = (rows: { stats: { possible: number } }[]) =>
      rows.reduce((n, r) => n + r.stats.possible, 0);
    // The breakdowns cover every pupil: the headline's age range and those outside it.
    const everyPupil = summary.totals.possible + summary.outsideAgeRange.totals.possible;
    expect(sum(summary.bySessionPart)).toBe(everyPupil);
    expect(sum(summary.byWeekday)).toBe(everyPupil);
    expect(sum(summary.byWeek)).toBe(everyPupil);
    expect(summary.targetPercent).toBe(config.thresholds.attendanceTargetPercent);
    expect(summary.byGroup.map((g) => g.groupName)).toEqual(['Year 3 — Foxes', 'Year 4 — Owls']);
    expect(summary.trend.weeks.length).toBeGreaterThan(0);
  });

  it('lets a teacher see their own group only', async () => {
    const own = await getJson(
      'teacher',
      `${reportApi.summary.path}?scope=group&groupId=${school.groups[0]?.id}`,
    );
    expect(own.status).toBe(200);
    const other = await getJson(
      'teacher',
      `${reportApi.summary.path}?scope=group&groupId=${school.groups[1]?.id}`,
    );
    expect(other.status).toBe(403);
    expect((await getJson('teacher', `${reportApi.summary.path}?scope=school`)).status).toBe(403);
    expect(
      (await getJson('teacher', `${reportApi.summary.path}?scope=year&yearGroup=3`)).status,
    ).toBe(403);
  });

  it('sums the organisation over the schools where the person leads, and no others', async () => {
    const sister = await createSyncSchool(t.db, {
      organisationId: school.organisationId,
      name: 'Sister Primary',
      staff: {},
      groups: [{ name: 'Year 5', yearGroup: '5', pupils: 1 }],
    });
    const stranger = await createSyncSchool(t.db, {
      organisationId: school.organisationId,
      name: 'Not Led Primary',
      staff: {},
      groups: [{ name: 'Year 5', yearGroup: '5', pupils: 1 }],
    });
    await addRole(t.db, school.member('lead').id, sister.id, 'attendance_lead');
    await insertEntries(t.db, sister.id, school.member('lead').id, [
      { pupilId: sister.pupilIds[0] ?? '', date: localDate('2025-03-04'), part: 'AM', code: 'O' },
    ]);
    await insertEntries(t.db, stranger.id, school.member('lead').id, [
      { pupilId: stranger.pupilIds[0] ?? '', date: localDate('2025-03-04'), part: 'AM', code: 'O' },
    ]);
    clients.delete('lead'); // sign in afresh so the session carries the new role
    const { status, body } = await getJson(
      'lead',
      `${reportApi.summary.path}?scope=organisation&${YEAR}`,
    );
    expect(status).toBe(200);
    const trust = summaryResponseSchema.parse(body);
    expect(trust.bySchool.map((s) => s.school.name).sort()).toEqual(
      [school.name, 'Sister Primary'].sort(),
    );
    const schoolOnly = summaryResponseSchema.parse(
      (await getJson('lead', `${reportApi.summary.path}?scope=school&${YEAR}`)).body,
    );
    expect(trust.totals.possible).toBe(schoolOnly.totals.possible + 1);
    // Each school's row holds its own sessions and pupils, and the trust's cohort sums them.
    const own = trust.bySchool.find((s) => s.school.name === school.name);
    expect(own?.stats).toEqual(schoolOnly.totals);
    expect(own?.cohort).toEqual(schoolOnly.cohort);
    const sisterRow = trust.bySchool.find((s) => s.school.name === 'Sister Primary');
    expect(sisterRow?.stats).toMatchObject({ possible: 1, unauthorised: 1, byCode: { O: 1 } });
    expect(sisterRow?.cohort).toMatchObject({ pupils: 1, persistent: 1, severe: 1 });
    expect(trust.cohort.pupils).toBe(schoolOnly.cohort.pupils + 1);
    expect(trust.cohort.persistent).toBe(schoolOnly.cohort.persistent + 1);
    expect((await getJson('office', `${reportApi.summary.path}?scope=organisation`)).status).toBe(
      403,
    );

    // Across the day the 2024 code set begins (19 August 2024) a school is read in two parts, one
    // code set each, and each pupil's sessions from both are summed: present twice before it and
    // absent once after is 33 % absence, persistent but not severe.
    await insertEntries(
      t.db,
      sister.id,
      school.member('lead').id,
      [
        { pupilId: sister.pupilIds[0] ?? '', date: localDate('2024-08-12'), part: 'AM', code: '/' },
        { pupilId: sister.pupilIds[0] ?? '', date: localDate('2024-08-13'), part: 'AM', code: '/' },
      ],
      2,
    );
    const across = summaryResponseSchema.parse(
      (
        await getJson(
          'lead',
          `${reportApi.summary.path}?scope=organisation&period=custom&from=2024-08-12&to=2025-07-22&asOf=2025-07-22`,
        )
      ).body,
    );
    const sisterAcross = across.bySchool.find((s) => s.school.name === 'Sister Primary');
    expect(sisterAcross?.stats).toMatchObject({ possible: 3, present: 2, unauthorised: 1 });
    expect(sisterAcross?.cohort).toMatchObject({ pupils: 1, persistent: 1, severe: 0 });
  });
});

describe('who may see what, and bad input', () => {
  it('refuses the case-work lists to office staff and the lead-only ones to teachers', async () => {
    expect((await getJson('office', reportApi.absence.path)).status).toBe(403);
    expect((await getJson('office', reportApi.penaltyNotices.path)).status).toBe(403);
    expect((await getJson('office', reportApi.dutyAlerts.path)).status).toBe(403);
    expect((await getJson('teacher', reportApi.dutyAlerts.path)).status).toBe(403);
    expect(
      (await getJson('teacher', routePath(reportApi.absenceMapping.path, { pupilId: pupil(0) })))
        .status,
    ).toBe(403);
    expect((await getJson('admin', reportApi.dutyAlerts.path)).status).toBe(200);
  });

  it('needs a session', async () => {
    const res = await new TestClient(app).get(reportApi.absence.path);
    expect(res.status).toBe(401);
  });

  it.each([
    [`${reportApi.absence.path}?level=everyone`, 'level'],
    [`${reportApi.absence.path}?period=custom&from=2025-01-01`, 'to'],
    [`${reportApi.absence.path}?from=2025-02-01&to=2025-01-01`, 'to'],
    [`${reportApi.absence.path}?period=year&from=2025-01-01&to=2025-02-01`, 'period'],
    [`${reportApi.absence.path}?asOf=2025-02-30`, 'asOf'],
    [`${reportApi.absence.path}?colour=blue`, 'colour'],
    [`${reportApi.absence.path}?fsm=yes`, 'fsm'],
    [`${reportApi.summary.path}`, 'scope'],
    [`${reportApi.summary.path}?scope=group`, 'groupId'],
    [`${reportApi.summary.path}?scope=year&yearGroup=14`, 'yearGroup'],
    [`${reportApi.lateness.path}?format=pdf`, 'format'],
    [`${routePath(reportApi.certificate.path, { pupilId: 'not-a-uuid' })}`, 'pupilId'],
  ])('answers %s with 400 naming %s', async (path, field) => {
    const { status, body } = await getJson('lead', path);
    expect(status).toBe(400);
    expect(body).toMatchObject({ reason: 'invalid_request' });
    expect((body as { message: string }).message).toContain(field);
  });
});
