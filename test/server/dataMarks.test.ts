/**
 * Historical marks in and out: an import becomes events in the school's log (attributed to the
 * importer, reason "imported from MIS", no device), numbered after the log's head, and entries;
 * the export gives them back with who, when and why. Round trip: pupils and a term of marks
 * imported, exported, and imported into a fresh database give identical entries and statistics.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeStats, localDate, statsByPupil, type StatEntry } from '../../src/domain';
import type { Database, Queryable } from '../../src/server/db/database';
import { createTestApp, TestClient } from './fixtures';
import type { TestDatabase } from './harness';
import { createSyncSchool, syncSchoolConfig, type SyncSchool } from './syncFixtures';
import {
  confirmImport,
  entriesOf,
  importFile,
  marksCsv,
  openDataDatabase,
  parsedConfig,
  pupilCsv,
  upnOf,
  uploadImport,
  type EntryRow,
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

async function schoolWithAdmin(on: Database): Promise<{ school: SyncSchool; admin: TestClient }> {
  const school = await createSyncSchool(on, { groups: [] });
  const { app } = createTestApp(on);
  const admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  return { school, admin };
}

function statEntries(entries: readonly EntryRow[]): StatEntry[] {
  return entries.map((e) => ({
    pupilId: e.upn,
    date: localDate(e.date),
    part: e.part as 'AM' | 'PM',
    code: e.code,
    minutesLate: e.minutes,
  }));
}

async function headSeq(on: Queryable, schoolId: string): Promise<number> {
  const { rows } = await on.query<{ seq: number }>(
    'SELECT seq FROM sync_head WHERE school_id = $1',
    [schoolId],
  );
  return rows[0]?.seq ?? 0;
}

describe('marks import', () => {
  it('stores events attributed to the importer, numbered after the log, and updates entries', async () => {
    const { school, admin } = await schoolWithAdmin(db);
    await importFile(admin, 'pupils', pupilCsv(2));
    const first = await importFile(
      admin,
      'marks',
      'UPN,Date,Session,Code,Minutes late\n' +
        `${upnOf(1)},10/07/2024,AM,H,\n${upnOf(1)},2024-11-12,AM,L,12\n${upnOf(2)},2024-11-12,PM,N,\n`,
    );
    expect(first.result).toMatchObject({ new: 3, updated: 0 });
    expect(await headSeq(db, school.id)).toBe(3);

    const second = await uploadImport(
      admin,
      'marks',
      `UPN,Date,Session,Code\n${upnOf(2)},2024-11-12,PM,I\n${upnOf(1)},2024-11-12,AM,L\n`,
    );
    // The file leaves minutes late out, so L without minutes differs from L with 12.
    expect(second.preview?.changes).toMatchObject({ new: 0, updated: 2 });
    expect(second.preview?.changeList.map((l) => l.label)).toEqual(['N → I', 'L → L']);
    await confirmImport(admin, second.id);

    const { rows } = await db.query<{
      server_seq: number;
      kind: string;
      code: string;
      device_id: string | null;
      client_seq: number | null;
      reason: string;
      actor_staff_id: string;
      actor_role: string;
      base_event_id: string | null;
    }>(
      'SELECT server_seq, kind, code, device_id, client_seq, reason, actor_staff_id, actor_role, base_event_id FROM mark_event WHERE school_id = $1 ORDER BY server_seq',
      [school.id],
    );
    expect(rows.map((r) => r.server_seq)).toEqual([1, 2, 3, 4, 5]);
    for (const r of rows) {
      expect(r).toMatchObject({
        device_id: null,
        client_seq: null,
        reason: 'imported from MIS',
        actor_staff_id: school.member('admin').id,
        actor_role: 'admin',
      });
    }
    expect(rows.slice(3).map((r) => [r.kind, r.code, r.base_event_id !== null])).toEqual([
      ['amend', 'I', true],
      ['amend', 'L', true],
    ]);
    expect(await entriesOf(db, school.id)).toEqual([
      { upn: upnOf(1), date: '2024-07-10', part: 'AM', code: 'H', minutes: null },
      { upn: upnOf(1), date: '2024-11-12', part: 'AM', code: 'L', minutes: null },
      { upn: upnOf(2), date: '2024-11-12', part: 'PM', code: 'I', minutes: null },
    ]);
  });

  it('exports marks with who last changed them, when and why, and lets attendance leads export', async () => {
    const { school, admin } = await schoolWithAdmin(db);
    await importFile(admin, 'pupils', pupilCsv(1));
    await importFile(
      admin,
      'marks',
      `UPN,Date,Session,Code,Minutes late\n${upnOf(1)},2024-11-12,AM,L,7\n${upnOf(1)},2024-11-12,PM,\\,\n${upnOf(1)},2024-11-13,AM,/,\n`,
    );
    const { app } = createTestApp(db);
    const lead = new TestClient(app);
    await lead.signIn(school.member('lead'));
    const res = await lead.get(`${dataApi.exportMarksCsv.path}?from=2024-11-12&to=2024-11-12`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    const admins = school.member('admin').name;
    expect(lines[0]).toBe('UPN,Date,Session,Code,Minutes late,Last amended by,When,Why');
    expect(lines.slice(1).map((l) => l.replace(/,20\d\d-[^,]+Z,/, ',WHEN,'))).toEqual([
      `${upnOf(1)},2024-11-12,AM,L,7,${admins},WHEN,imported from MIS`,
      `${upnOf(1)},2024-11-12,PM,\\,,${admins},WHEN,imported from MIS`,
    ]);
    const teacher = new TestClient(app);
    await teacher.signIn(school.member('office'));
    expect(
      (await teacher.get(`${dataApi.exportMarksCsv.path}?from=2024-11-12&to=2024-11-12`)).status,
    ).toBe(403);
    const backwards = await admin.get(
      `${dataApi.exportMarksCsv.path}?from=2024-11-13&to=2024-11-12`,
    );
    expect(backwards.status).toBe(400);
  });
});

describe('round trip', () => {
  // 1,000 pupils × the first two weeks of the autumn term (20 sessions each, the INSET day's `#`
  // included) here, to stay quick on two shared cores; the full size (1,000 pupils × the whole
  // autumn term) round-trips in test/bench/import.bench.ts.
  const PUPILS = 1000;
  const FROM = localDate('2024-09-03');
  const TO = localDate('2024-09-16');

  it('imports pupils and a term of marks, exports them, and a fresh database importing the export holds identical entries and statistics', async () => {
    const { school, admin } = await schoolWithAdmin(db);
    const pupils = pupilCsv(PUPILS);
    await importFile(admin, 'pupils', pupils);
    const config = parsedConfig(syncSchoolConfig(school.id, school.name));
    const marks = marksCsv(config, PUPILS, FROM, TO);
    const previewed = await uploadImport(admin, 'marks', marks.csv);
    expect(previewed.preview?.errors).toEqual([]);
    const { job, progress } = await confirmImport(admin, previewed.id);
    expect(job.state).toBe('done');
    expect(job.result?.new).toBe(marks.rows);
    expect(job.rowsDone).toBe(marks.rows);
    expect(progress.every((n, i) => i === 0 || n >= (progress[i - 1] ?? 0))).toBe(true);
    const before = await entriesOf(db, school.id);
    expect(before).toHaveLength(marks.rows);

    const exported = await admin.get(`${dataApi.exportMarksCsv.path}?from=${FROM}&to=${TO}`);
    const exportCsv = (await exported.text()).replace(/^\uFEFF/, '');

    const fresh = await openDataDatabase();
    try {
      const { school: other, admin: otherAdmin } = await schoolWithAdmin(fresh.db);
      await importFile(otherAdmin, 'pupils', pupils);
      const again = await importFile(otherAdmin, 'marks', exportCsv);
      expect(again.result?.new).toBe(marks.rows);
      const after = await entriesOf(fresh.db, other.id);
      expect(after).toEqual(before);
      expect(computeStats(statEntries(after))).toEqual(computeStats(statEntries(before)));
      expect(statsByPupil(statEntries(after))).toEqual(statsByPupil(statEntries(before)));
    } finally {
      await fresh.close();
    }
  }, 300_000);
});
