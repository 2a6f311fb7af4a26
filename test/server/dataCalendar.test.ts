/**
 * Term dates, closures and bank holidays: read, replaced (JSON or CSV), checked with the domain's
 * configuration parser before saving, and the roster version bumped so tablets take them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarResponseSchema, type CalendarResponse } from '../../src/shared/api/dataSchemas';
import type { Database } from '../../src/server/db/database';
import { createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import { openDataDatabase } from './dataFixtures';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';

let testDb: TestDatabase;
let db: Database;

beforeAll(async () => {
  testDb = await openDataDatabase();
  db = testDb.db;
});
afterAll(async () => {
  await testDb.close();
});

async function schoolWithAdmin(): Promise<{ school: SyncSchool; admin: TestClient }> {
  const school = await createSyncSchool(db, { groups: [] });
  const { app } = createTestApp(db);
  const admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  return { school, admin };
}

async function rosterVersion(schoolId: string): Promise<number> {
  const { rows } = await db.query<{ v: number }>(
    'SELECT roster_version AS v FROM school WHERE id = $1',
    [schoolId],
  );
  return rows[0]?.v ?? 0;
}

async function calendarOf(res: Response): Promise<CalendarResponse> {
  const body: unknown = await res.json();
  if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body)}`);
  return calendarResponseSchema.parse(body);
}

const TERMS_CSV =
  'Type,Name,From,To,Parts,Year groups\n' +
  'term,Autumn 2025,03/09/2025,19/12/2025,,\n' +
  'term,Spring 2026,2026-01-05,2026-03-27,,\n' +
  'closure,INSET day,03/09/2025,,,\n' +
  'closure,Polling day,07/05/2026,,PM,\n' +
  'closure,Year 6 trip day,2025-10-10,,,Year 5; Year 6\n';

describe('term dates and closures', () => {
  it('imports a CSV (dry run first), saves it in the configuration and exports it again', async () => {
    const { school, admin } = await schoolWithAdmin();
    const version = await rosterVersion(school.id);
    const dry = await calendarOf(
      await admin.post(dataApi.importCalendar.path, { csv: TERMS_CSV, dryRun: true }),
    );
    expect(dry.saved).toBe(false);
    expect(dry.calendar.terms.map((t) => t.name)).toEqual(['Autumn 2025', 'Spring 2026']);
    expect(await rosterVersion(school.id)).toBe(version);

    const saved = await calendarOf(
      await admin.post(dataApi.importCalendar.path, { csv: TERMS_CSV }),
    );
    expect(saved.saved).toBe(true);
    expect(saved.calendar.closures).toEqual([
      { name: 'INSET day', from: '2025-09-03' },
      { name: 'Polling day', from: '2026-05-07', parts: ['PM'] },
      { name: 'Year 6 trip day', from: '2025-10-10', yearGroups: ['5', '6'] },
    ]);
    expect(await rosterVersion(school.id)).toBe(version + 1);
    const read = await calendarOf(await admin.get(dataApi.getCalendar.path));
    expect(read.calendar.terms).toEqual(saved.calendar.terms);
    // The configuration's warnings come with it: this school's mornings are open 30 minutes and
    // its afternoons 15, which the guidance says should be the same.
    expect(read.warnings).toEqual([
      {
        path: 'sessions',
        message:
          'the morning register stays open 30 minutes (08:45 to 09:15) and the afternoon register 15 (13:00 to 13:15); guidance says the time the register is open "should be the same for every session"',
      },
    ]);

    const csv = await (await admin.get(dataApi.calendarCsv.path)).text();
    const again = await calendarOf(
      await admin.post(dataApi.importCalendar.path, { csv: csv.replace(/^\uFEFF/, '') }),
    );
    expect(again.calendar).toEqual(saved.calendar);
    expect(again.saved).toBe(false);
  });

  it('refuses a calendar the configuration parser refuses, saying why, and saves nothing', async () => {
    const { school, admin } = await schoolWithAdmin();
    const before = await calendarOf(await admin.get(dataApi.getCalendar.path));
    const res = await admin.request('PUT', dataApi.getCalendar.path, {
      terms: [
        { name: 'Autumn', start: '2025-09-03', end: '2025-12-19' },
        { name: 'Overlap', start: '2025-12-01', end: '2026-01-30' },
      ],
      closures: [],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body.message).toContain("overlaps 'Autumn' (2025-09-03 to 2025-12-19)");
    expect((await calendarOf(await admin.get(dataApi.getCalendar.path))).calendar).toEqual(
      before.calendar,
    );
    void school;
  });

  it('names a bad CSV row', async () => {
    const { admin } = await schoolWithAdmin();
    const res = await admin.post(dataApi.importCalendar.path, {
      csv: 'Type,Name,From,To\nholiday,Half term,27/10/2025,31/10/2025\nterm,Autumn,03/09/2025,\n',
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { details: { rowErrors: { message: string }[] } };
    expect(body.details.rowErrors.map((e) => e.message)).toEqual([
      "row 2: type 'holiday' is not term or closure",
      'row 3: to is missing: a term needs its last day',
    ]);
  });
});

describe('bank holidays', () => {
  const feed = {
    'england-and-wales': {
      division: 'england-and-wales',
      events: [
        { title: 'Christmas Day', date: '2025-12-25', notes: '', bunting: true },
        { title: 'Boxing Day', date: '2025-12-26', notes: '', bunting: true },
        { title: 'Good Friday', date: '2026-04-03', notes: '', bunting: false },
      ],
    },
    scotland: {
      division: 'scotland',
      events: [{ title: 'St Andrew’s Day', date: '2025-12-01', notes: '', bunting: true }],
    },
  };

  it('takes the England and Wales dates from gov.uk bank-holidays.json, keeping earlier stored ones', async () => {
    const { admin } = await schoolWithAdmin();
    const res = await admin.post(dataApi.importBankHolidays.path, { feed });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      bankHolidays: string[];
      added: string[];
      removed: string[];
      saved: boolean;
    };
    expect(body.saved).toBe(true);
    expect(body.added).toEqual(['2025-12-25', '2025-12-26', '2026-04-03']);
    expect(body.bankHolidays).toEqual([
      '2024-12-25',
      '2024-12-26',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-12-25',
      '2025-12-26',
      '2026-04-03',
    ]);
    expect(body.removed).toEqual([]);
  });

  it('refuses a file that is not the gov.uk feed', async () => {
    const { admin } = await schoolWithAdmin();
    const res = await admin.post(dataApi.importBankHolidays.path, { feed: { scotland: {} } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain(
      "the 'england-and-wales' division is missing",
    );
  });

  it('is for admins only', async () => {
    const school = await createSyncSchool(db, { groups: [] });
    const { app } = createTestApp(db);
    const lead = new TestClient(app);
    await lead.signIn(school.member('lead'));
    expect((await lead.post(dataApi.importBankHolidays.path, { feed })).status).toBe(403);
    expect((await lead.get(dataApi.getCalendar.path)).status).toBe(403);
  });
});
