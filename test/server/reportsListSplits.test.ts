/**
 * The penalty-notice list, the lateness list and the duty alerts split by a pupil characteristic
 * through the API, the way the absence list is: each group counts the pupils who passed the
 * filters and those the list names, and each group's count equals the list narrowed to that group
 * (`characteristic=key:value`, the same rule: the group on the range's last day). A group under
 * the school's minimum is marked suppressed; a teacher may not split.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, localDate, type LocalDate, type StatEntry } from '../../src/domain';
import {
  dutyAlertsResponseSchema,
  latenessResponseSchema,
  penaltyNoticeResponseSchema,
  type ListSplit,
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

/** The weekdays of March 2025 from Monday 3rd: four school weeks, 40 sessions. */
const MARCH: LocalDate[] = Array.from({ length: 28 }, (_, n) =>
  addDays(localDate('2025-03-03'), n),
).filter((_, n) => n % 7 < 5);

beforeAll(async () => {
  t = await openTestDatabase();
  // Pupils 0 and 1 eligible for free school meals all year, the rest not.
  school = await createFsmSchool(t.db, 8, 2);
  // Pupils 0 (FSM) and 3 miss every session unauthorised (a penalty notice and a duty to inform
  // the local authority); pupils 1 (FSM) and 2 are late six times; the rest present.
  const codeOf = (index: number, n: number): string => {
    if (index === 0 || index === 3) return 'O';
    if ((index === 1 || index === 2) && n < 6) return 'L';
    return '/';
  };
  const entries: StatEntry[] = school.pupilIds.flatMap((pupilId, index) =>
    MARCH.flatMap((date, day) =>
      (['AM', 'PM'] as const).map((part, p) => {
        const code = codeOf(index, 2 * day + p);
        return { pupilId, date, part, code, minutesLate: code === 'L' ? 10 : null };
      }),
    ),
  );
  await insertEntries(t.db, school.id, school.member('lead').id, entries);
  const { app } = createTestApp(t.db, { clock: morningClock(`${DAY}T09:00:00Z`) });
  lead = new TestClient(app);
  await lead.signIn(school.member('lead'), { schoolId: school.id });
}, 120_000);

afterAll(() => t.close());

async function json(url: string): Promise<unknown> {
  const res = await lead.get(url);
  const body: unknown = await res.json();
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body;
}

const LISTS = [
  {
    name: 'penalty-notice list',
    path: reportApi.penaltyNotices.path,
    parse: (body: unknown) => {
      const r = penaltyNoticeResponseSchema.parse(body);
      return { split: r.split, listed: new Set(r.rows.map((x) => x.pupil.id)) };
    },
  },
  {
    name: 'lateness list',
    path: reportApi.lateness.path,
    parse: (body: unknown) => {
      const r = latenessResponseSchema.parse(body);
      return { split: r.split, listed: new Set(r.rows.map((x) => x.pupil.id)) };
    },
  },
  {
    name: 'duty alerts',
    path: reportApi.dutyAlerts.path,
    parse: (body: unknown) => {
      const r = dutyAlertsResponseSchema.parse(body);
      return { split: r.split, listed: new Set(r.alerts.map((x) => x.pupil.id)) };
    },
  },
] as const;

describe.each(LISTS)('the $name split by a characteristic', ({ path, parse }) => {
  it('counts each group’s pupils and those on the list; the small group is marked', async () => {
    const plain = parse(await json(`${path}?${YEAR}`));
    expect(plain.split).toBeNull();
    // One FSM pupil and one other on each list.
    expect(plain.listed.size).toBe(2);
    const { split, listed } = parse(await json(`${path}?${YEAR}&splitBy=fsm`));
    expect(listed).toEqual(plain.listed);
    expect(split).toEqual<ListSplit>({
      key: 'fsm',
      label: 'Free school meals',
      smallGroupMinimum: 6,
      rows: [
        { value: 'yes', label: 'Yes', pupils: 2, listed: 1, suppressed: true },
        { value: 'no', label: 'No', pupils: 6, listed: 1, suppressed: false },
      ],
    });
  });

  it('gives each group the pupils of the list narrowed to it', async () => {
    const { split } = parse(await json(`${path}?${YEAR}&splitBy=fsm`));
    for (const row of split?.rows ?? []) {
      const narrowed = parse(await json(`${path}?${YEAR}&characteristic=fsm:${row.value}`));
      expect(narrowed.listed.size, row.label).toBe(row.listed);
    }
  });
});

it('refuses a teacher a split of the lists they can see', async () => {
  const { app } = createTestApp(t.db, { clock: morningClock(`${DAY}T09:00:00Z`) });
  const teacher = new TestClient(app);
  await teacher.signIn(school.member('teacher'), { schoolId: school.id });
  await t.db.query(
    'INSERT INTO staff_group (staff_id, group_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [school.member('teacher').id, school.groups[0]?.id ?? ''],
  );
  for (const path of [reportApi.penaltyNotices.path, reportApi.lateness.path]) {
    expect((await teacher.get(`${path}?${YEAR}`)).status).toBe(200);
    const res = await teacher.get(`${path}?${YEAR}&splitBy=fsm`);
    const body = (await res.json()) as { message: string };
    expect(res.status, path).toBe(403);
    expect(body.message).toMatch(
      /^Pupil characteristics are for the office and the attendance lead/,
    );
  }
  expect((await teacher.get(`${reportApi.dutyAlerts.path}?${YEAR}&splitBy=fsm`)).status).toBe(403);
});
