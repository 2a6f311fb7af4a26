/**
 * The local authority's lists on a real database: each list from the admission register, the
 * register's entries and casework's part-time timetables; recording a list sent (who, when,
 * where, which pupils) and seeing it on the list; the CSV; who may see them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addDays, isoWeekday, localDate, type StatEntry } from '../../src/domain/index';
import {
  laListResponseSchema,
  laSentResponseSchema,
  type LaListResponse,
} from '../../src/shared/api/statutorySchemas';
import { createTestApp, TestClient } from './fixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { insertEntries } from './reportsFixtures';
import { createSyncSchool, morningClock, type SyncSchool } from './syncFixtures';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let t: TestDatabase;
let school: SyncSchool;
let office: TestClient;
let lead: TestClient;
let teacher: TestClient;

/** `count` school days from `monday` (weekends skipped), both sessions marked `code`. */
function days(pupilId: string, monday: string, count: number, code: string): StatEntry[] {
  const out: StatEntry[] = [];
  let d = localDate(monday);
  for (let n = 0; n < count; d = addDays(d, 1)) {
    if (isoWeekday(d) > 5) continue;
    out.push({ pupilId, date: d, part: 'AM', code }, { pupilId, date: d, part: 'PM', code });
    n += 1;
  }
  return out;
}

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db);
  const { app } = createTestApp(t.db, { clock: morningClock() });
  office = new TestClient(app);
  await office.signIn(school.member('office'));
  lead = new TestClient(app);
  await lead.signIn(school.member('lead'));
  teacher = new TestClient(app);
  await teacher.signIn(school.member('teacher'));

  const set = (index: number, sql: string, values: unknown[]) =>
    t.db.query(`UPDATE pupil SET ${sql} WHERE id = $1`, [school.pupil(index), ...values]);
  // 0: admitted in February; 1: left for another school; 2: deleted as missing.
  await set(0, "on_roll_from = '2025-02-03', upn = $2", ['A123456789012']);
  await set(1, "on_roll_to = '2025-02-07', leaving_grounds = 'registered_elsewhere'", []);
  await set(2, "on_roll_to = '2025-01-31', leaving_grounds = 'missing'", []);
  const staffId = school.member('office').id;
  await insertEntries(t.db, school.id, staffId, [
    // 3: ten school days of unauthorised absence, a day here and there.
    ...['2024-11-11', '2024-11-19', '2024-11-27', '2024-12-05', '2024-12-13'].flatMap((d) =>
      days(school.pupil(3), d, 2, 'O').slice(0, 4),
    ),
    // 4: away without authorisation every day from Monday 6 January (20 school days) and since.
    ...days(school.pupil(4), '2025-01-06', 22, 'G'),
    // 6: nine days' unauthorised absence: not yet on any list.
    ...days(school.pupil(6), '2025-01-06', 9, 'O'),
  ]);
  // 5: a part-time timetable from casework, the authority not yet told.
  await t.db.query(
    `INSERT INTO part_time_timetable (id, school_id, pupil_id, attends, starts_on, review_on, ends_on,
        agreement, agreed_on, created_by, created_at, updated_by, updated_at)
     VALUES ($1, $2, $3, '[{"weekday":"mon","part":"AM"}]', '2025-02-24', '2025-03-10', '2025-03-28',
        'Mornings for a month.', '2025-02-20', $4, now(), $4, now())`,
    [randomUUID(), school.id, school.pupil(5), school.member('lead').id],
  );
}, 120_000);
afterAll(() => t.close());

async function list(client: TestClient, name: string, query = ''): Promise<LaListResponse> {
  const res = await client.get(`/api/statutory/la/${name}${query}`);
  const json: unknown = await res.json();
  expect(res.status, JSON.stringify(json)).toBe(200);
  return laListResponseSchema.parse(json);
}

const pick = (r: LaListResponse) =>
  r.rows.map((row) => ({ pupilId: row.pupilId, dueBy: row.dueBy, sessions: row.sessions }));

describe('the local authority’s lists', () => {
  it('lists admissions due within five school days, not those at the start of the youngest year', async () => {
    const spring = await list(office, 'admissions', '?from=2025-01-01&to=2025-03-04');
    expect(pick(spring)).toEqual([
      { pupilId: school.pupil(0), dueBy: '2025-02-10', sessions: null },
    ]);
    expect(spring.rows[0]).toMatchObject({
      upn: 'A123456789012',
      yearGroup: '3',
      date: '2025-02-03',
    });

    const year = await list(office, 'admissions', '?from=2024-09-01&to=2025-03-04');
    const nursery = school.groups[1]?.pupilIds ?? [];
    expect(year.notRequired.map((n) => n.pupilId).sort()).toEqual([...nursery].sort());
    expect(year.rows.map((r) => r.pupilId)).not.toContain(nursery[0]);
  });

  it('lists deletions with their grounds, due by the deletion', async () => {
    const r = await list(office, 'deletions', '?from=2025-01-01&to=2025-03-04');
    expect(r.rows.map((row) => [row.pupilId, row.grounds, row.dueBy])).toEqual(
      expect.arrayContaining([
        [school.pupil(1), 'registered_elsewhere', '2025-02-07'],
        [school.pupil(2), 'missing', '2025-01-31'],
      ]),
    );
    expect(r.rows).toHaveLength(2);
    expect(r.rows.find((row) => row.pupilId === school.pupil(1))?.detail).toBe(
      'Registered at another school',
    );
  });

  it('lists 10 days’ unauthorised absence, consecutive or not', async () => {
    const r = await list(office, 'unauthorised', '?from=2024-09-01&to=2025-03-04');
    expect(pick(r).sort((a, b) => (a.pupilId < b.pupilId ? -1 : 1))).toEqual(
      [
        { pupilId: school.pupil(3), dueBy: null, sessions: 20 },
        { pupilId: school.pupil(4), dueBy: null, sessions: 44 },
      ].sort((a, b) => (a.pupilId < b.pupilId ? -1 : 1)),
    );
    expect(r.rows.find((row) => row.pupilId === school.pupil(3))?.date).toBe('2024-12-16');
  });

  it('lists 20 days’ continuous absence and the children missing education', async () => {
    const continuous = await list(office, 'continuous', '?from=2024-09-01&to=2025-03-04');
    expect(pick(continuous)).toEqual([{ pupilId: school.pupil(4), dueBy: null, sessions: 44 }]);
    expect(continuous.rows[0]?.detail).toMatch(/from 06\/01\/2025 AM .*not back since/);

    const missing = await list(office, 'missing', '?from=2024-09-01&to=2025-03-04');
    expect(missing.rows.map((row) => [row.pupilId, row.detail])).toEqual(
      expect.arrayContaining([
        [school.pupil(2), expect.stringContaining('could not be found')],
        [school.pupil(4), expect.stringContaining('20 school days in a row')],
      ]),
    );
    expect(missing.rows).toHaveLength(2);
  });

  it('lists part-time timetables from casework, saying whether the authority was told', async () => {
    const r = await list(lead, 'partTime', '?from=2025-03-01&to=2025-03-31');
    expect(r.rows.map((row) => row.pupilId)).toEqual([school.pupil(5)]);
    expect(r.rows[0]?.detail).toContain('has not been told yet');
    expect((await list(lead, 'partTime', '?from=2025-04-01&to=2025-04-30')).rows).toEqual([]);
  });

  it('records a list sent (who, in which role, when, where, which pupils) and shows it', async () => {
    const before = await list(office, 'deletions', '?from=2025-01-01&to=2025-03-04');
    expect(before.rows.every((row) => row.lastSentAt === null)).toBe(true);
    const res = await office.post('/api/statutory/la/deletions/sent', {
      from: '2025-01-01',
      to: '2025-03-04',
      pupilIds: before.rows.map((row) => row.pupilId),
      sentTo: 'The authority’s admissions portal',
      note: 'A/D1 forms uploaded',
    });
    const json: unknown = await res.json();
    expect(res.status, JSON.stringify(json)).toBe(201);
    const record = laSentResponseSchema.parse(json);
    expect(record).toMatchObject({
      pupilCount: 2,
      sentTo: 'The authority’s admissions portal',
      note: 'A/D1 forms uploaded',
      sentAt: '2025-03-04T08:50:00.000Z',
      sentBy: {
        id: school.member('office').id,
        name: school.member('office').name,
        role: 'office',
      },
    });

    const after = await list(office, 'deletions', '?from=2025-01-01&to=2025-03-04');
    expect(after.sent).toEqual([record]);
    expect(after.rows.map((row) => row.lastSentAt)).toEqual([record.sentAt, record.sentAt]);
    // Another list keeps its own record.
    expect((await list(office, 'admissions', '?from=2025-01-01&to=2025-03-04')).sent).toEqual([]);
  });

  it('downloads each list as CSV with its header', async () => {
    const res = await office.get(
      '/api/statutory/la/admissions?from=2025-01-01&to=2025-03-04&format=csv',
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(
      'la-admissions-2025-01-01-to-2025-03-04.csv',
    );
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'UPN,Legal name,Date of birth,Year,Date,Due by,Ground for deletion,Detail,Sessions,Last sent',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(
      /^A123456789012,Pupil1 Surname001,2016-05-01,3,2025-02-03,2025-02-10,,/,
    );
  });

  it('refuses a record that names pupils of another school, or says nowhere it went', async () => {
    const stranger = await office.post('/api/statutory/la/admissions/sent', {
      from: '2025-01-01',
      to: '2025-03-04',
      pupilIds: [randomUUID()],
      sentTo: 'Email',
    });
    expect(stranger.status).toBe(404);
    expect(((await stranger.json()) as { message: string }).message).toContain(
      'not pupils of this school',
    );

    const nowhere = await office.post('/api/statutory/la/admissions/sent', {
      from: '2025-01-01',
      to: '2025-03-04',
      pupilIds: [],
      sentTo: ' ',
    });
    expect(nowhere.status).toBe(400);
    expect(JSON.stringify(await nowhere.json())).toContain('say where the list went');
  });

  it('is for the office, the attendance lead and admins only', async () => {
    expect((await teacher.get('/api/statutory/la/admissions')).status).toBe(403);
    expect((await teacher.get('/api/statutory/census?term=spring&year=2024')).status).toBe(403);
  });
});
