/**
 * Reports by pupil characteristic through the API: a summary split by free school meals shows the
 * lead every group's figures on screen, and the CSV shows a group of fewer pupils than the
 * school's minimum (6 by default) as "fewer than 6 pupils"; a summary narrowed to a small group
 * exports none of its figures. A characteristic the vocabulary does not have is a 400 naming it.
 * (reportsProperty.test.ts checks the split's figures against the domain.)
 */
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDate, type StatEntry } from '../../src/domain';
import {
  absenceListResponseSchema,
  summaryResponseSchema,
} from '../../src/shared/api/reportSchemas';
import * as reportApi from '../../src/shared/api/endpoints/reportEndpoints';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { createFsmSchool, insertEntries } from './reportsFixtures';
import { morningClock, type SyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

let t: TestDatabase;
let school: SyncSchool;
let lead: TestClient;
const DAY = '2025-07-22';
const YEAR = `period=custom&from=2024-09-01&to=${DAY}&asOf=${DAY}`;

beforeAll(async () => {
  t = await openTestDatabase();
  // Pupils 0 and 1 eligible for free school meals all year, the rest not.
  school = await createFsmSchool(t.db, 8, 2);
  // Ten sessions each in March; the FSM pupils absent for four of theirs.
  const entries: StatEntry[] = school.pupilIds.flatMap((pupilId, index) =>
    Array.from({ length: 10 }, (_, n) => ({
      pupilId,
      date: localDate(`2025-03-${String(3 + Math.floor(n / 2)).padStart(2, '0')}`),
      part: n % 2 === 0 ? ('AM' as const) : ('PM' as const),
      code: index < 2 && n < 4 ? 'I' : '/',
      minutesLate: null,
    })),
  );
  await insertEntries(t.db, school.id, school.member('lead').id, entries);
  const { app } = createTestApp(t.db, { clock: morningClock(`${DAY}T09:00:00Z`) });
  lead = new TestClient(app);
  await lead.signIn(school.member('lead'), { schoolId: school.id });
}, 120_000);

afterAll(() => t.close());

async function csvRows(url: string): Promise<Record<string, string>[]> {
  const res = await lead.get(url);
  const body = await res.text();
  expect(res.status, body).toBe(200);
  return Papa.parse<Record<string, string>>(body.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

describe('a summary split by a characteristic', () => {
  it('shows the lead every group on screen, each beside the possible sessions', async () => {
    const res = await lead.get(`${reportApi.summary.path}?scope=school&${YEAR}&splitBy=fsm`);
    const summary = summaryResponseSchema.parse(await res.json());
    expect(summary.smallGroupMinimum).toBe(6);
    expect(summary.split?.rows).toEqual([
      expect.objectContaining({
        value: 'yes',
        label: 'Yes',
        suppressed: true,
        stats: expect.objectContaining({ possible: 20, overallAbsence: 8, attendancePercent: 60 }),
        cohort: expect.objectContaining({ pupils: 2, persistent: 2 }),
      }),
      expect.objectContaining({
        value: 'no',
        suppressed: false,
        stats: expect.objectContaining({ possible: 60, attendancePercent: 100 }),
        cohort: expect.objectContaining({ pupils: 6, persistent: 0 }),
      }),
    ]);
    expect(summary.totals.possible).toBe(80);
  });

  it('writes "fewer than 6 pupils" for the small group in the CSV, and the others in full', async () => {
    const rows = await csvRows(
      `${reportApi.summary.path}?scope=school&${YEAR}&splitBy=fsm&format=csv`,
    );
    const split = rows.filter((r) => r['Table'] === 'Free school meals (aged 5 to 15)');
    expect(split.map((r) => r['Row'])).toEqual(['Yes', 'No']);
    const [yes, no] = split;
    for (const column of ['Possible sessions', 'Attendance %', 'Pupils', 'Persistent absence %'])
      expect(yes?.[column]).toBe('fewer than 6 pupils');
    expect(no).toMatchObject({ 'Possible sessions': '60', 'Attendance %': '100.0', Pupils: '6' });
    const total = rows.find((r) => r['Table'] === 'Total (aged 5 to 15)');
    expect(total).toMatchObject({ 'Possible sessions': '80', Pupils: '8' });
  });

  it('exports none of the figures of a summary narrowed to a small group', async () => {
    const res = await lead.get(
      `${reportApi.summary.path}?scope=school&${YEAR}&characteristic=fsm:yes`,
    );
    const summary = summaryResponseSchema.parse(await res.json());
    expect(summary.characteristic).toEqual({
      key: 'fsm',
      value: 'yes',
      label: 'Free school meals: Yes',
      suppressed: true,
    });
    expect(summary.totals.possible).toBe(20);

    const rows = await csvRows(
      `${reportApi.summary.path}?scope=school&${YEAR}&characteristic=fsm:yes&format=csv`,
    );
    expect(rows[0]?.['Row']).toBe(`${school.name} — Free school meals: Yes`);
    for (const row of rows) {
      expect(row['Possible sessions']).toBe('fewer than 6 pupils');
      expect(row['Attendance %']).toBe('fewer than 6 pupils');
    }
    expect(rows.some((r) => r['Table'] === 'Group')).toBe(false);

    const large = await csvRows(
      `${reportApi.summary.path}?scope=school&${YEAR}&characteristic=fsm:no&format=csv`,
    );
    expect(large[0]).toMatchObject({ 'Possible sessions': '60', Pupils: '6' });
  });

  it('narrows a list to the pupils in a group on its last day', async () => {
    const res = await lead.get(
      `${reportApi.absence.path}?${YEAR}&level=all&characteristic=fsm:yes`,
    );
    const body = (await res.json()) as { rows: { pupil: { id: string } }[] };
    expect(res.status).toBe(200);
    expect(body.rows.map((r) => r.pupil.id).sort()).toEqual(school.pupilIds.slice(0, 2).sort());
  });

  it('splits the absence list by the group each pupil was in on its last day', async () => {
    const res = await lead.get(`${reportApi.absence.path}?${YEAR}&level=all&splitBy=fsm`);
    const body = absenceListResponseSchema.parse(await res.json());
    expect(body.split).toEqual({
      key: 'fsm',
      label: 'Free school meals',
      smallGroupMinimum: 6,
      rows: [
        expect.objectContaining({
          value: 'yes',
          cohort: expect.objectContaining({ pupils: 2, persistent: 2 }),
          suppressed: true,
        }),
        expect.objectContaining({
          value: 'no',
          cohort: expect.objectContaining({ pupils: 6, persistent: 0 }),
          suppressed: false,
        }),
      ],
    });
  });

  it('refuses a teacher: characteristics are office-and-lead data', async () => {
    const { app } = createTestApp(t.db, { clock: morningClock(`${DAY}T09:00:00Z`) });
    const teacher = new TestClient(app);
    await teacher.signIn(school.member('teacher'), { schoolId: school.id });
    const groupId = school.groups[0]?.id ?? '';
    await t.db.query(
      'INSERT INTO staff_group (staff_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [school.member('teacher').id, groupId],
    );
    const own = `${reportApi.summary.path}?scope=group&groupId=${groupId}&${YEAR}`;
    expect((await teacher.get(own)).status).toBe(200);
    for (const url of [
      `${own}&splitBy=fsm`,
      `${own}&characteristic=fsm:yes`,
      `${reportApi.absence.path}?${YEAR}&characteristic=fsm:yes`,
      `${reportApi.absence.path}?${YEAR}&splitBy=fsm`,
    ]) {
      const res = await teacher.get(url);
      const body = (await res.json()) as { message: string };
      expect(res.status, url).toBe(403);
      expect(body.message).toMatch(
        /^Pupil characteristics are for the office and the attendance lead/,
      );
    }
  });

  it('refuses a characteristic or value the vocabulary does not have, naming it', async () => {
    for (const bad of [
      'splitBy=religion',
      'characteristic=fsm:maybe',
      'characteristic=height:tall',
    ]) {
      const res = await lead.get(`${reportApi.summary.path}?scope=school&${YEAR}&${bad}`);
      const body = (await res.json()) as { message: string };
      expect(res.status, bad).toBe(400);
      expect(body.message).toContain(bad.split('=')[0]);
    }
  });
});
