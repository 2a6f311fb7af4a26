/**
 * Imports that cannot empty a school: a pupils file only adds and updates unless it is imported
 * as the whole roll; taking more than 5 % of the roll off needs the number typed; and a pupils
 * import can be undone for 7 days, putting the roll (and so every register) back exactly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJobResponseSchema } from '../../src/shared/api/dataSchemas';
import { routePath } from '../../src/shared/api/routes';
import type { Database } from '../../src/server/db/database';
import { buildRoster } from '../../src/server/sync/roster';
import { createTestApp, TestClient, type ManualClock } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import {
  confirmImport,
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

beforeAll(async () => {
  testDb = await openDataDatabase();
  db = testDb.db;
});
afterAll(async () => {
  await testDb.close();
});

const ROLL = 205;

interface Setup {
  school: SyncSchool;
  admin: TestClient;
  clock: ManualClock;
}

/** A school with 205 pupils on roll and a morning's and an afternoon's marks for every one. */
async function schoolOf205(): Promise<Setup> {
  const school = await createSyncSchool(db, { groups: [] });
  const { app, clock } = createTestApp(db);
  const admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  await importFile(admin, 'pupils', pupilCsv(ROLL));
  const marks = ['UPN,Date,Session,Code,Minutes late'];
  for (let n = 1; n <= ROLL; n += 1) {
    marks.push(
      `${upnOf(n)},2025-03-03,AM,/,`,
      `${upnOf(n)},2025-03-03,PM,\\,`,
      `${upnOf(n)},2025-03-04,AM,/,`,
    );
  }
  await importFile(admin, 'marks', `${marks.join('\n')}\n`);
  return { school, admin, clock };
}

/** Six rows: pupils 1–5 as they are, and pupil 6 with a date of birth that does not exist. */
function sixRowFile(): string {
  const bad = pupilLine({ n: 6 }).replace(/,\d\d\/\d\d\/2016,/, ',31/02/2016,');
  return `${PUPIL_HEADER}\n${[1, 2, 3, 4, 5].map((n) => pupilLine({ n })).join('\n')}\n${bad}\n`;
}

/** Everything an import or its undo could touch, and what a tablet and the registers show. */
async function rollState(schoolId: string): Promise<unknown> {
  const pupils = await db.query(
    'SELECT to_jsonb(p) - $2::text AS row FROM pupil p WHERE p.school_id = $1 ORDER BY p.id',
    [schoolId, 'created_at'],
  );
  const memberships = await db.query(
    `SELECT m.* FROM group_membership m JOIN pupil p ON p.id = m.pupil_id WHERE p.school_id = $1
      ORDER BY m.pupil_id, m.from_date`,
    [schoolId],
  );
  const groups = await db.query('SELECT * FROM school_group WHERE school_id = $1 ORDER BY id', [
    schoolId,
  ]);
  const entries = await db.query(
    `SELECT pupil_id, session_date, session_part, code, minutes_late FROM register_entry WHERE school_id = $1
      ORDER BY pupil_id, session_date, session_part`,
    [schoolId],
  );
  const events = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1',
    [schoolId],
  );
  const { version: _version, ...roster } = await buildRoster(
    db,
    schoolId,
    new Date('2025-03-04T10:00:00Z'),
  );
  return {
    pupils: pupils.rows,
    memberships: memberships.rows,
    groups: groups.rows,
    entries: entries.rows,
    events: events.rows,
    roster,
  };
}

async function onRollToday(schoolId: string): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pupil WHERE school_id = $1 AND on_roll_from <= '2025-03-04'
        AND (on_roll_to IS NULL OR on_roll_to >= '2025-03-04')`,
    [schoolId],
  );
  return rows[0]?.n ?? 0;
}

async function confirmStatus(
  admin: TestClient,
  id: string,
  body: unknown,
): Promise<{ status: number; message: string }> {
  const res = await admin.post(routePath(dataApi.confirmImport.path, { id }), body);
  const answer = (await res.json()) as { message?: string };
  return { status: res.status, message: answer.message ?? '' };
}

async function undo(
  admin: TestClient,
  id: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await admin.post(routePath(dataApi.undoImport.path, { id }));
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('a 6-row file against a roll of 205, bad rows left out', () => {
  it('takes nobody off roll when imported as "add and update only" (the default)', async () => {
    const { school, admin } = await schoolOf205();
    const before = await rollState(school.id);
    const previewed = await uploadImport(admin, 'pupils', sixRowFile());
    expect(previewed.wholeRoll).toBe(false);
    expect(previewed.preview).toMatchObject({
      wholeRoll: false,
      rollSize: ROLL,
      leaverConfirmation: false,
      leavers: [],
      rowsWithErrors: 1,
      changes: { leavers: 0 },
    });
    const { job } = await confirmImport(admin, previewed.id, true);
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ leavers: 0, skippedRows: 1 });
    expect(await onRollToday(school.id)).toBe(ROLL);
    // Nothing in the file differed from the roll, so the roll is exactly as it was.
    expect(await rollState(school.id)).toEqual(before);
  });

  it('as the whole roll, lists every leaver and writes nothing until their number is typed; undo puts the roll and registers back', async () => {
    const { school, admin } = await schoolOf205();
    const before = await rollState(school.id);
    const previewed = await uploadImport(admin, 'pupils', sixRowFile(), { wholeRoll: true });
    const preview = previewed.preview;
    // Pupil 6's row is bad but names them: skipping it does not make them a leaver.
    expect(preview).toMatchObject({
      wholeRoll: true,
      rollSize: ROLL,
      leaverConfirmation: true,
      changes: { leavers: 199 },
    });
    expect(preview?.leavers).toHaveLength(199);
    expect(preview?.leavers.map((l) => l.upn)).not.toContain(upnOf(6));
    expect(preview?.leavers[0]).toEqual({
      upn: upnOf(7),
      name: 'Pupil7 Surname7',
      leavingDate: '2025-03-04',
    });

    const without = await confirmStatus(admin, previewed.id, { skipBadRows: true });
    expect(without.status).toBe(400);
    expect(without.message).toBe(
      'Nothing was imported: this would take 199 of the 205 pupils on roll off it (more than 5 %). Check the names in the preview; if they really have all left, type 199 to confirm. If the file is not your whole roll, import it as "add and update only".',
    );
    const wrong = await confirmStatus(admin, previewed.id, {
      skipBadRows: true,
      confirmLeavers: 205,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.message).toMatch(/The number typed, 205, does not match\. .*type 199 to confirm/);
    const notNumber = await confirmStatus(admin, previewed.id, {
      skipBadRows: true,
      confirmLeavers: 'all',
    });
    expect(notNumber.status).toBe(400);
    expect(notNumber.message).toMatch(/confirmLeavers/);
    expect(await rollState(school.id)).toEqual(before);

    const { job } = await confirmImport(admin, previewed.id, true, 199);
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ leavers: 199, skippedRows: 1 });
    expect(job.undoableUntil).toBe('2025-03-11T08:30:00.000Z');
    // They leave at the end of today: today's register still has them, tomorrow's does not.
    expect(await onRollToday(school.id)).toBe(ROLL);
    const { rows: tomorrow } = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pupil WHERE school_id = $1 AND (on_roll_to IS NULL OR on_roll_to >= '2025-03-05')`,
      [school.id],
    );
    expect(tomorrow[0]?.n).toBe(6);

    const undone = await undo(admin, job.id);
    expect(undone.status).toBe(200);
    const after = importJobResponseSchema.parse(undone.body).import;
    expect(after.undoneAt).toBe('2025-03-04T08:30:00.000Z');
    expect(after.undoneBy?.id).toBe(school.member('admin').id);
    expect(after.undoableUntil).toBeNull();
    expect(await rollState(school.id)).toEqual(before);

    const again = await undo(admin, job.id);
    expect(again.status).toBe(409);
    expect(again.body['message']).toMatch(/^The import was not undone: it was undone already/);
  });

  it('as the whole roll, refuses to skip a bad row whose UPN cannot be read (it might be anyone)', async () => {
    const { school, admin } = await schoolOf205();
    const file = sixRowFile().replace(upnOf(3), 'T000000003');
    const previewed = await uploadImport(admin, 'pupils', file, { wholeRoll: true });
    expect(previewed.preview?.changes.leavers).toBe(0);
    const refused = await confirmStatus(admin, previewed.id, {
      skipBadRows: true,
      confirmLeavers: 198,
    });
    expect(refused.status).toBe(400);
    expect(refused.message).toBe(
      'Nothing was imported: this file is to be the whole roll, but row 4 has no UPN that can be read, so it cannot say which pupils leave. Correct the UPN, or import the file as "add and update only".',
    );
    expect(await onRollToday(school.id)).toBe(ROLL);
  });
});

describe('undo', () => {
  it('adds back nothing and removes what an import added, and is refused once marks exist for an added pupil', async () => {
    const { school, admin } = await schoolOf205();
    const before = await rollState(school.id);
    const added = await importFile(
      admin,
      'pupils',
      pupilCsv([{ n: 300, group: 'New 1', yearGroup: '1' }, { n: 301 }]),
    );
    expect(added.result).toMatchObject({ new: 2, groupsNew: 1 });
    expect((await undo(admin, added.id)).status).toBe(200);
    expect(await rollState(school.id)).toEqual(before);

    const again = await importFile(admin, 'pupils', pupilCsv([{ n: 302 }]));
    await importFile(
      admin,
      'marks',
      `UPN,Date,Session,Code,Minutes late\n${upnOf(302)},2025-03-04,AM,/,\n`,
    );
    const refused = await undo(admin, again.id);
    expect(refused.status).toBe(409);
    expect(refused.body['message']).toBe(
      'The import was not undone: pupils it added now have marks, which must be kept. Give those pupils a leaving date instead.',
    );
  });

  it('is refused while a later import stands, and imports undo one by one from the newest', async () => {
    const { school, admin } = await schoolOf205();
    const before = await rollState(school.id);
    const first = await importFile(admin, 'pupils', pupilCsv([{ n: 1, forename: 'First' }]));
    const middle = await rollState(school.id);
    const second = await importFile(
      admin,
      'pupils',
      pupilCsv([{ n: 1, forename: 'Second', group: '9Z', yearGroup: '9' }]),
    );
    const refused = await undo(admin, first.id);
    expect(refused.status).toBe(409);
    expect(refused.body['message']).toMatch(
      /the roll has changed since it .* Undo the later imports first, newest first/,
    );
    expect((await undo(admin, second.id)).status).toBe(200);
    expect(await rollState(school.id)).toEqual(middle);
    expect((await undo(admin, first.id)).status).toBe(200);
    expect(await rollState(school.id)).toEqual(before);
  });

  it('is refused after 7 days, and answers bad requests with what to fix', async () => {
    const { school, admin, clock } = await schoolOf205();
    const job = await importFile(admin, 'pupils', pupilCsv([{ n: 1, forename: 'Late' }]));
    const notAnId = await admin.post(routePath(dataApi.undoImport.path, { id: 'last' }));
    expect(notAnId.status).toBe(400);
    const unknown = await undo(admin, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
    const marks = (
      await db.query<{ id: string }>(
        `SELECT id FROM import_job WHERE school_id = $1 AND kind = 'marks'`,
        [school.id],
      )
    ).rows[0];
    const notPupils = await undo(admin, marks?.id ?? '');
    expect(notPupils.status).toBe(400);
    expect(notPupils.body['message']).toMatch(/Only a pupils import can be undone/);
    const staffRoll = await admin.post(dataApi.listImports.path, {
      kind: 'staff',
      fileName: 's.csv',
      wholeRoll: true,
    });
    expect(staffRoll.status).toBe(400);

    clock.advance(7 * 24 * 60 * 60 * 1000 + 1000);
    await admin.signIn(school.member('admin'));
    const late = await undo(admin, job.id);
    expect(late.status).toBe(409);
    expect(late.body['message']).toMatch(
      /can be undone for 7 days after it was made, and that time is over/,
    );
  });
});
