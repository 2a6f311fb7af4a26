/**
 * The tablet's own storage failing, and a big queue (docs/reliability.md, "Fault matrix": T14, T15,
 * T17), with the real client and server and the invariants of faultWorld.ts.
 */
import { forceCloseDatabase } from 'fake-indexeddb';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OUTBOX_ROW_VERSION, type NewOutboxRow } from '../../../src/client/db/outboxRow';
import {
  localDate,
  openSessionsBetween,
  parseSchoolConfig,
  sessionKey,
  type SessionRef,
} from '../../../src/domain';
import { openTestDatabase, type TestDatabase } from '../../server/harness';
import { syncSchoolConfig, TODAY } from '../../server/syncFixtures';
import {
  AM,
  expectInvariants,
  failingWrites,
  faultWorld,
  quotaExceeded,
  statuses,
  type FaultWorld,
} from './faultWorld';

// A loaded two-core machine can take a minute to open a database.
vi.setConfig({ hookTimeout: 180_000, testTimeout: 180_000 });

let testDb: TestDatabase;
let world: FaultWorld | null = null;
beforeAll(async () => {
  testDb = await openTestDatabase();
});
afterEach(() => {
  world?.close();
  world = null;
});
afterAll(async () => {
  await testDb.close();
});

/** What WebKit does to a live IndexedDB connection (fake-indexeddb's `forceCloseDatabase`). */
function loseConnection(connection: IDBDatabase): void {
  // The library types its parameter as the IDBDatabase constructor; it takes the connection.
  forceCloseDatabase(connection as unknown as typeof IDBDatabase);
}

describe('T14 storage full when a mark is saved', () => {
  it('the mark is reported as not saved, nothing is half-written, and marking works again once there is room', async () => {
    world = await faultWorld(testDb);
    const w = world;
    const ipad = await w.tablet('teacher');
    await ipad.mark(w.school.pupil(0), '/');
    let full = true;
    ipad.db.close();
    ipad.db.use(failingWrites('outbox', quotaExceeded, () => full));
    await ipad.db.open();
    const before = await ipad.db.outbox.toArray();

    // recordMark rejects: the caller is told the mark was not saved (it never says "saved").
    const refused = ipad.mark(w.school.pupil(1), '/');
    await expect(refused).rejects.toMatchObject({ name: 'QuotaExceededError' });
    expect(await ipad.db.outbox.toArray()).toEqual(before);
    await ipad.engine.refreshStatus();
    expect(ipad.engine.getStatus().pendingCount).toBe(1);

    full = false;
    await ipad.mark(w.school.pupil(1), '/');
    expect(await ipad.flush()).toMatchObject({ ok: true, pushed: 2 });
    await expectInvariants(w);
  });

  it('storage full while the acknowledgements are written: the rows stay pending and the resend is recognised', async () => {
    world = await faultWorld(testDb);
    const w = world;
    const ipad = await w.tablet('teacher');
    for (const p of w.school.groups[0]?.pupilIds.slice(0, 5) ?? []) await ipad.mark(p, '/');
    let full = false;
    ipad.db.close();
    ipad.db.use(failingWrites('outbox', quotaExceeded, () => full || ipad.pushes.length === 1));
    await ipad.db.open();
    const failed = await ipad.flush();
    expect(failed).toMatchObject({ ok: false, error: { kind: 'storage' } });
    expect(failed.error?.message).toMatch(/Marks already saved are kept/);
    expect(await ipad.pendingCount()).toBe(5);
    expect(await ipad.flush()).toMatchObject({ ok: true, pushed: 5 });
    expect((ipad.pushes[1]?.answer as { acks: unknown }).acks).toEqual(
      (ipad.pushes[0]?.answer as { acks: unknown }).acks,
    );
    full = false;
    await expectInvariants(w);
  });
});

describe('T15 the IndexedDB connection is lost (as WebKit does)', () => {
  it('between marks and during a sync: the outbox survives, marking and syncing carry on', async () => {
    world = await faultWorld(testDb);
    const w = world;
    const ipad = await w.tablet('teacher');
    const pupils = w.school.groups[0]?.pupilIds.slice(0, 6) ?? [];
    await ipad.mark(pupils[0] ?? '', '/');
    await ipad.mark(pupils[1] ?? '', '/');

    loseConnection(ipad.db.backendDB());
    // The next write: Dexie reopens, or the tablet reports the failure and a retry succeeds.
    let reopened = true;
    try {
      await ipad.mark(pupils[2] ?? '', '/');
    } catch {
      reopened = false;
      if (!ipad.db.isOpen()) await ipad.db.open();
      await ipad.mark(pupils[2] ?? '', '/');
    }
    expect(await ipad.pendingCount()).toBe(3);

    // Lost again while the sync is under way (after the push was answered).
    let lost = false;
    const closeOnFirstAnswer = setInterval(() => {
      if (!lost && ipad.pushes.length > 0 && ipad.db.isOpen()) {
        lost = true;
        loseConnection(ipad.db.backendDB());
      }
    }, 0);
    const during = await ipad.flush();
    clearInterval(closeOnFirstAnswer);
    if (!during.ok) {
      expect(during.error?.kind).toBe('storage');
      if (!ipad.db.isOpen()) await ipad.db.open();
    }
    await ipad.mark(pupils[3] ?? '', '/');
    expect(await ipad.flush()).toMatchObject({ ok: true });
    expect(await statuses(ipad)).toEqual({ acked: 4 });
    await expectInvariants(w);
    // Recorded for the report: whether Dexie reopened by itself after the first loss.
    console.info(
      `T15: Dexie ${reopened ? 'reopened by itself' : 'needed an explicit open()'} after the connection was lost`,
    );
  });
});

// The 10,000-mark drain is timed in `npm run bench` (test/bench/syncDrain.bench.ts); here a queue
// of three push batches proves the batching and exactly-once storage at a fraction of the time.
describe('T17 a long queue of marks', () => {
  it('drain in batches of at most 500, each stored exactly once, and the tablet ends with nothing pending', async () => {
    world = await faultWorld(testDb, {
      groups: [
        { name: 'Year 3', yearGroup: '3', pupils: 30 },
        { name: 'Year 4', yearGroup: '4', pupils: 30 },
        { name: 'Year 5', yearGroup: '5', pupils: 30 },
        { name: 'Year 6', yearGroup: '6', pupils: 30 },
      ],
    });
    const w = world;
    const office = await w.tablet('office', { role: 'office' });
    const config = parseSchoolConfig(syncSchoolConfig(w.school.id, w.school.name));
    if (!config.ok) throw new Error('the fixture configuration does not parse');
    const sessions: SessionRef[] = openSessionsBetween(
      config.value,
      localDate(TODAY),
      localDate('2025-07-22'),
    ).map((s) => ({ date: s.date, part: s.part }));
    const TOTAL = 1_200;
    const rows: NewOutboxRow[] = [];
    const recordedAt = new Date(office.deviceClock.now()).toISOString();
    outer: for (const session of sessions) {
      for (const pupilId of w.school.pupilIds) {
        if (rows.length === TOTAL) break outer;
        rows.push({
          v: OUTBOX_ROW_VERSION,
          wireSeq: null,
          eventId: randomUUID(),
          pupilId,
          sessionKey: sessionKey(session),
          session,
          code: 'B',
          minutesLate: null,
          arrivedAt: null,
          reason: null,
          baseEventId: null,
          actorStaffId: office.staffId,
          actorRole: 'office',
          recordedAt,
          status: 'pending',
          serverSeq: null,
          ackStatus: null,
          ackReason: null,
        });
      }
    }
    expect(rows).toHaveLength(TOTAL);
    await office.db.outbox.bulkAdd(rows);
    office.saved.push(...rows.map((r) => r.eventId));
    expect(await office.pendingCount()).toBe(TOTAL);

    // One flush may stop on a transient hiccup; the next carries on. Bounded either way.
    for (let i = 0; i < 5 && (await office.pendingCount()) > 0; i += 1) await office.flush();

    expect(await statuses(office)).toEqual({ acked: TOTAL });
    expect(office.pushes.every((p) => p.status === 200)).toBe(true);
    const sizes = office.pushes.map(
      (p) => (JSON.parse(p.requestBody) as { events: unknown[] }).events.length,
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(TOTAL);
    const { rows: stored } = await testDb.db.query<{ n: number; d: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT event_id)::int AS d FROM mark_event WHERE device_id = $1',
      [office.deviceId],
    );
    expect(stored[0]).toEqual({ n: TOTAL, d: TOTAL });
    expect(office.engine.getStatus()).toMatchObject({ pendingCount: 0, error: null });
    await expectInvariants(w);
  }, 900_000);
});

void AM;
