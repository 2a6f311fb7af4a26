/**
 * The MIS connector against a local server that follows Wonde's published writeback API
 * (wondeStandIn.ts; docs/mis.md says what that proves and what not). Marks reach the MIS once
 * each; when the MIS answers 500, answers too late or drops the connection after storing, the
 * mark is shown as not yet written (and "unsure" where the MIS may hold it), checked against the
 * MIS before any resend, and never written twice. Failed marks wait for "Try again"; the day's
 * reconciliation lists every difference, as JSON and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  misReconciliationResponseSchema,
  misStatusResponseSchema,
} from '../../src/shared/api/misSchemas';
import { createMisConnection } from '../../src/server/mis/misConnection';
import { runMisPass, type MisPassResult } from '../../src/server/mis/misWorker';
import { claimDueWrites, queueMarks } from '../../src/server/mis/misStore';
import { createWondeWriter } from '../../src/server/mis/wonde';
import type { MisWriter } from '../../src/server/mis/misWriter';
import { silentLogger } from '../../src/server/logger';
import { importFile, pupilCsv, upnOf } from './dataFixtures';
import { createTestApp, HOUR, MINUTE, TestClient, testConfig, type ManualClock } from './fixtures';
import { createSyncSchool, type SyncSchool } from './syncFixtures';
import { openTestDatabase, type TestDatabase } from './harness';
import { startWondeStandIn } from './wondeStandIn';

const TOKEN = '7e76896f9aca62569048c667db292d72dd84f224';
const WONDE_SCHOOL = 'A1930499544';
const ENV = {
  WONDE_TOKEN: TOKEN,
  WONDE_SCHOOLS: `999/2024=${WONDE_SCHOOL}`,
  MIS_WRITE_FROM: '2025-02-24',
};

let t: TestDatabase;
let school: SyncSchool;
let wonde: Awaited<ReturnType<typeof startWondeStandIn>>;
let app: ReturnType<typeof createTestApp>['app'];
let clock: ManualClock;
let admin: TestClient;
let office: TestClient;
let writer: MisWriter;

/** Pupils 1–3 are in the MIS; pupil 4 is not (a UPN the MIS does not know). */
const IN_MIS = [1, 2, 3];

async function pass(): Promise<MisPassResult> {
  return runMisPass(
    { db: t.db, clock, logger: silentLogger },
    school.id,
    writer,
    ENV.MIS_WRITE_FROM,
  );
}

async function marks(date: string, session: 'AM' | 'PM', code: string, pupils = IN_MIS) {
  await importFile(
    admin,
    'marks',
    `UPN,Date,Session,Code\n${pupils.map((n) => `${upnOf(n)},${date},${session},${code}`).join('\n')}\n`,
  );
}

/** What the MIS holds for pupil n's session, as a code. */
function inMis(n: number, date: string, session: 'AM' | 'PM'): string | undefined {
  const mark = wonde.marks.get(`A10000000${n}|${date}|${session}`);
  return mark === undefined ? undefined : wonde.codeOf(mark.attendance_code);
}

function timesWritten(date: string, session: 'AM' | 'PM'): number[] {
  return IN_MIS.map((n) => wonde.applied.get(`A10000000${n}|${date}|${session}`) ?? 0);
}

async function status() {
  const res = await office.get('/api/mis/status');
  expect(res.status).toBe(200);
  return misStatusResponseSchema.parse(await res.json());
}

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createSyncSchool(t.db, {
    name: 'Harbour Primary',
    groups: [],
    staff: { admin: ['admin'], office: ['office'], teacher: ['teacher'] },
  });
  await t.db.query(`UPDATE school SET dfe_number = '999/2024' WHERE id = $1`, [school.id]);
  wonde = await startWondeStandIn({
    token: TOKEN,
    schoolId: WONDE_SCHOOL,
    students: IN_MIS.map((n) => ({ id: `A10000000${n}`, upn: upnOf(n) })),
  });
  const env = { ...ENV, WONDE_URL: wonde.url };
  const settings = testConfig(env).mis;
  if (settings === null) throw new Error('the MIS settings did not parse');
  // The client waits a short while, so a late answer is a timeout within the test.
  const mis = createMisConnection(t.db, settings, (id) =>
    createWondeWriter({ baseUrl: wonde.url, token: TOKEN, schoolId: id, timeoutMs: 400 }),
  );
  ({ app, clock } = createTestApp(t.db, { env, mis }));
  const w = await mis.writerFor(school.id);
  if (w === null) throw new Error('the school is not connected');
  writer = w;
  admin = new TestClient(app);
  await admin.signIn(school.member('admin'));
  office = new TestClient(app);
  await office.signIn(school.member('office'));
  await importFile(admin, 'pupils', pupilCsv(4));
});

afterAll(async () => {
  await wonde.close().catch(() => undefined);
  await t.close();
});

describe('writing marks into the MIS', () => {
  it('writes each mark once, and stops a pupil the MIS does not know with the reason shown', async () => {
    await marks('2025-02-24', 'AM', '/', [1, 2, 3, 4]);
    const first = await pass();
    expect(first).toMatchObject({ queued: 4, written: 3, notWritten: 1 });
    expect(IN_MIS.map((n) => inMis(n, '2025-02-24', 'AM'))).toEqual(['/', '/', '/']);
    expect(await pass()).toEqual({ queued: 0, written: 0, foundOnCheck: 0, notWritten: 0 });
    expect(timesWritten('2025-02-24', 'AM')).toEqual([1, 1, 1]);
    const s = await status();
    expect(s.connected).toBe(true);
    expect(s.counts).toMatchObject({ written: 3, failed: 1, pending: 0, unsure: 0 });
    expect(s.problems).toHaveLength(1);
    expect(s.problems[0]).toMatchObject({
      status: 'failed',
      unsure: false,
      lastError: expect.stringMatching(/no pupil with this UPN/),
    });
  });

  it('after a 500, shows the marks as waiting and unsure, checks the MIS, then writes each once', async () => {
    await marks('2025-02-25', 'AM', 'I');
    wonde.state.failWith = 500;
    expect(await pass()).toMatchObject({ queued: 3, written: 0, notWritten: 3 });
    const s = await status();
    expect(s.counts).toMatchObject({ pending: 3, unsure: 3 });
    expect(s.problems.filter((p) => p.status === 'pending').map((p) => p.lastError)).toEqual(
      Array(3).fill(expect.stringMatching(/HTTP 500/)),
    );
    // Not due yet: nothing is sent again before the wait.
    wonde.state.failWith = null;
    expect(await pass()).toMatchObject({ written: 0, notWritten: 0 });
    clock.advance(2 * MINUTE);
    expect(await pass()).toMatchObject({ written: 3, foundOnCheck: 0 });
    expect(timesWritten('2025-02-25', 'AM')).toEqual([1, 1, 1]);
    expect(IN_MIS.map((n) => inMis(n, '2025-02-25', 'AM'))).toEqual(['I', 'I', 'I']);
    expect((await status()).counts).toMatchObject({ pending: 0, unsure: 0 });
  });

  it('when the answer comes too late, finds the marks in the MIS and does not send them again', async () => {
    await marks('2025-02-26', 'AM', 'M');
    wonde.state.answerAfterMs = 3000;
    expect(await pass()).toMatchObject({ written: 0, notWritten: 3 });
    wonde.state.answerAfterMs = null;
    expect((await status()).counts).toMatchObject({ pending: 3, unsure: 3 });
    const posts = wonde.posts.length;
    clock.advance(2 * MINUTE);
    expect(await pass()).toMatchObject({ written: 0, foundOnCheck: 3 });
    expect(wonde.posts.length).toBe(posts);
    expect(timesWritten('2025-02-26', 'AM')).toEqual([1, 1, 1]);
    expect((await status()).counts).toMatchObject({ pending: 0, unsure: 0 });
  });

  it('when the connection drops after the MIS stored the marks, waits while the MIS cannot be read, then finds them', async () => {
    await marks('2025-02-27', 'AM', 'N');
    wonde.state.dropAfterStoring = true;
    expect(await pass()).toMatchObject({ written: 0, notWritten: 3 });
    wonde.state.dropAfterStoring = false;
    // The check cannot read the MIS: the marks wait, unsure, and are not sent.
    wonde.state.failReadsWith = 503;
    const posts = wonde.posts.length;
    clock.advance(2 * MINUTE);
    expect(await pass()).toMatchObject({ written: 0, foundOnCheck: 0 });
    expect(wonde.posts.length).toBe(posts);
    const waiting = await status();
    expect(waiting.counts).toMatchObject({ pending: 3, unsure: 3 });
    expect(waiting.problems.find((p) => p.date === '2025-02-27')?.lastError).toMatch(
      /checking the MIS first/,
    );
    wonde.state.failReadsWith = null;
    clock.advance(5 * MINUTE);
    expect(await pass()).toMatchObject({ foundOnCheck: 3 });
    expect(wonde.posts.length).toBe(posts);
    expect(timesWritten('2025-02-27', 'AM')).toEqual([1, 1, 1]);
  });

  it('stops after six tries as failed, and "Try again" writes them once', async () => {
    await marks('2025-02-28', 'AM', 'O');
    wonde.state.failWith = 503;
    for (let i = 0; i < 6; i += 1) {
      await pass();
      clock.advance(HOUR);
    }
    const stopped = await status();
    expect(stopped.counts).toMatchObject({ failed: 4, unsure: 3 });
    expect(await pass()).toMatchObject({ written: 0, notWritten: 0 });
    wonde.state.failWith = null;
    const retry = await office.post('/api/mis/retry', {
      eventIds: stopped.problems.filter((p) => p.date === '2025-02-28').map((p) => p.eventId),
    });
    expect(await retry.json()).toEqual({ retried: 3 });
    expect(await pass()).toMatchObject({ written: 3 });
    expect(timesWritten('2025-02-28', 'AM')).toEqual([1, 1, 1]);
    expect((await status()).counts).toMatchObject({ failed: 1, unsure: 0 });
  });

  it('after a server stopped mid-send, checks the MIS once the claim lapses, then writes each once', async () => {
    await marks('2025-03-03', 'PM', 'R');
    // A pass that claimed the marks and stopped before sending (the process was killed).
    await queueMarks(t.db, school.id, ENV.MIS_WRITE_FROM, clock.now());
    expect(await claimDueWrites(t.db, school.id, clock.now(), 100)).toHaveLength(3);
    expect((await status()).counts).toMatchObject({ pending: 3, unsure: 3 });
    expect(await pass()).toMatchObject({ written: 0, foundOnCheck: 0, notWritten: 0 });
    clock.advance(11 * MINUTE);
    expect(await pass()).toMatchObject({ written: 3, foundOnCheck: 0 });
    expect(timesWritten('2025-03-03', 'PM')).toEqual([1, 1, 1]);
  });

  it('writes only the newest mark when the entry changes before the first reached the MIS', async () => {
    await marks('2025-03-03', 'AM', 'N');
    wonde.state.failWith = 500;
    await pass();
    wonde.state.failWith = null;
    await marks('2025-03-03', 'AM', 'C');
    clock.advance(2 * MINUTE);
    expect(await pass()).toMatchObject({ queued: 3, written: 3 });
    expect(IN_MIS.map((n) => inMis(n, '2025-03-03', 'AM'))).toEqual(['C', 'C', 'C']);
    expect(timesWritten('2025-03-03', 'AM')).toEqual([1, 1, 1]);
    expect((await status()).counts).toMatchObject({ superseded: 3, pending: 0 });
  });
});

describe('reconciliation', () => {
  it("lists the day's differences between Tickmark and the MIS, as JSON and CSV", async () => {
    // A mark changed in the MIS by hand, and one Tickmark never had.
    const key = `A100000001|2025-02-24|AM`;
    const mark = wonde.marks.get(key);
    if (mark === undefined) throw new Error('the first test wrote this mark');
    wonde.marks.set(key, { ...mark, attendance_code: 'A1000006' });
    wonde.marks.set(`A100000002|2025-02-24|PM`, { ...mark, student: 'A100000002', session: 'PM' });
    const res = await office.get('/api/mis/reconciliation?date=2025-02-24');
    expect(res.status).toBe(200);
    const report = misReconciliationResponseSchema.parse(await res.json());
    expect(report).toMatchObject({ tickmarkMarks: 4, misMarks: 4, matching: 2, withoutUpn: 0 });
    expect(
      report.differences.map((d) => [d.upn, d.session, d.kind, d.tickmark?.code, d.mis?.code]),
    ).toEqual([
      [upnOf(1), 'AM', 'different_code', '/', 'I'],
      [upnOf(2), 'PM', 'only_in_mis', undefined, '/'],
      [upnOf(4), 'AM', 'missing_in_mis', '/', undefined],
    ]);
    expect(report.differences[0]?.pupil?.displayName).toBe('Pupil1 Surname1');
    const csv = await office.get('/api/mis/reconciliation?date=2025-02-24&format=csv');
    expect(csv.headers.get('content-disposition')).toMatch(/mis-reconciliation-2025-02-24\.csv/);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'Date,Pupil,UPN,Session,Difference,Tickmark code,Tickmark minutes late,MIS code,MIS minutes late',
    );
    expect(lines).toHaveLength(4);
    expect(lines[3]).toContain('Not in the MIS');
  });

  it('says plainly when the MIS cannot be read', async () => {
    wonde.state.failReadsWith = 500;
    const res = await office.get('/api/mis/reconciliation?date=2025-02-24');
    wonde.state.failReadsWith = null;
    expect(res.status).toBe(502);
    expect(((await res.json()) as { reason: string }).reason).toBe('mis_unreachable');
  });

  it('is for the office and leads, not teachers', async () => {
    const teacher = new TestClient(app);
    await teacher.signIn(school.member('teacher'));
    expect((await teacher.get('/api/mis/status')).status).toBe(403);
  });
});
