/**
 * The real client sync engine against the real server, in one process: the client's Dexie
 * database runs on fake-indexeddb, its sync client's `fetch` calls the Hono app directly
 * (`app.request`, with the session cookie and Origin a browser would send), and the server runs
 * on PostgreSQL. What the fake server in the client tests promises about the protocol is
 * checked here against the server itself: marks recorded offline arrive exactly once, a lost
 * answer is resent under the same numbers, two tablets' disagreement is flagged on both, and a
 * refused mark is kept with the server's message while the rest are stored.
 */
import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { recordMark } from '../../src/client/marks/recordMark';
import type { AppDb } from '../../src/client/db/appDb';
import { openAppDb } from '../../src/client/db/db';
import { registerView } from '../../src/client/marks/registerView';
import { enrolDevice } from '../../src/client/sync/enrolDevice';
import { createSyncClient, type FetchLike } from '../../src/client/sync/syncClient';
import { WITHDRAWN_DEVICE_DETAIL } from '../../src/server/register/eventBatch';
import { createSyncEngine, type SyncEngine } from '../../src/client/sync/syncEngine';
import { ManualTimers } from '../../src/client/testSupport.fixture';
import { localDate, type Role, type SessionRef } from '../../src/domain';
import { routePath, ROUTES } from '../../src/shared/api/routes';
import { createTestApp, TestClient, type ManualClock } from '../server/fixtures';
import { openTestDatabase, type TestDatabase } from '../server/harness';
import {
  createSyncSchool,
  morningClock,
  storedCount,
  storedEntry,
  TODAY,
  type SyncSchool,
} from '../server/syncFixtures';

const AM: SessionRef = { date: localDate(TODAY), part: 'AM' };

let testDb: TestDatabase;
beforeAll(async () => {
  testDb = await openTestDatabase();
});
afterAll(async () => {
  await testDb.close();
});

interface PushAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** One tablet: its own browser (cookies), its own IndexedDB, its own sync engine. */
interface Tablet {
  readonly db: AppDb;
  readonly engine: SyncEngine;
  readonly deviceId: string;
  readonly staffId: string;
  /** Every answer the server gave to a push, in order. */
  readonly pushAnswers: PushAnswer[];
  /** The next push's answer is lost after the server has committed it. */
  loseNextPushAnswer: boolean;
  mark(pupilId: string, code: string): Promise<string>;
}

const opened: Tablet[] = [];
afterEach(() => {
  for (const tablet of opened.splice(0)) {
    tablet.engine.dispose();
    tablet.db.close();
  }
});

interface World {
  readonly school: SyncSchool;
  readonly clock: ManualClock;
  tablet(handle: string, role?: Role): Promise<Tablet>;
  /** An administrator withdraws the device (Admin › Devices › Revoke). */
  revoke(deviceId: string): Promise<void>;
}

async function world(): Promise<World> {
  const school = await createSyncSchool(testDb.db);
  const clock = morningClock();
  const { app } = createTestApp(testDb.db, { clock });
  const deviceClock = { now: () => clock.now().getTime() };

  async function tablet(handle: string, role: Role = 'teacher'): Promise<Tablet> {
    const staff = school.member(handle);
    const browser = new TestClient(app);
    const session = await browser.signIn(staff, { deviceLabel: `${handle}'s tablet` });
    const db = openAppDb(`integration-${randomUUID()}`);
    await enrolDevice(db, session.device.id);

    const fetch: FetchLike = async (url, init) => {
      const headers = Object.fromEntries(new Headers(init.headers).entries());
      const response = await browser.request(init.method ?? 'GET', url, undefined, {
        headers,
        ...(typeof init.body === 'string' ? { rawBody: init.body } : {}),
      });
      if (url.startsWith(ROUTES.syncPush)) {
        result.pushAnswers.push({
          status: response.status,
          body: (await response.clone().json()) as unknown,
        });
        if (result.loseNextPushAnswer) {
          result.loseNextPushAnswer = false;
          throw new TypeError('Failed to fetch');
        }
      }
      return response;
    };
    // Timers the test never runs: no automatic retry, every flush is the test's own.
    const timers = new ManualTimers();
    const engine = createSyncEngine({
      db,
      client: createSyncClient({ fetch }),
      clock: deviceClock,
      timers,
      random: () => 0.5,
    });
    const result: Tablet = {
      db,
      engine,
      deviceId: session.device.id,
      staffId: staff.id,
      pushAnswers: [],
      loseNextPushAnswer: false,
      async mark(pupilId, code) {
        const marked = await recordMark(
          db,
          { pupilId, session: AM, code, actor: { staffId: staff.id, role } },
          { clock: deviceClock, newEventId: () => randomUUID() },
        );
        if (!marked.ok) throw new Error(JSON.stringify(marked.errors));
        return marked.value.eventId;
      },
    };
    opened.push(result);
    return result;
  }

  async function revoke(deviceId: string): Promise<void> {
    const admin = new TestClient(app);
    await admin.signIn(school.member('admin'));
    const res = await admin.post(routePath(ROUTES.adminRevokeDevice, { id: deviceId }));
    if (res.status !== 200) throw new Error(`revoke failed: ${res.status} ${await res.text()}`);
  }

  return { school, clock, tablet, revoke };
}

interface EntryView {
  readonly pupilId: string;
  readonly sessionKey: string;
  readonly code: string;
  readonly headEventId: string;
  readonly headSeq: number;
  readonly headRole: string;
  readonly needsReview: boolean;
}

const byKey = (a: EntryView, b: EntryView) =>
  `${a.pupilId}|${a.sessionKey}`.localeCompare(`${b.pupilId}|${b.sessionKey}`);

/** The school's register entries as the server holds them. */
async function serverEntries(schoolId: string): Promise<EntryView[]> {
  const { rows } = await testDb.db.query<{
    pupil_id: string;
    session_date: string;
    session_part: string;
    code: string;
    head_event_id: string;
    head_seq: number;
    head_role: string;
    needs_review: boolean;
  }>(
    `SELECT pupil_id, to_char(session_date, 'YYYY-MM-DD') AS session_date, session_part, code,
            head_event_id, head_seq, head_role, needs_review
       FROM register_entry WHERE school_id = $1`,
    [schoolId],
  );
  return rows
    .map((r) => ({
      pupilId: r.pupil_id,
      sessionKey: `${r.session_date}:${r.session_part}`,
      code: r.code,
      headEventId: r.head_event_id,
      headSeq: Number(r.head_seq),
      headRole: r.head_role,
      needsReview: r.needs_review,
    }))
    .sort(byKey);
}

/** The tablet's copy of the entries. */
async function tabletEntries(tablet: Tablet): Promise<EntryView[]> {
  return (await tablet.db.entries.toArray())
    .map((e) => ({
      pupilId: e.pupilId,
      sessionKey: e.sessionKey,
      code: e.code,
      headEventId: e.headEventId,
      headSeq: e.headSeq,
      headRole: e.headRole,
      needsReview: e.needsReview,
    }))
    .sort(byKey);
}

async function deviceLastClientSeq(deviceId: string): Promise<number> {
  const { rows } = await testDb.db.query<{ last_client_seq: number }>(
    'SELECT last_client_seq FROM device WHERE device_id = $1',
    [deviceId],
  );
  return Number(rows[0]?.last_client_seq ?? -1);
}

async function markEventCount(schoolId: string): Promise<number> {
  const { rows } = await testDb.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM mark_event WHERE school_id = $1',
    [schoolId],
  );
  return Number(rows[0]?.n ?? -1);
}

describe('the client sync engine against the real server', () => {
  it('thirty marks made offline arrive exactly once, and the tablet’s entries match the office’s', async () => {
    const { school, tablet } = await world();
    const ipad = await tablet('teacher');
    const pupils = school.groups[0]?.pupilIds ?? [];
    expect(pupils).toHaveLength(30);

    const ids: string[] = [];
    for (const [i, pupilId] of pupils.entries()) {
      ids.push(await ipad.mark(pupilId, i % 7 === 3 ? 'N' : '/'));
    }
    expect(await ipad.db.outbox.where('status').equals('pending').count()).toBe(30);
    expect(ipad.pushAnswers).toEqual([]);

    const result = await ipad.engine.flush();

    expect(result).toMatchObject({ ok: true, pushed: 30, rejected: 0, error: null });
    expect(ipad.pushAnswers.map((a) => a.status)).toEqual([200]);
    expect(await markEventCount(school.id)).toBe(30);
    for (const id of ids) expect(await storedCount(testDb.db, school.id, id)).toBe(1);
    expect(await deviceLastClientSeq(ipad.deviceId)).toBe(30);
    const rows = await ipad.db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.status, r.ackStatus, r.wireSeq])).toEqual(
      rows.map((_, i) => ['acked', 'applied', i + 1]),
    );
    const local = await tabletEntries(ipad);
    expect(local).toHaveLength(30);
    expect(local).toEqual(await serverEntries(school.id));

    // A second flush has nothing to send and stores nothing.
    expect(await ipad.engine.flush()).toMatchObject({ ok: true, pushed: 0 });
    expect(ipad.pushAnswers).toHaveLength(1);
    expect(await markEventCount(school.id)).toBe(30);
  });

  it('a lost answer after the server committed: the resend under the same numbers stores nothing twice', async () => {
    const { school, tablet } = await world();
    const ipad = await tablet('teacher');
    const pupils = (school.groups[0]?.pupilIds ?? []).slice(0, 12);
    for (const pupilId of pupils) await ipad.mark(pupilId, '/');
    ipad.loseNextPushAnswer = true;

    const lost = await ipad.engine.flush();

    expect(lost).toMatchObject({ ok: false, error: { kind: 'transient', status: null } });
    expect(await markEventCount(school.id)).toBe(12);
    expect(await ipad.db.outbox.where('status').equals('pending').count()).toBe(12);

    const again = await ipad.engine.flush();

    expect(again).toMatchObject({ ok: true, pushed: 12, error: null });
    const [first, second] = ipad.pushAnswers;
    expect(second).toEqual(first); // the stored acknowledgements, exactly
    expect(await markEventCount(school.id)).toBe(12);
    expect(await deviceLastClientSeq(ipad.deviceId)).toBe(12);
    expect(await tabletEntries(ipad)).toEqual(await serverEntries(school.id));
  });

  it('two tablets marking one pupil differently, unseen: both flag the entry for review', async () => {
    const { school, tablet } = await world();
    const first = await tablet('teacher');
    const second = await tablet('teacher2');
    const pupils = (school.groups[0]?.pupilIds ?? []).slice(0, 5);
    for (const pupilId of pupils) await first.mark(pupilId, '/');
    const ada = pupils[0] ?? '';
    // Made offline, before the second tablet had seen the first one's register.
    const disagreeing = await second.mark(ada, 'N');

    expect(await first.engine.flush()).toMatchObject({ ok: true, pushed: 5 });
    expect(await second.engine.flush()).toMatchObject({ ok: true, pushed: 1 });
    expect(await first.engine.flush()).toMatchObject({ ok: true, pulled: 1 });

    const office = await storedEntry(testDb.db, school.id, ada);
    expect(office).toMatchObject({ code: '/', needs_review: true });
    for (const device of [first, second]) {
      expect(await device.db.entries.get([ada, `${TODAY}:AM`])).toMatchObject({
        code: '/',
        needsReview: true,
      });
      expect(await tabletEntries(device)).toEqual(await serverEntries(school.id));
    }
    const mine = await second.db.outbox.where('eventId').equals(disagreeing).first();
    expect(mine).toMatchObject({ status: 'acked', ackStatus: 'conflict' });
    expect(mine?.ackReason).toMatch(/differently/);
    const group = school.groups[0]?.id ?? '';
    const view = await registerView(second.db, group, AM);
    expect(view.pupils.find((p) => p.pupilId === ada)).toMatchObject({
      code: '/',
      isPending: false,
      needsReview: true,
      notice: { status: 'conflict' },
    });
  });

  it('a mark the rules refuse is kept with the server’s message; the others are stored once', async () => {
    const { school, tablet } = await world();
    const ipad = await tablet('teacher');
    const pupils = (school.groups[0]?.pupilIds ?? []).slice(0, 5);
    const codes = ['/', '/', 'C', 'N', '/'];
    const ids: string[] = [];
    for (const [i, pupilId] of pupils.entries())
      ids.push(await ipad.mark(pupilId, codes[i] ?? '/'));

    const result = await ipad.engine.flush();

    expect(result).toMatchObject({ ok: true, pushed: 4, rejected: 1, error: null });
    expect(ipad.pushAnswers.map((a) => a.status)).toEqual([422, 200]);
    const refusal = ipad.pushAnswers[0]?.body as {
      reason: string;
      details: { expected: number; rejected: { eventId: string; message: string }[] };
    };
    const message = `A teacher may not enter 'C' at ${school.name}.`;
    expect(refusal).toMatchObject({
      reason: 'events_rejected',
      details: { expected: 1, rejected: [{ eventId: ids[2], message }] },
    });

    const rows = await ipad.db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.code, r.status, r.wireSeq, r.ackReason])).toEqual([
      ['/', 'acked', 1, null],
      ['/', 'acked', 2, null],
      ['C', 'rejected', null, message],
      ['N', 'acked', 3, null],
      ['/', 'acked', 4, null],
    ]);
    expect(await storedCount(testDb.db, school.id, ids[2] ?? '')).toBe(0);
    for (const id of [ids[0], ids[1], ids[3], ids[4]]) {
      expect(await storedCount(testDb.db, school.id, id ?? '')).toBe(1);
    }
    expect(await deviceLastClientSeq(ipad.deviceId)).toBe(4);
    expect(await tabletEntries(ipad)).toEqual(await serverEntries(school.id));
    expect(ipad.engine.getStatus()).toMatchObject({ pendingCount: 0, rejectedCount: 1 });

    // The next mark follows on at 5: the numbering stayed unbroken.
    await ipad.mark(pupils[2] ?? '', '/');
    expect(await ipad.engine.flush()).toMatchObject({ ok: true, pushed: 1 });
    expect(await deviceLastClientSeq(ipad.deviceId)).toBe(5);
  });
  it.each([
    ['a clock set a century ahead', '2150-03-04T08:50:00.000Z'],
    [
      'the year 0000, which the database cannot hold (a 500, retried for ever, before)',
      '0000-01-01T00:00:00.000Z',
    ],
  ])(
    'a mark whose time the server cannot accept (%s) is kept refused, naming the field; the queue behind it drains',
    async (_name, recordedAt) => {
      const { school, tablet } = await world();
      const ipad = await tablet('teacher');
      const pupils = (school.groups[0]?.pupilIds ?? []).slice(0, 4);
      const ids: string[] = [];
      for (const pupilId of pupils) ids.push(await ipad.mark(pupilId, '/'));
      // The tablet's clock was wrong when the second mark was made.
      const second = await ipad.db.outbox
        .where('eventId')
        .equals(ids[1] ?? '')
        .first();
      await ipad.db.outbox.update(second?.localSeq ?? -1, { recordedAt });

      const result = await ipad.engine.flush();

      expect(result).toMatchObject({ ok: true, pushed: 3, rejected: 1, error: null });
      expect(ipad.pushAnswers.map((a) => a.status)).toEqual([422, 200]);
      const message =
        "recordedAt is outside the times Tickmark accepts (the years 1970 to 2100); check the device's date and time.";
      const rows = await ipad.db.outbox.orderBy('localSeq').toArray();
      expect(rows.map((r) => [r.eventId, r.status, r.ackReason])).toEqual([
        [ids[0], 'acked', null],
        [ids[1], 'rejected', message],
        [ids[2], 'acked', null],
        [ids[3], 'acked', null],
      ]);
      expect(await storedCount(testDb.db, school.id, ids[1] ?? '')).toBe(0);
      expect(ipad.engine.getStatus()).toMatchObject({ pendingCount: 0, rejectedCount: 1 });
    },
  );
  it('a withdrawn tablet still sends its queued marks, flagged for the office, while its pull is refused', async () => {
    const { school, clock, tablet, revoke } = await world();
    const ipad = await tablet('teacher');
    const pupils = (school.groups[0]?.pupilIds ?? []).slice(0, 4);
    const first = [];
    for (const pupilId of pupils.slice(0, 3)) first.push(await ipad.mark(pupilId, '/'));
    // The tablet was reported lost and revoked while these marks were still queued on it.
    clock.advance(60_000);
    await revoke(ipad.deviceId);

    const result = await ipad.engine.flush();

    // The push is received; everything else the tablet asks is refused, so it must sign in.
    expect(result).toMatchObject({ ok: false, pushed: 3, error: { kind: 'not_signed_in' } });
    expect(ipad.pushAnswers.map((a) => a.status)).toEqual([200]);
    const rows = await ipad.db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.eventId, r.status, r.ackReason])).toEqual(
      first.map((id) => [id, 'acked', WITHDRAWN_DEVICE_DETAIL]),
    );
    for (const id of first) expect(await storedCount(testDb.db, school.id, id)).toBe(1);
    for (const pupilId of pupils.slice(0, 3)) {
      expect(await storedEntry(testDb.db, school.id, pupilId)).toMatchObject({
        code: '/',
        needs_review: true,
      });
    }
    expect(ipad.engine.getStatus()).toMatchObject({
      pendingCount: 0,
      error: { kind: 'not_signed_in' },
    });

    // A mark made after the withdrawal (the tablet could not know) goes the same way, once.
    const late = await ipad.mark(pupils[3] ?? '', 'N');
    const again = await ipad.engine.flush();
    expect(again).toMatchObject({ ok: false, pushed: 1, error: { kind: 'not_signed_in' } });
    expect(await storedCount(testDb.db, school.id, late)).toBe(1);
    expect(await deviceLastClientSeq(ipad.deviceId)).toBe(4);
    expect(await markEventCount(school.id)).toBe(4);
  });
});
