/**
 * Imports from the school's MIS through the API: preview writes nothing, confirm writes in one
 * job, re-import by UPN updates and gives leavers a leaving date, staff and historical marks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routePath } from '../../src/shared/api/routes';
import type { Database } from '../../src/server/db/database';
import { createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import {
  confirmImport,
  importFile,
  openDataDatabase,
  pupilCsv,
  upnOf,
  uploadImport,
} from './dataFixtures';
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

async function count(sql: string, params: unknown[]): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql, params);
  return rows[0]?.n ?? 0;
}

async function rosterVersion(schoolId: string): Promise<number> {
  return count('SELECT roster_version::int AS n FROM school WHERE id = $1', [schoolId]);
}

describe('pupil import', () => {
  it('previews without writing, then writes pupils, groups and memberships when confirmed', async () => {
    const { school, admin } = await schoolWithAdmin();
    const before = await rosterVersion(school.id);
    const previewed = await uploadImport(admin, 'pupils', pupilCsv(12));
    expect(previewed.state).toBe('previewed');
    expect(previewed.preview?.changes).toMatchObject({
      new: 12,
      updated: 0,
      leavers: 0,
      groupsNew: 6,
    });
    expect(previewed.preview?.errors).toEqual([]);
    expect(
      await count('SELECT count(*)::int AS n FROM pupil WHERE school_id = $1', [school.id]),
    ).toBe(0);

    const { job } = await confirmImport(admin, previewed.id);
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ new: 12, skippedRows: 0 });
    expect(
      await count('SELECT count(*)::int AS n FROM pupil WHERE school_id = $1', [school.id]),
    ).toBe(12);
    expect(
      await count(
        `SELECT count(*)::int AS n FROM group_membership m JOIN pupil p ON p.id = m.pupil_id
          WHERE p.school_id = $1 AND m.to_date IS NULL`,
        [school.id],
      ),
    ).toBe(12);
    const { rows } = await db.query<{
      preferred_forename: string | null;
      send: boolean;
      fsm: boolean;
      date_of_birth: string;
      year_group: string;
      name: string;
    }>(
      `SELECT p.preferred_forename, p.send, p.fsm, p.date_of_birth, g.year_group, g.name FROM pupil p
         JOIN group_membership m ON m.pupil_id = p.id JOIN school_group g ON g.id = m.group_id
        WHERE p.upn = $1 AND p.school_id = $2`,
      [upnOf(10), school.id],
    );
    expect(rows[0]).toEqual({
      preferred_forename: 'Pip10',
      send: false,
      fsm: false,
      date_of_birth: '2016-02-11',
      year_group: '5',
      name: '5B',
    });
    expect(await rosterVersion(school.id)).toBe(before + 1);
    // The uploaded rows are personal data: gone once the import has been written.
    expect(
      await count('SELECT count(*)::int AS n FROM import_chunk WHERE import_id = $1', [job.id]),
    ).toBe(0);
  });

  it('re-import by UPN as the whole roll updates pupils, moves groups and gives pupils missing from the file a leaving date', async () => {
    const { school, admin } = await schoolWithAdmin();
    await importFile(admin, 'pupils', pupilCsv(5), { effectiveDate: '2024-09-02' });
    const second = pupilCsv([
      { n: 1, forename: 'Renamed' },
      { n: 2, group: '6Z', yearGroup: '6' },
      { n: 3 },
      { n: 4, leaving: '31/10/2024' },
      { n: 6 },
    ]);
    const previewed = await uploadImport(admin, 'pupils', second, {
      effectiveDate: '2024-11-04',
      wholeRoll: true,
    });
    expect(previewed.preview?.changes).toMatchObject({
      new: 1,
      updated: 3,
      unchanged: 1,
      leavers: 1,
      groupsNew: 2,
    });
    const leaver = previewed.preview?.changeList.find((l) => l.change === 'leaver');
    // The file describes 4 November, but it is 4 March at the school: pupil 5 leaves from
    // today, not from 3 November, since a name is not taken off registers already taken.
    expect(leaver).toMatchObject({
      key: upnOf(5),
      details: [
        'not in the file: leaving date 2025-03-04; record the grounds for deletion on the pupils screen',
      ],
    });
    expect(previewed.preview?.leavers).toEqual([
      { upn: upnOf(5), name: 'Pupil5 Surname5', leavingDate: '2025-03-04' },
    ]);
    // One of five is more than 5 % of the roll: the admin types the number to confirm.
    expect(previewed.preview?.leaverConfirmation).toBe(true);
    await confirmImport(admin, previewed.id, false, 1);

    const { rows } = await db.query<{
      upn: string;
      legal_forename: string;
      on_roll_to: string | null;
    }>('SELECT upn, legal_forename, on_roll_to FROM pupil WHERE school_id = $1 ORDER BY upn', [
      school.id,
    ]);
    expect(rows.map((r) => [r.upn, r.legal_forename, r.on_roll_to])).toEqual([
      [upnOf(1), 'Renamed', null],
      [upnOf(2), 'Pupil2', null],
      [upnOf(3), 'Pupil3', null],
      [upnOf(4), 'Pupil4', '2024-10-31'],
      [upnOf(5), 'Pupil5', '2025-03-04'],
      [upnOf(6), 'Pupil6', null],
    ]);
    const { rows: moves } = await db.query<{
      name: string;
      from_date: string;
      to_date: string | null;
    }>(
      `SELECT g.name, m.from_date, m.to_date FROM group_membership m JOIN school_group g ON g.id = m.group_id
         JOIN pupil p ON p.id = m.pupil_id WHERE p.upn = $1 AND p.school_id = $2 ORDER BY m.from_date`,
      [upnOf(2), school.id],
    );
    expect(moves).toEqual([
      { name: '3C', from_date: '2023-09-01', to_date: '2024-11-03' },
      { name: '6Z', from_date: '2024-11-04', to_date: null },
    ]);
  });

  it('refuses a file with one bad row, writing nothing, unless bad rows are skipped', async () => {
    const { school, admin } = await schoolWithAdmin();
    const csv = pupilCsv(4).replace(
      `${upnOf(3)},Pupil3,Surname3,,,04/04/2016,Year 4`,
      `${upnOf(3)},Pupil3,Surname3,,,04/04/2016,Year Seven`,
    );
    const previewed = await uploadImport(admin, 'pupils', csv);
    expect(previewed.preview?.rowsWithErrors).toBe(1);
    expect(previewed.preview?.errors.map((e) => e.message)).toEqual([
      "row 4: year group 'Year Seven' is not one of N1, N2, R, 1–13",
    ]);
    const refused = await admin.post(routePath(dataApi.confirmImport.path, { id: previewed.id }), {
      skipBadRows: false,
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /Nothing was imported: 1 row has problems/,
    );
    expect(
      await count('SELECT count(*)::int AS n FROM pupil WHERE school_id = $1', [school.id]),
    ).toBe(0);

    const { job } = await confirmImport(admin, previewed.id, true);
    expect(job.result).toMatchObject({ new: 3, skippedRows: 1 });
    expect(
      await count('SELECT count(*)::int AS n FROM pupil WHERE school_id = $1', [school.id]),
    ).toBe(3);
  });

  it('does not make a pupil a leaver because their row was bad and skipped', async () => {
    const { school, admin } = await schoolWithAdmin();
    await importFile(admin, 'pupils', pupilCsv(3));
    const csv = pupilCsv(3).replace(
      `${upnOf(2)},Pupil2,Surname2,,,03/03/2016`,
      `${upnOf(2)},Pupil2,Surname2,,,31/02/2016`,
    );
    const previewed = await uploadImport(admin, 'pupils', csv, { wholeRoll: true });
    expect(previewed.preview?.changes.leavers).toBe(0);
    await confirmImport(admin, previewed.id, true);
    expect(
      await count(
        'SELECT count(*)::int AS n FROM pupil WHERE school_id = $1 AND on_roll_to IS NULL',
        [school.id],
      ),
    ).toBe(3);
  });
});

describe('staff import', () => {
  it('adds staff with roles and groups at this school, and updates them on re-import', async () => {
    const { school, admin } = await schoolWithAdmin();
    await importFile(admin, 'pupils', pupilCsv(6));
    const before = await rosterVersion(school.id);
    const csv =
      'Name,Email,Roles,Groups\nAnna Teach,Anna@School.example,Teacher,1A; 2B\nOlly Office,olly@school.example,office\n';
    const job = await importFile(admin, 'staff', csv);
    expect(job.result).toMatchObject({ new: 2 });
    const { rows } = await db.query<{ email: string; role: string; groups: string | null }>(
      `SELECT s.email, r.role, (SELECT string_agg(g.name, ',' ORDER BY g.name) FROM staff_group sg JOIN school_group g ON g.id = sg.group_id WHERE sg.staff_id = s.id) AS groups
         FROM staff s JOIN staff_role r ON r.staff_id = s.id AND r.school_id = $1
        WHERE s.email LIKE '%@school.example' AND s.email IN ('anna@school.example', 'olly@school.example') ORDER BY s.email`,
      [school.id],
    );
    expect(rows).toEqual([
      { email: 'anna@school.example', role: 'teacher', groups: '1A,2B' },
      { email: 'olly@school.example', role: 'office', groups: null },
    ]);
    expect(await rosterVersion(school.id)).toBe(before + 1);

    const again = await uploadImport(
      admin,
      'staff',
      'Name,Email,Roles,Groups\nAnna Teach,anna@school.example,teacher; attendance lead,1A\nOlly Office,olly@school.example,office\n',
    );
    expect(again.preview?.changes).toMatchObject({ new: 0, updated: 1, unchanged: 1 });
    expect(again.preview?.changeList[0]?.details).toEqual([
      'roles teacher → teacher, attendance_lead',
      'groups 1A, 2B → 1A',
    ]);
  });
});

describe('who may import', () => {
  it('refuses teachers, office staff and attendance leads', async () => {
    const school = await createSyncSchool(db, { groups: [] });
    const { app } = createTestApp(db);
    for (const handle of ['teacher', 'office', 'lead']) {
      const client = new TestClient(app);
      await client.signIn(school.member(handle));
      const res = await client.post(dataApi.listImports.path, {
        kind: 'pupils',
        fileName: 'p.csv',
        csv: pupilCsv(1),
      });
      expect(res.status, handle).toBe(403);
    }
  });

  it('shows another school’s import as not found', async () => {
    const { admin } = await schoolWithAdmin();
    const other = await schoolWithAdmin();
    const job = await uploadImport(admin, 'pupils', pupilCsv(1));
    const res = await other.admin.get(routePath(dataApi.getImport.path, { id: job.id }));
    expect(res.status).toBe(404);
  });
});
