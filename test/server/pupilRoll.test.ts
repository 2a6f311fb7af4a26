/**
 * The admission register: admission date, leaving date and the ground for deletion, set by the
 * office or an admin (with who and when) or imported; a leaver is on registers up to their leaving
 * day and gone from the next, a new pupil from their admission day; the chase list, the late and
 * sign-out books and first-day contacts never take someone off roll.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/domain';
import { pupilListResponseSchema, pupilRollResponseSchema } from '../../src/shared/api/dataSchemas';
import { routePath } from '../../src/shared/api/routes';
import type { Database } from '../../src/server/db/database';
import { chaseList } from '../../src/server/office/chase';
import { pupilOfSchool, pupilsOnRoll } from '../../src/server/office/officeSupport';
import { buildRoster } from '../../src/server/sync/roster';
import { createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import {
  createSyncSchool,
  morningClock,
  signedInDevice,
  TODAY,
  type SyncSchool,
} from './syncFixtures';
import {
  importFile,
  openDataDatabase,
  PUPIL_HEADER,
  pupilCsv,
  pupilLine,
  upnOf,
  uploadImport,
} from './dataFixtures';
import * as dataApi from '../../src/shared/api/endpoints/dataEndpoints';

let testDb: TestDatabase;
let db: Database;
let school: SyncSchool;
let admin: TestClient;
let office: TestClient;
let teacher: TestClient;
const ids = new Map<number, string>();

beforeAll(async () => {
  testDb = await openDataDatabase();
  db = testDb.db;
  school = await createSyncSchool(db, { groups: [] });
  const { app } = createTestApp(db);
  admin = new TestClient(app);
  office = new TestClient(app);
  teacher = new TestClient(app);
  await admin.signIn(school.member('admin'));
  await office.signIn(school.member('office'));
  await teacher.signIn(school.member('teacher'));
  await importFile(admin, 'pupils', pupilCsv(4));
  // Pupil 1 was absent, reason unknown, on Monday 3 March; it is Tuesday 4 March at the school.
  await importFile(
    admin,
    'marks',
    `UPN,Date,Session,Code,Minutes late\n${upnOf(1)},2025-03-03,AM,N,\n`,
  );
  const { rows } = await db.query<{ id: string; upn: string }>(
    'SELECT id, upn FROM pupil WHERE school_id = $1',
    [school.id],
  );
  for (const r of rows) ids.set(Number(r.upn.slice(1, 12)), r.id);
});
afterAll(async () => {
  await testDb.close();
});

const idOf = (n: number): string => ids.get(n) ?? '';

async function put(
  client: TestClient,
  n: number | string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const id = typeof n === 'number' ? idOf(n) : n;
  const res = await client.request('PUT', routePath(dataApi.setPupilRoll.path, { id }), body);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function onRoll(date: string): Promise<string[]> {
  return (await pupilsOnRoll(db, school.id, localDate(date))).map((p) => p.id);
}

async function auditRows(n: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM pupil_roll_change WHERE pupil_id = $1',
    [idOf(n)],
  );
  return rows[0]?.n ?? 0;
}

describe('leaving date and grounds for deletion', () => {
  it('the office sets them; the pupil is on registers on the leaving day and gone the day after', async () => {
    const { rows: v0 } = await db.query<{ v: number }>(
      'SELECT roster_version::int AS v FROM school WHERE id = $1',
      [school.id],
    );
    const answer = await put(office, 1, {
      admissionDate: '2023-09-01',
      leavingDate: '2025-03-04',
      grounds: 'registered_elsewhere',
    });
    expect(answer.status).toBe(200);
    const pupil = pupilRollResponseSchema.parse(answer.body).pupil;
    expect(pupil).toMatchObject({
      leavingDate: '2025-03-04',
      grounds: 'registered_elsewhere',
      lastChange: {
        at: '2025-03-04T08:30:00.000Z',
        byName: school.member('office').name,
        role: 'office',
      },
    });
    const { rows: v1 } = await db.query<{ v: number }>(
      'SELECT roster_version::int AS v FROM school WHERE id = $1',
      [school.id],
    );
    expect(v1[0]?.v).toBe((v0[0]?.v ?? 0) + 1);

    // Today's registers, the late book's and the roll call's list (all read pupilsOnRoll).
    expect(await onRoll('2025-03-04')).toContain(idOf(1));
    expect(await onRoll('2025-03-05')).not.toContain(idOf(1));
    // The chase list offers their N while they are on roll, and not once they have left.
    expect(
      (await chaseList(db, school.id, localDate('2025-03-04'))).items.map((i) => i.pupilId),
    ).toContain(idOf(1));
    expect(
      (await chaseList(db, school.id, localDate('2025-03-05'))).items.map((i) => i.pupilId),
    ).not.toContain(idOf(1));
    // Sign-outs and first-day contacts are refused for a day the pupil is off roll.
    await expect(
      pupilOfSchool(db, school.id, idOf(1), localDate('2025-03-04')),
    ).resolves.toMatchObject({ id: idOf(1) });
    await expect(pupilOfSchool(db, school.id, idOf(1), localDate('2025-03-05'))).rejects.toThrow(
      'Pupil1 Surname1 is not on roll on 5 March 2025 (on roll from 1 September 2023 to 4 March 2025), so nothing can be recorded for them that day.',
    );
    const { rows: membership } = await db.query<{ to_date: string | null }>(
      `SELECT to_char(to_date, 'YYYY-MM-DD') AS to_date FROM group_membership WHERE pupil_id = $1`,
      [idOf(1)],
    );
    expect(membership).toEqual([{ to_date: '2025-03-04' }]);
    expect(await auditRows(1)).toBe(1);

    // Back on roll: no leaving date, no grounds, the membership open again.
    expect(
      (await put(admin, 1, { admissionDate: '2023-09-01', leavingDate: null, grounds: null }))
        .status,
    ).toBe(200);
    expect(await onRoll('2025-03-05')).toContain(idOf(1));
    expect(await auditRows(1)).toBe(2);
  });

  it('an admission date keeps the pupil off registers before it', async () => {
    expect(
      (await put(admin, 2, { admissionDate: '2025-03-05', leavingDate: null, grounds: null }))
        .status,
    ).toBe(200);
    expect(await onRoll('2025-03-04')).not.toContain(idOf(2));
    expect(await onRoll('2025-03-05')).toContain(idOf(2));
  });

  it.each([
    [
      { admissionDate: '2023-09-01', leavingDate: '2025-03-04', grounds: null },
      'grounds is needed with a leaving date',
    ],
    [
      { admissionDate: '2023-09-01', leavingDate: null, grounds: 'died' },
      'grounds must be empty (null) while the pupil has no leaving date',
    ],
    [
      { admissionDate: '2023-09-01', leavingDate: '2023-08-31', grounds: 'died' },
      'leavingDate must not be before the admission date',
    ],
    [
      { admissionDate: '2023-09-01', leavingDate: '2025-03-04', grounds: 'moved house' },
      'grounds is not one of the grounds for deletion',
    ],
    [
      { admissionDate: '1/9/2023', leavingDate: null, grounds: null },
      'admissionDate is not a date in the form yyyy-MM-dd',
    ],
    [{ admissionDate: '2023-09-01', leavingDate: null }, 'grounds'],
    [
      { admissionDate: '0000-01-01', leavingDate: null, grounds: null },
      'admissionDate is outside the dates Tickmark accepts',
    ],
    [
      { admissionDate: '2023-09-01', leavingDate: '9999-12-31', grounds: 'moved_away' },
      'leavingDate is outside the dates Tickmark accepts',
    ],
  ])('refuses %j, saying what to fix, and writes nothing', async (body, message) => {
    const answer = await put(office, 3, body);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toContain(message);
    expect(await auditRows(3)).toBe(0);
  });

  it('refuses a leaving date before recorded attendance (no retrospective deletion), writing nothing', async () => {
    const answer = await put(office, 1, {
      admissionDate: '2023-09-01',
      leavingDate: '2025-03-02',
      grounds: 'moved_away',
    });
    expect(answer.status).toBe(400);
    expect(answer.body['message']).toBe(
      'Pupil1 Surname1 has register entries up to 3 March 2025; a name is not deleted from the register retrospectively, so the leaving date must be that day or later.',
    );
    const later = await put(office, 1, {
      admissionDate: '2025-03-04',
      leavingDate: null,
      grounds: null,
    });
    expect(later.status).toBe(400);
    expect(later.body['message']).toMatch(
      /^Pupil1 Surname1 has register entries from 3 March 2025/,
    );
    expect(await onRoll('2025-03-05')).toContain(idOf(1));
  });

  it('is for the office and admins only; another school’s or an unknown pupil is not found', async () => {
    const body = { admissionDate: '2023-09-01', leavingDate: null, grounds: null };
    expect((await put(teacher, 4, body)).status).toBe(403);
    expect((await teacher.get(dataApi.listRoll.path)).status).toBe(403);
    expect((await put(office, '00000000-0000-4000-8000-000000000000', body)).status).toBe(404);
    expect((await put(office, 'pupil-4', body)).status).toBe(400);
    const list = pupilListResponseSchema.parse(
      await (await office.get(dataApi.listRoll.path)).json(),
    );
    expect(list.pupils.find((p) => p.id === idOf(4))).toMatchObject({
      upn: upnOf(4),
      admissionDate: '2023-09-01',
      leavingDate: null,
      grounds: null,
      lastChange: null,
    });
  });
});

describe('grounds for deletion in a pupils file', () => {
  const header = `${PUPIL_HEADER},Reason for Leaving`;

  it('reads a ground by key or label next to a leaving date, and keeps hand-set grounds when the file has none', async () => {
    const csv = `${header}\n${pupilLine({ n: 20, leaving: '28/02/2025' })},Permanently excluded\n${pupilLine({ n: 21 })},\n`;
    const job = await importFile(admin, 'pupils', csv);
    expect(job.result).toMatchObject({ new: 2 });
    const { rows } = await db.query<{ upn: string; leaving_grounds: string | null }>(
      'SELECT upn, leaving_grounds FROM pupil WHERE school_id = $1 AND upn = ANY($2::text[]) ORDER BY upn',
      [school.id, [upnOf(20), upnOf(21)]],
    );
    expect(rows).toEqual([
      { upn: upnOf(20), leaving_grounds: 'permanently_excluded' },
      { upn: upnOf(21), leaving_grounds: null },
    ]);
    // Re-imported from a file without the column: the ground stays.
    await importFile(
      admin,
      'pupils',
      pupilCsv([{ n: 20, leaving: '28/02/2025', forename: 'Renamed' }]),
    );
    const { rows: after } = await db.query<{ leaving_grounds: string | null }>(
      'SELECT leaving_grounds FROM pupil WHERE school_id = $1 AND upn = $2',
      [school.id, upnOf(20)],
    );
    expect(after).toEqual([{ leaving_grounds: 'permanently_excluded' }]);
  });

  it('refuses a ground it does not know, or one without a leaving date', async () => {
    const csv = `${header}\n${pupilLine({ n: 30, leaving: '28/02/2025' })},moved house\n${pupilLine({ n: 31 })},died\n`;
    const job = await uploadImport(admin, 'pupils', csv);
    expect(job.preview?.errors.map((e) => e.message)).toEqual([
      "row 2: grounds for deletion 'moved house' is not one of the grounds for deletion: write one of registered_elsewhere, nursery_not_continued, dual_registration_ended, attendance_order_changed, home_education, moved_away, medically_unfit, custody, died, compulsory_age_ended, permanently_excluded, missing, boarding_charges_unpaid, not_compulsory_age_left (or its label)",
      "row 3: grounds for deletion 'died' given without a leaving date; add the leaving date or clear the grounds",
    ]);
  });
});

describe('a tablet’s marks and the leaving and admission days', () => {
  it('accepts a mark on the leaving day, refuses one the day after and one before admission', async () => {
    const sync = await createSyncSchool(db);
    const { app, clock } = createTestApp(db, { clock: morningClock() });
    const head = new TestClient(app);
    await head.signIn(sync.member('admin'));
    const tablet = await signedInDevice(app, sync.member('teacher'), { clock });
    const [stays, leftYesterday, startsTomorrow] = [sync.pupil(0), sync.pupil(1), sync.pupil(2)];
    const setRoll = async (pupilId: string, body: unknown) => {
      const res = await head.request(
        'PUT',
        routePath(dataApi.setPupilRoll.path, { id: pupilId }),
        body,
      );
      expect(res.status).toBe(200);
    };
    await setRoll(stays, {
      admissionDate: '2024-09-03',
      leavingDate: TODAY,
      grounds: 'moved_away',
    });
    await setRoll(leftYesterday, {
      admissionDate: '2024-09-03',
      leavingDate: '2025-03-03',
      grounds: 'moved_away',
    });
    await setRoll(startsTomorrow, {
      admissionDate: '2025-03-05',
      leavingDate: null,
      grounds: null,
    });

    await tablet.pushOk([tablet.event({ pupilId: stays })]);
    for (const pupilId of [leftYesterday, startsTomorrow]) {
      const error = await tablet.pushError([tablet.event({ pupilId, clientSeq: 2 })], 422);
      expect(error.details).toMatchObject({
        rejected: [{ message: "The pupil was not on this school's roll on 4 March 2025." }],
      });
    }
  });
});

describe('the roster a tablet takes', () => {
  it('holds a pupil admitted later, with their admission day, so they appear on that day’s register', async () => {
    const csv = pupilCsv([{ n: 40, admission: '10/03/2025', group: '4Z', yearGroup: '4' }]);
    await importFile(admin, 'pupils', csv);
    const roster = await buildRoster(db, school.id, new Date('2025-03-04T10:00:00Z'));
    const pupil = roster.pupils.find((p) => p.displayName === 'Pip40 Surname40');
    expect(pupil).toMatchObject({ onRollFrom: '2025-03-10', onRollTo: null });
    expect(roster.groups.find((g) => g.id === pupil?.groupId)?.name).toBe('4Z');
  });
});
