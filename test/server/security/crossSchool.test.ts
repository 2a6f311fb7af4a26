/**
 * One school's records are invisible to another school's staff: for every endpoint the
 * app serves (found from its route table), a session at school B asking about school A's records
 * gets exactly the answer it gets for an id that does not exist (same status, reason and
 * message), so it cannot even learn that the record exists; no answer to B carries anything of
 * A's; and nothing of A's changes. The candidate ids are every uuid in every table row of school
 * A, so records of endpoints added later are covered too.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, TestClient } from '../fixtures';
import { openTestDatabase, type TestDatabase } from '../harness';
import {
  createSyncSchool,
  morningClock,
  signedInDevice,
  storedState,
  type StoredState,
  type SyncSchool,
} from '../syncFixtures';
import { fillPath, hasParams, isWrite, registeredEndpoints, type Endpoint } from './routeCatalogue';

// A loaded two-core machine can take a minute to open a database.
vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

let testDb: TestDatabase;
let schoolA: SyncSchool;
let schoolB: SyncSchool;
let app: ReturnType<typeof createTestApp>['app'];
let endpoints: Endpoint[];
let idsOfA: string[];
let namesOfA: string[];
let before: StoredState;

const QUERY = '?from=2025-02-24&to=2025-03-31&date=2025-03-04&part=AM';

/** Every uuid held in school A's rows of every table that has a school_id column. */
async function everyIdOf(schoolId: string): Promise<string[]> {
  const { rows: columns } = await testDb.db.query<{ table_name: string; column_name: string }>(
    `SELECT c.table_name, c.column_name FROM information_schema.columns c
      WHERE c.table_schema = 'public' AND c.data_type = 'uuid'
        AND c.column_name NOT IN ('school_id', 'organisation_id')
        AND EXISTS (SELECT 1 FROM information_schema.columns s
                     WHERE s.table_schema = 'public' AND s.table_name = c.table_name
                       AND s.column_name = 'school_id')`,
  );
  const ids = new Set<string>();
  for (const { table_name: table, column_name: column } of columns) {
    const { rows } = await testDb.db.query<{ id: string | null }>(
      `SELECT DISTINCT "${column}"::text AS id FROM "${table}" WHERE school_id = $1 LIMIT 3`,
      [schoolId],
    );
    for (const row of rows) if (row.id !== null) ids.add(row.id);
  }
  return [...ids];
}

beforeAll(async () => {
  testDb = await openTestDatabase();
  const clock = morningClock();
  app = createTestApp(testDb.db, { clock }).app;
  schoolA = await createSyncSchool(testDb.db, { name: 'Alder Primary' });
  schoolB = await createSyncSchool(testDb.db, {
    name: 'Birch Primary',
    staff: { boss: ['admin', 'office', 'attendance_lead'], teacher: ['teacher'] },
  });
  // Names no other school shares, so finding one in an answer is a leak, not a coincidence.
  await testDb.db.query(
    `UPDATE pupil SET legal_surname = 'Alderfam' || substr(id::text, 1, 8),
                      legal_forename = 'Alderkid' || substr(id::text, 1, 8)
      WHERE school_id = $1`,
    [schoolA.id],
  );
  // School A has marks, an amendment and two devices.
  const tablet = await signedInDevice(app, schoolA.member('teacher'), { clock });
  const marks = tablet.register(schoolA.groups[0]?.pupilIds.slice(0, 6) ?? []);
  await tablet.pushOk(marks);
  const office = await signedInDevice(app, schoolA.member('office'), { clock });
  await office.pushOk([
    office.event({
      pupilId: schoolA.pupil(0),
      code: 'M',
      reason: 'Dentist letter',
      baseEventId: marks[0]?.eventId ?? null,
    }),
  ]);
  idsOfA = await everyIdOf(schoolA.id);
  const { rows } = await testDb.db.query<{ legal_surname: string; legal_forename: string }>(
    'SELECT legal_surname, legal_forename FROM pupil WHERE school_id = $1',
    [schoolA.id],
  );
  namesOfA = rows.flatMap((r) => [r.legal_surname, r.legal_forename]);
  endpoints = registeredEndpoints(app);
  before = await storedState(testDb.db, schoolA.id);
});
afterAll(async () => {
  await testDb.close();
});

interface Answer {
  readonly status: number;
  readonly text: string;
}

async function ask(browser: TestClient, endpoint: Endpoint, path: string): Promise<Answer> {
  const res = await browser.request(
    endpoint.method,
    path,
    isWrite(endpoint.method) ? {} : undefined,
  );
  return { status: res.status, text: await res.text() };
}

/** The answer as far as it may differ between two missing records: status, reason, message. */
function shape(answer: Answer): string {
  try {
    const body = JSON.parse(answer.text) as { reason?: unknown; message?: unknown };
    return `${answer.status} ${String(body.reason)} ${String(body.message)}`;
  } catch {
    return `${answer.status} ${answer.text}`;
  }
}

describe("another school's records", () => {
  it('school A has records whose ids the test can try', () => {
    expect(idsOfA.length).toBeGreaterThan(10);
    expect(idsOfA.some((id) => schoolA.pupilIds.includes(id))).toBe(true);
    expect(namesOfA.length).toBe(schoolA.pupilIds.length * 2);
  });

  it('answer exactly as a record that does not exist, on every endpoint with an id', async () => {
    const browser = new TestClient(app);
    await browser.signIn(schoolB.member('boss'));
    const withIds = endpoints.filter((e) => hasParams(e.path));
    expect(withIds.length).toBeGreaterThan(2);
    const differences: string[] = [];
    let notFound = 0;
    for (const endpoint of withIds) {
      for (const query of ['', QUERY]) {
        const missing = shape(await ask(browser, endpoint, fillPath(endpoint.path) + query));
        for (const id of idsOfA) {
          const path = endpoint.path.replace(/:[A-Za-z]+/g, encodeURIComponent(id)) + query;
          const answer = await ask(browser, endpoint, path);
          if (shape(answer) !== missing) {
            differences.push(`${endpoint.method} ${path}: ${shape(answer)} ≠ missing: ${missing}`);
          }
          if (answer.status === 404) notFound += 1;
        }
      }
    }
    expect(differences.slice(0, 10)).toEqual([]);
    // The comparison reached the record lookups, not only the body checks.
    expect(notFound).toBeGreaterThan(idsOfA.length);
  });

  it("never appear in an answer to school B's staff, whatever the query names", async () => {
    for (const handle of ['boss', 'teacher']) {
      const browser = new TestClient(app);
      await browser.signIn(schoolB.member(handle));
      const leaks: string[] = [];
      for (const endpoint of endpoints.filter((e) => e.method === 'GET')) {
        const queries = [
          '',
          QUERY,
          `${QUERY}&pupilId=${schoolA.pupil(0)}&groupId=${schoolA.groups[0]?.id ?? ''}`,
          `?after=0&limit=1000`,
        ];
        for (const query of queries) {
          const answer = await ask(browser, endpoint, fillPath(endpoint.path) + query);
          for (const secret of [...idsOfA, ...namesOfA, schoolA.name]) {
            if (answer.text.includes(secret)) {
              leaks.push(`${handle} ${endpoint.method} ${endpoint.path}${query} carries ${secret}`);
            }
          }
        }
      }
      expect(leaks.slice(0, 10)).toEqual([]);
    }
  });

  it('are left exactly as they were', async () => {
    expect(await storedState(testDb.db, schoolA.id)).toEqual(before);
    const { rows } = await testDb.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM device WHERE school_id = $1 AND revoked_at IS NOT NULL',
      [schoolA.id],
    );
    expect(rows[0]?.n).toBe(0);
  });

  it("a push naming school A's pupils is refused without saying more than for unknown pupils", async () => {
    const clock = morningClock();
    const tablet = await signedInDevice(app, schoolB.member('teacher'), { clock });
    const foreign = await tablet.pushError(
      [tablet.event({ pupilId: schoolA.pupil(1), clientSeq: 1 })],
      422,
    );
    const unknown = await tablet.pushError(
      [tablet.event({ pupilId: randomUUID(), clientSeq: 1 })],
      422,
    );
    const messageOf = (b: typeof foreign) =>
      (b.details as { rejected: { message: string }[] }).rejected[0]?.message;
    expect(messageOf(foreign)).toBe(messageOf(unknown));
    expect(JSON.stringify(foreign)).not.toContain(schoolA.name);
  });
});
