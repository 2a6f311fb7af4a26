/**
 * Keyed by school (docs/design.md, "Keyed by school"): every query of a school-owned table names
 * the school in its key, so the database can be split by school (a distributed PostgreSQL such as
 * Citus, the school as the distribution column). The statements are read from src/server and
 * checked with PostgreSQL's own parser (./schoolKey.ts says how and why from the source).
 *
 * The statements that do not yet are listed below, per file and table, as counts: a new one fails
 * the test, and so does one fixed without taking it off the list (the list only shrinks). Each
 * table without a school_id is named too, with why: global, or owned through a parent row.
 */
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from './harness';
import { collectStatements, unkeyedTables, type SqlStatement } from './schoolKey';

/** Tables with no school in them at all: shared by every school, or not a school's. */
const GLOBAL_TABLES: Readonly<Record<string, string>> = {
  schema_migrations: 'the migration runner’s own record',
  server_meta: 'the server’s own settings',
  organisation: 'a trust: above its schools',
  school: 'the school itself (its id is the key)',
  staff: 'a person of the trust, who may work in several of its schools (staff_role says where)',
  account_link: 'a sign-in link for one staff member (a person of the trust)',
  code_category: 'the DfE’s attendance codes, the same for every school',
  rate_limit: 'sign-in throttling by address, before anyone is known',
  setup_token: 'first-run set-up, before any school exists',
  oidc_attempt: 'a sign-in with the trust’s identity provider, before the school is known',
  dfe_benchmark: 'the DfE’s published figures (national, regional, local authority), for all',
  dfe_benchmark_load: 'a load of the DfE’s published figures',
};

/**
 * School-owned tables without a school_id column of their own: each row belongs to a parent row
 * that has one, and is read through it. Giving each its own school_id (so a split by school keeps
 * them beside their parents without a join) is listed as work in docs/design.md.
 */
const CHILD_TABLES: Readonly<Record<string, string>> = {
  group_membership: 'pupil',
  staff_group: 'school_group',
  device_staff: 'device',
  fire_drill_pupil: 'fire_drill',
  trip_leader: 'trip',
  trip_pupil: 'trip',
  trip_session: 'trip',
  import_chunk: 'import_job',
  pupil_photo: 'pupil',
  part_time_session: 'part_time_timetable',
  penalty_notice_step: 'penalty_notice',
  attendance_target_decision: 'attendance_target',
};

/**
 * Known statements that read a school-owned table without the school in its key: per file, per
 * table, how many. Most join a pupil, group, device or contact on its own id from a row that is
 * keyed (the id is unique, so the answer is right, but a split by school would need the school in
 * the join too); a few find a row by a globally unique token (a device's, a session's) before the
 * school is known, or look across every school on purpose (the start-up integrity check, the
 * import clean-up).
 */
const KNOWN_UNKEYED: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  'src/server/accounts/accountLinks.ts': { auth_session: 1 },
  'src/server/accounts/staffAccounts.ts': { auth_session: 1 },
  'src/server/auth/devices.ts': { auth_session: 1, device: 4 },
  'src/server/auth/sessions.ts': { auth_session: 2, device: 1 },
  'src/server/auth/staffDirectory.ts': { staff_role: 1 },
  'src/server/casework/caseLetters.ts': {
    attendance_case: 1,
    case_action: 1,
    case_attachment: 3,
    pupil: 1,
    pupil_contact: 1,
    school_group: 1,
  },
  'src/server/casework/caseService.ts': { case_action: 1 },
  'src/server/casework/caseStore.ts': { attendance_case: 1, case_action: 1 },
  'src/server/casework/celebrateService.ts': { school_group: 1 },
  'src/server/casework/impactService.ts': { attendance_case: 1, pupil: 1, school_group: 1 },
  'src/server/casework/partTimeService.ts': { part_time_timetable: 1, pupil: 1, register_entry: 1 },
  'src/server/casework/penaltyNoticeService.ts': { attendance_case: 1, pupil: 1, pupil_contact: 1 },
  'src/server/data/characteristicHistory.ts': { pupil: 1 },
  'src/server/data/contactImport.ts': { pupil_contact: 1 },
  'src/server/data/importStore.ts': { import_job: 8 },
  'src/server/data/interruptedImports.ts': { import_job: 3 },
  'src/server/data/marksExport.ts': { pupil: 1 },
  'src/server/data/pupilImport.ts': { pupil: 3, pupil_characteristic: 1 },
  'src/server/data/pupilRoll.ts': { pupil: 1, pupil_roll_change: 2, school_group: 2 },
  'src/server/data/undoImport.ts': {
    first_day_contact: 1,
    import_job: 1,
    pupil: 2,
    pupil_characteristic: 1,
    school_group: 1,
  },
  'src/server/db/integrityCheck.ts': { device: 1, export_log: 1, mark_event: 3, sync_head: 1 },
  'src/server/demo/seedDemo.ts': { device: 1 },
  'src/server/mis/misRoutes.ts': { pupil: 1 },
  'src/server/mis/misStore.ts': { pupil: 2 },
  'src/server/office/conflicts.ts': { device: 1 },
  'src/server/office/officeSupport.ts': { school_group: 2 },
  'src/server/ops/restoreSteps.ts': { auth_session: 1 },
  'src/server/parents/absenceReports.ts': { absence_report: 6, pupil: 6, pupil_contact: 6 },
  'src/server/parents/emailReplies.ts': { parent_message: 2, pupil_contact: 1 },
  'src/server/parents/firstDayMessages.ts': { parent_message: 1 },
  'src/server/parents/leaveRequests.ts': { leave_request: 5, pupil: 3, pupil_contact: 3 },
  'src/server/parents/parentAccess.ts': {
    parent_link: 1,
    parent_session: 1,
    pupil: 1,
    pupil_contact: 2,
  },
  'src/server/parents/parentCode.ts': { parent_code: 3 },
  'src/server/pupils/photos.ts': { pupil: 1 },
  'src/server/register/eventReads.ts': { mark_event: 1 },
  'src/server/reports/characteristicSplit.ts': { pupil: 1, pupil_characteristic: 1 },
  'src/server/reports/governorPack.ts': { pupil: 1 },
  'src/server/reports/reportPupils.ts': { school_group: 2 },
  'src/server/school/pupilYearGroup.ts': { school_group: 1 },
  'src/server/school/schools.ts': { staff_role: 1 },
  'src/server/statutory/ctfService.ts': { school_group: 1 },
  'src/server/statutory/laService.ts': { pupil: 2, school_group: 1 },
  'src/server/sync/push/loadPush.ts': { school_group: 1 },
  'src/server/sync/push/lockPush.ts': { device: 1 },
  'src/server/sync/push/writePush.ts': { device: 1 },
  'src/server/trips/tripService.ts': { school_group: 1 },
  'src/server/trips/tripStore.ts': { pupil: 1, school_group: 1, trip: 1 },
};

let t: TestDatabase;
let statements: SqlStatement[];
let owned: Set<string>;
let tables: string[];

beforeAll(async () => {
  t = await openTestDatabase();
  const root = resolve(import.meta.dirname, '../..');
  statements = collectStatements(root, resolve(root, 'src/server'));
  const withSchool = await t.db.query<{ name: string }>(
    `SELECT DISTINCT table_name AS name FROM information_schema.columns
      WHERE table_schema = 'public' AND column_name = 'school_id'`,
  );
  owned = new Set(withSchool.rows.map((r) => r.name));
  const all = await t.db.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`,
  );
  tables = all.rows.map((r) => r.name);
});
afterAll(() => t.close());

describe('keyed by school', () => {
  it('every table is school-owned (a school_id), a named child of one, or named global', () => {
    const unnamed = tables.filter(
      (name) => !owned.has(name) && !(name in GLOBAL_TABLES) && !(name in CHILD_TABLES),
    );
    expect(
      unnamed,
      'Give each new table a school_id, or name it in GLOBAL_TABLES or CHILD_TABLES with why',
    ).toEqual([]);
    for (const parent of Object.values(CHILD_TABLES)) expect(owned).toContain(parent);
  });

  it('reads the server’s statements, and PostgreSQL’s parser reads every one', async () => {
    expect(statements.length).toBeGreaterThan(300);
    const unreadable: string[] = [];
    for (const s of statements) {
      const result = await unkeyedTables(s.readings, owned);
      if ('parseError' in result) unreadable.push(`${s.file}:${s.line} ${result.parseError}`);
    }
    expect(unreadable, 'statements the check could not read').toEqual([]);
  });

  it('no query of a school-owned table leaves the school out of its key, beyond the known ones', async () => {
    const found: Record<string, Record<string, number>> = {};
    const where: string[] = [];
    for (const s of statements) {
      const result = await unkeyedTables(s.readings, owned);
      if (!('tables' in result)) continue;
      for (const table of result.tables) {
        const inFile = (found[s.file] ??= {});
        inFile[table] = (inFile[table] ?? 0) + 1;
        where.push(`${s.file}:${s.line} ${table}`);
      }
    }
    const sorted = (counts: Readonly<Record<string, Readonly<Record<string, number>>>>) =>
      Object.fromEntries(
        Object.keys(counts)
          .sort()
          .map((file) => [file, Object.fromEntries(Object.entries(counts[file] ?? {}).sort())]),
      );
    expect(
      sorted(found),
      `Statements without the school in their key (add "school_id = $n", or join on school_id):\n${where.join('\n')}`,
    ).toEqual(sorted(KNOWN_UNKEYED));
  });
});

describe('the check itself', () => {
  const owns = new Set(['mark_event', 'register_entry', 'pupil']);
  const check = async (sql: string) => {
    const result = await unkeyedTables(sql, owns);
    if ('parseError' in result) throw new Error(result.parseError);
    return result.tables;
  };

  it.each([
    ['SELECT 1 FROM mark_event WHERE school_id = $1 AND server_seq > $2', []],
    ['SELECT 1 FROM mark_event m WHERE m.school_id = ANY($1::uuid[])', []],
    ['SELECT 1 FROM mark_event WHERE device_id = $1', ['mark_event']],
    [
      'SELECT 1 FROM register_entry e JOIN mark_event m ON m.school_id = e.school_id AND m.server_seq = e.head_seq WHERE e.school_id = $1',
      [],
    ],
    [
      'SELECT 1 FROM register_entry e JOIN pupil p ON p.id = e.pupil_id WHERE e.school_id = $1',
      ['pupil'],
    ],
    [
      'SELECT 1 FROM register_entry e WHERE e.school_id = $1 AND EXISTS (SELECT 1 FROM mark_event m WHERE m.school_id = e.school_id)',
      [],
    ],
    [
      'SELECT 1 FROM register_entry e WHERE e.pupil_id IN (SELECT id FROM pupil)',
      ['pupil', 'register_entry'],
    ],
    ['INSERT INTO mark_event (school_id, server_seq) VALUES ($1, $2)', []],
    ['INSERT INTO mark_event (server_seq) VALUES ($1)', ['mark_event']],
    ['UPDATE register_entry SET code = $3 WHERE school_id = $1 AND pupil_id = $2', []],
    ['DELETE FROM register_entry WHERE pupil_id = $1', ['register_entry']],
    ['SELECT 1 FROM code_category WHERE code = $1', []],
  ] as const)('%s → unkeyed %j', async (sql, expected) => {
    expect(await check(sql)).toEqual([...expected].sort());
  });
});
