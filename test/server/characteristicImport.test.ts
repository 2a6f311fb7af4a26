/**
 * Pupil characteristics from the MIS export: the pupils file's census-coded columns become dated
 * spans (docs/design.md §5 "Pupil characteristics"); bad codes are refused with row and column;
 * a change is dated from the file's date; the preview names what changed, never the value; undo
 * puts the spans back; and none of it reaches a tablet.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routePath, ROUTES } from '../../src/shared/api/routes';
import { snapshotResponseSchema } from '../../src/shared/api/syncSchemas';
import type { Database } from '../../src/server/db/database';
import { createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import { confirmImport, openDataDatabase, upnOf, uploadImport } from './dataFixtures';
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

const HEADER =
  'UPN,Legal Forename,Legal Surname,Date of Birth,Year Group,Registration Group,Admission Date,Sex,Ethnicity,First Language,SEND,FSM,Pupil Premium,Child in Need,Child Protection Plan,Young Carer,Looked After,Previously Looked After,Service Child';

function line(n: number, cells: string): string {
  return `${upnOf(n)},Pupil${n},Surname${n},01/02/2016,Year 3,3A,01/09/2023,${cells}`;
}

async function setUp(): Promise<{ school: SyncSchool; admin: TestClient }> {
  const school = await createSyncSchool(db, { groups: [] });
  const { app } = createTestApp(db);
  const admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  return { school, admin };
}

async function spansOf(schoolId: string) {
  const { rows } = await db.query<{
    upn: string;
    key: string;
    value: string;
    from_date: string;
    to_date: string | null;
  }>(
    `SELECT p.upn, c.key, c.value, to_char(c.from_date, 'YYYY-MM-DD') AS from_date,
            to_char(c.to_date, 'YYYY-MM-DD') AS to_date
       FROM pupil_characteristic c JOIN pupil p ON p.id = c.pupil_id
      WHERE c.school_id = $1 ORDER BY p.upn, c.key, c.from_date`,
    [schoolId],
  );
  return rows;
}

async function imported(admin: TestClient, csv: string, effectiveDate: string) {
  const previewed = await uploadImport(admin, 'pupils', csv, { effectiveDate });
  const { job } = await confirmImport(admin, previewed.id, false);
  expect(job.state).toBe('done');
  return { previewed, job };
}

describe('characteristics in the pupils file', () => {
  it('refuses bad census codes with the row, the column and how to fix it', async () => {
    const { admin } = await setUp();
    const csv = [
      HEADER,
      line(1, 'M,WBRI,ENG,N,N,N,N,N,N,N,N,N'),
      line(2, 'X,WBRI,ENG,N,N,N,N,N,N,N,N,N'),
      line(3, 'F,White,ENG,N,N,N,N,N,N,N,N,N'),
      line(4, 'F,APKN,12,N,N,N,N,N,N,N,N,N'),
      line(5, 'F,APKN,URD,Q,N,N,N,N,N,N,N,N'),
      line(6, 'F,APKN,URD,K,N,maybe,N,N,N,N,N,N'),
    ].join('\n');
    const previewed = await uploadImport(admin, 'pupils', `${csv}\n`);
    expect(previewed.preview?.rowsWithErrors).toBe(5);
    const errors = previewed.preview?.errors ?? [];
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          row: 3,
          column: 'sex',
          message: "row 3: sex 'X' is not a sex the census records: write M or F",
        }),
        expect.objectContaining({ row: 4, column: 'ethnicity', value: 'White' }),
        expect.objectContaining({ row: 5, column: 'first language', value: '12' }),
        expect.objectContaining({ row: 6, column: 'SEND', value: 'Q' }),
        expect.objectContaining({ row: 7, column: 'pupil premium', value: 'maybe' }),
      ]),
    );
    expect(errors.find((e) => e.row === 4)?.message).toMatch(
      /^row 4: ethnicity 'White' is not one of the census's 4-letter ethnicity codes, e\.g\. WBRI/,
    );
  });

  it('holds a first value from admission and dates a change from the file; undo puts it back', async () => {
    const { school, admin } = await setUp();
    await imported(
      admin,
      `${HEADER}\n${line(1, 'F,APKN,URD,K,Y,Y,N,N,N,N,N,N')}\n${line(2, 'M,,ENG,N,N,N,N,N,N,N,N,Y')}\n`,
      '2024-09-02',
    );
    const first = await spansOf(school.id);
    const one = first.filter((s) => s.upn === upnOf(1));
    expect(one).toEqual(
      expect.arrayContaining([
        { upn: upnOf(1), key: 'sex', value: 'female', from_date: '2023-09-01', to_date: null },
        { upn: upnOf(1), key: 'ethnicity', value: 'asian', from_date: '2023-09-01', to_date: null },
        {
          upn: upnOf(1),
          key: 'firstLanguage',
          value: 'other',
          from_date: '2023-09-01',
          to_date: null,
        },
        { upn: upnOf(1), key: 'sen', value: 'senSupport', from_date: '2023-09-01', to_date: null },
        { upn: upnOf(1), key: 'fsm', value: 'yes', from_date: '2023-09-01', to_date: null },
        { upn: upnOf(1), key: 'childInNeed', value: 'no', from_date: '2023-09-01', to_date: null },
      ]),
    );
    expect(one).toHaveLength(12);
    // A blank ethnicity is "not recorded": no span.
    expect(first.filter((s) => s.upn === upnOf(2)).map((s) => s.key)).not.toContain('ethnicity');
    // The tablet's flags follow the same cells: EAL from the first language, SEN from SEND.
    const flags = await db.query<{ upn: string; eal: boolean; send: boolean; fsm: boolean }>(
      'SELECT upn, eal, send, fsm FROM pupil WHERE school_id = $1 ORDER BY upn',
      [school.id],
    );
    expect(flags.rows).toEqual([
      { upn: upnOf(1), eal: true, send: true, fsm: true },
      { upn: upnOf(2), eal: false, send: false, fsm: false },
    ]);

    // In January pupil 1 gets an EHC plan and leaves FSM; pupil 2 becomes a child in need.
    const { previewed, job } = await imported(
      admin,
      `${HEADER}\n${line(1, 'F,APKN,URD,E,N,Y,N,N,N,N,N,N')}\n${line(2, 'M,,ENG,N,N,N,Y,N,N,N,N,Y')}\n`,
      '2025-01-06',
    );
    const details = previewed.preview?.changeList.flatMap((c) => c.details) ?? [];
    expect(details).toEqual(
      expect.arrayContaining(['SEN provision changed', 'FSM yes → no', 'child in need changed']),
    );
    // The values are not kept with the import.
    expect(JSON.stringify(previewed.preview)).not.toMatch(/ehcPlan|EHC plan/);
    const second = await spansOf(school.id);
    expect(second.filter((s) => s.upn === upnOf(1) && s.key === 'sen')).toEqual([
      {
        upn: upnOf(1),
        key: 'sen',
        value: 'senSupport',
        from_date: '2023-09-01',
        to_date: '2025-01-05',
      },
      { upn: upnOf(1), key: 'sen', value: 'ehcPlan', from_date: '2025-01-06', to_date: null },
    ]);
    expect(second.filter((s) => s.upn === upnOf(2) && s.key === 'childInNeed')).toEqual([
      {
        upn: upnOf(2),
        key: 'childInNeed',
        value: 'no',
        from_date: '2023-09-01',
        to_date: '2025-01-05',
      },
      { upn: upnOf(2), key: 'childInNeed', value: 'yes', from_date: '2025-01-06', to_date: null },
    ]);

    const undone = await admin.post(routePath(dataApi.undoImport.path, { id: job.id }));
    expect(undone.status).toBe(200);
    expect(await spansOf(school.id)).toEqual(first);
  });

  it('never sends a characteristic to a tablet', async () => {
    const { school, admin } = await setUp();
    const { job } = await imported(
      admin,
      `${HEADER}\n${line(1, 'F,BAFR,POL,E,Y,Y,Y,Y,Y,Y,Y,Y')}\n`,
      '2024-09-02',
    );
    const { app } = createTestApp(db);
    const teacher = new TestClient(app);
    await teacher.signIn(school.member('teacher'));
    const res = await teacher.get(ROUTES.syncSnapshot);
    const text = await res.text();
    expect(res.status).toBe(200);
    const pupil = snapshotResponseSchema
      .parse(JSON.parse(text))
      .roster.pupils.find((p) => p.displayName.startsWith('Pupil1'));
    expect(pupil).toBeDefined();
    for (const word of [
      'black',
      'ehcPlan',
      'childProtectionPlan',
      'youngCarer',
      'serviceChild',
      'ethnicity',
      'female',
    ]) {
      expect(text).not.toContain(word);
    }

    // Undoing the import that added the pupil removes the pupil, and their characteristics with them.
    expect(await spansOf(school.id)).toHaveLength(12);
    expect((await admin.post(routePath(dataApi.undoImport.path, { id: job.id }))).status).toBe(200);
    expect(await spansOf(school.id)).toEqual([]);
  });
});

describe('a characteristics history file', () => {
  const HISTORY = 'UPN,Characteristic,Value,From,To';

  it('refuses overlapping spans, unknown values, characteristics and UPNs with row and column', async () => {
    const { admin } = await setUp();
    await imported(admin, `${HEADER}\n${line(1, 'F,WBRI,ENG,N,N,N,N,N,N,N,N,N')}\n`, '2024-09-02');
    const csv = [
      HISTORY,
      `${upnOf(1)},fsm,Y,01/09/2023,31/12/2024`,
      `${upnOf(1)},Free school meals,N,01/12/2024,`,
      `${upnOf(1)},sen,Q,01/09/2023,`,
      `${upnOf(1)},religion,C,01/09/2023,`,
      `${upnOf(9)},sex,F,01/09/2023,`,
      `${upnOf(1)},ethnicity,APKN,01/09/2024,01/01/2024`,
    ].join('\n');
    const previewed = await uploadImport(admin, 'characteristics', `${csv}\n`);
    const errors = previewed.preview?.errors ?? [];
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, 'from'],
      [4, 'value'],
      [5, 'characteristic'],
      [7, 'to'],
      [6, 'UPN'],
    ]);
    expect(errors[0]?.message).toBe(
      `row 3: this span of free school meals overlaps row 2's for pupil ${upnOf(1)}; a pupil holds one value at a time, so end one before the other begins`,
    );
    expect(errors[1]?.message).toMatch(/^row 4: value 'Q' is not a value of sen provision/);
  });

  it("replaces the history of each pupil and characteristic it names, and keeps today's flags in step", async () => {
    const { school, admin } = await setUp();
    await imported(admin, `${HEADER}\n${line(1, 'F,WBRI,ENG,N,N,N,N,N,N,N,N,N')}\n`, '2024-09-02');
    const csv = [
      HISTORY,
      `${upnOf(1)},fsm,Y,01/09/2023,31/12/2024`,
      `${upnOf(1)},fsm,N,01/01/2025,`,
      `${upnOf(1)},SEN provision,E,2024-01-15,`,
    ].join('\n');
    const previewed = await uploadImport(admin, 'characteristics', `${csv}\n`);
    expect(previewed.preview?.changes).toMatchObject({ updated: 2, unchanged: 0 });
    expect(previewed.preview?.changeList.flatMap((c) => c.details)).toEqual([
      'Free school meals history replaced',
      'SEN provision history replaced',
    ]);
    const { job } = await confirmImport(admin, previewed.id, false);
    expect(job.state).toBe('done');
    const spans = await spansOf(school.id);
    expect(spans.filter((s) => s.key === 'fsm' || s.key === 'sen')).toEqual([
      { upn: upnOf(1), key: 'fsm', value: 'yes', from_date: '2023-09-01', to_date: '2024-12-31' },
      { upn: upnOf(1), key: 'fsm', value: 'no', from_date: '2025-01-01', to_date: null },
      { upn: upnOf(1), key: 'sen', value: 'ehcPlan', from_date: '2024-01-15', to_date: null },
    ]);
    // Characteristics the file does not name are kept.
    expect(spans.find((s) => s.key === 'ethnicity')?.value).toBe('white');
    const flags = await db.query<{ send: boolean; fsm: boolean }>(
      'SELECT send, fsm FROM pupil WHERE school_id = $1',
      [school.id],
    );
    expect(flags.rows).toEqual([{ send: true, fsm: false }]);
  });
});
