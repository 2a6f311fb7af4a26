/**
 * The persistent and severe absence list covers the pupils the DfE statistics cover (aged 5 to 15
 * on the 31 August before the school year), and the penalty-notice threshold pupils of
 * compulsory school age, and so do the summaries' headline figures; a nursery pupil is listed
 * apart in each, with their own figures, never mixed in, never dropped, and so are a pupil's
 * sessions after the school leaving date from the penalty-notice threshold.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDate, openSessionsBetween, parseSchoolConfig } from '../../src/domain';
import type { StatEntry, YearGroup } from '../../src/domain';
import {
  absenceListResponseSchema,
  penaltyNoticeResponseSchema,
  summaryResponseSchema,
} from '../../src/shared/api/reportSchemas';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp, TestClient } from './fixtures';
import { insertEntries } from './reportsFixtures';
import { createSyncSchool, morningClock, syncSchoolConfig } from './syncFixtures';
import type { SyncSchool } from './syncFixtures';
import * as reportApi from '../../src/shared/api/endpoints/reportEndpoints';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let t: TestDatabase;

/** The school's open sessions for `yearGroup` from `from` to `to`, from its configuration. */
function sessionsOf(of: SyncSchool, from: string, to: string, yearGroup: YearGroup) {
  const parsed = parseSchoolConfig(syncSchoolConfig(of.id, of.name));
  if (!parsed.ok) throw new Error('test config');
  return openSessionsBetween(parsed.value, localDate(from), localDate(to), yearGroup);
}

/** The school's attendance lead, signed in, on the last day of the summer term. */
async function leadOf(of: SyncSchool): Promise<TestClient> {
  const { app } = createTestApp(t.db, { clock: morningClock('2025-07-22T09:00:00Z') });
  const client = new TestClient(app);
  await client.signIn(of.member('lead'), { schoolId: of.id });
  return client;
}
let school: SyncSchool;
let lead: TestClient;
const YEAR = 'period=custom&from=2024-09-01&to=2025-07-22&asOf=2025-07-22';

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    groups: [
      { name: 'Year 3 — Foxes', yearGroup: '3', pupils: 2 },
      { name: 'Nursery', yearGroup: 'N2', pupils: 1 },
    ],
  });
  const nursery = school.groups[1]?.pupilIds[0] ?? '';
  // Aged 3 on 31 August 2024: outside the statistics' age range for 2024/25.
  await t.db.query(`UPDATE pupil SET date_of_birth = '2021-02-01' WHERE id = $1`, [nursery]);
  const sessions = sessionsOf(school, '2024-09-01', '2024-12-20', '3').slice(0, 100);
  // The nursery pupil and the first Year 3 pupil miss 20 of the first 100 sessions on holiday
  // without leave (G); the other attends.
  const register = (pupilId: string, missed: number): StatEntry[] =>
    sessions.map((s, i) => ({ pupilId, date: s.date, part: s.part, code: i < missed ? 'G' : '/' }));
  const [absent, present] = school.groups[0]?.pupilIds ?? [];
  await insertEntries(t.db, school.id, school.member('lead').id, [
    ...register(absent ?? '', 20),
    ...register(present ?? '', 0),
    ...register(nursery, 20),
  ]);
  lead = await leadOf(school);
}, 120_000);

afterAll(() => t.close());

describe('the absence list and the statistics’ age range', () => {
  it('lists a nursery pupil apart from the statutory list and figures, with their own', async () => {
    const res = await lead.get(`${reportApi.absence.path}?${YEAR}`);
    expect(res.status).toBe(200);
    const list = absenceListResponseSchema.parse(await res.json());
    const nursery = school.groups[1]?.pupilIds[0];
    const [absent] = school.groups[0]?.pupilIds ?? [];

    expect(list.rows.map((r) => [r.pupil.id, r.ageCohort])).toEqual([[absent, 'aged-5-to-15']]);
    expect(list.cohort).toEqual({
      pupils: 2,
      persistent: 1,
      severe: 0,
      persistentPercent: 50,
      severePercent: 0,
    });
    expect(list.outsideAgeRange.rows.map((r) => [r.pupil.id, r.ageCohort])).toEqual([
      [nursery, 'under-5'],
    ]);
    expect(list.outsideAgeRange.cohort).toMatchObject({ pupils: 1, persistent: 1 });

    const csv = await (await lead.get(`${reportApi.absence.path}?${YEAR}&format=csv`)).text();
    expect(csv).toContain('Age range');
    expect(csv).toContain('Under 5 (outside the statistics)');
  });

  it('judges the penalty-notice threshold for pupils of compulsory school age, the nursery apart', async () => {
    const res = await lead.get(`${reportApi.penaltyNotices.path}?${YEAR}`);
    expect(res.status).toBe(200);
    const list = penaltyNoticeResponseSchema.parse(await res.json());
    const nursery = school.groups[1]?.pupilIds[0];
    const [absent] = school.groups[0]?.pupilIds ?? [];
    expect(list.rows.map((r) => [r.pupil.id, r.status])).toEqual([[absent, 'met']]);
    expect(list.outsideCompulsorySchoolAge.map((r) => [r.pupil.id, r.status])).toEqual([
      [nursery, 'met'],
    ]);
    const csv = await (
      await lead.get(`${reportApi.penaltyNotices.path}?${YEAR}&format=csv`)
    ).text();
    expect(csv).toContain('Compulsory school age');
    expect(csv).toContain(
      'No: outside compulsory school age (before it began or after the school leaving date)',
    );
  });

  it('keeps a nursery pupil out of the summary’s headline figures and gives them their own', async () => {
    const res = await lead.get(`${reportApi.summary.path}?scope=school&${YEAR}`);
    expect(res.status).toBe(200);
    const summary = summaryResponseSchema.parse(await res.json());
    // The two Year 3 pupils alone: one persistently absent, 20 of their 200 sessions missed.
    // With the nursery pupil mixed in it would read 2 of 3 pupils and 40 of 300 sessions.
    expect(summary.cohort).toEqual({
      pupils: 2,
      persistent: 1,
      severe: 0,
      persistentPercent: 50,
      severePercent: 0,
    });
    expect(summary.totals).toMatchObject({ possible: 200, unauthorised: 20, attended: 180 });
    expect(summary.outsideAgeRange.cohort).toEqual({
      pupils: 1,
      persistent: 1,
      severe: 0,
      persistentPercent: 100,
      severePercent: 0,
    });
    expect(summary.outsideAgeRange.totals).toMatchObject({
      possible: 100,
      unauthorised: 20,
      attended: 80,
    });
    // The breakdowns cover every pupil: the nursery group has its own row.
    const nurseryGroup = school.groups[1]?.id;
    expect(summary.byGroup.find((g) => g.groupId === nurseryGroup)?.stats.possible).toBe(100);

    const csv = await (
      await lead.get(`${reportApi.summary.path}?scope=school&${YEAR}&format=csv`)
    ).text();
    expect(csv).toContain('Outside the statistics (under 5, over 15)');
  });
});

describe('the penalty-notice threshold and the school leaving date', () => {
  let leaver: SyncSchool;
  let leaverLead: TestClient;

  beforeAll(async () => {
    leaver = await createSyncSchool(t.db, {
      groups: [{ name: 'Year 11', yearGroup: '11', pupils: 1 }],
    });
    const pupil = leaver.groups[0]?.pupilIds[0] ?? '';
    // 16 on 10 March 2025: compulsory school age ends on Friday 27 June 2025.
    await t.db.query(`UPDATE pupil SET date_of_birth = '2009-03-10' WHERE id = $1`, [pupil]);
    // Present up to the leaving date, then 20 sessions on holiday without leave (G) after it.
    const before = sessionsOf(leaver, '2025-06-02', '2025-06-27', '11');
    const after = sessionsOf(leaver, '2025-06-30', '2025-07-22', '11');
    expect(after.length).toBeGreaterThanOrEqual(20);
    await insertEntries(t.db, leaver.id, leaver.member('lead').id, [
      ...before.map((s) => ({ pupilId: pupil, date: s.date, part: s.part, code: '/' })),
      ...after.map((s, i) => ({
        pupilId: pupil,
        date: s.date,
        part: s.part,
        code: i < 20 ? 'G' : '/',
      })),
    ]);
    leaverLead = await leadOf(leaver);
  }, 120_000);

  it('judges sessions after the leaving date apart, not in the statutory list', async () => {
    const res = await leaverLead.get(`${reportApi.penaltyNotices.path}?${YEAR}`);
    expect(res.status).toBe(200);
    const list = penaltyNoticeResponseSchema.parse(await res.json());
    const pupil = leaver.groups[0]?.pupilIds[0];
    expect(list.rows).toEqual([]);
    expect(list.outsideCompulsorySchoolAge.map((r) => [r.pupil.id, r.status])).toEqual([
      [pupil, 'met'],
    ]);
    expect(list.outsideCompulsorySchoolAge[0]?.firmSessions[0]?.date).toBe('2025-06-30');
  });
});
