/**
 * Concurrent marks and wrong clocks through the real client and server (docs/reliability.md, "Fault
 * matrix": T10, T11, T12): every arrival order ends with the same entry on the server and on every
 * tablet, every event kept, and the invariants of faultWorld.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { localDate } from '../../../src/domain';
import { openTestDatabase, type TestDatabase } from '../../server/harness';
import { DATES, storedEntry, TODAY } from '../../server/syncFixtures';
import { expectInvariants, faultWorld, type FaultTablet, type FaultWorld } from './faultWorld';

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

const HOUR = 3_600_000;
const KEY = `${TODAY}:AM`;

async function newWorld(): Promise<FaultWorld> {
  world = await faultWorld(testDb);
  return world;
}

/** The server's log and every tablet's pulled events agree, and so do their entries (I3). */
async function expectConverged(w: FaultWorld, tablets: readonly FaultTablet[]): Promise<void> {
  for (const t of tablets) expect(await t.flush()).toMatchObject({ ok: true });
  const { rows } = await testDb.db.query<{ event_id: string }>(
    'SELECT event_id FROM mark_event WHERE school_id = $1 ORDER BY server_seq',
    [w.school.id],
  );
  const serverLog = rows.map((r) => r.event_id);
  const { rows: entryRows } = await testDb.db.query<{
    pupil_id: string;
    code: string;
    head_event_id: string;
    needs_review: boolean;
  }>(
    `SELECT pupil_id, code, head_event_id, needs_review FROM register_entry WHERE school_id = $1 ORDER BY pupil_id`,
    [w.school.id],
  );
  for (const t of tablets) {
    const pulled = (await t.db.events.orderBy('serverSeq').toArray()).map((e) => e.eventId);
    // The tablet holds every event after its snapshot, in server order.
    expect(serverLog.slice(serverLog.length - pulled.length)).toEqual(pulled);
    const local = (await t.db.entries.toArray())
      .map((e) => ({
        pupil_id: e.pupilId,
        code: e.code,
        head_event_id: e.headEventId,
        needs_review: e.needsReview,
      }))
      .sort((a, b) => a.pupil_id.localeCompare(b.pupil_id));
    expect(local).toEqual(entryRows);
  }
  await expectInvariants(w);
}

describe('T10 two tablets mark the same pupil offline', () => {
  it.each([['first tablet first'], ['second tablet first']])(
    'the same code (%s): the later one is duplicate_value, no review, both converge',
    async (order) => {
      const w = await newWorld();
      const a = await w.tablet('teacher');
      const b = await w.tablet('teacher2');
      const pupil = w.school.pupil(0);
      const idA = await a.mark(pupil, '/');
      const idB = await b.mark(pupil, '/');
      const [first, second] = order === 'first tablet first' ? [a, b] : [b, a];
      expect(await first.flush()).toMatchObject({ ok: true, pushed: 1 });
      expect(await second.flush()).toMatchObject({ ok: true, pushed: 1 });
      const later = second === a ? idA : idB;
      const row = await second.db.outbox.where('eventId').equals(later).first();
      expect(row).toMatchObject({ status: 'acked', ackStatus: 'duplicate_value' });
      expect(await storedEntry(testDb.db, w.school.id, pupil)).toMatchObject({
        code: '/',
        needs_review: false,
      });
      await expectConverged(w, [a, b]);
    },
  );
});

describe('T11 an office amendment races a teacher’s stale mark', () => {
  it('office first: the teacher’s late mark is superseded, the office’s entry stands on every tablet', async () => {
    const w = await newWorld();
    const teacher = await w.tablet('teacher');
    const office = await w.tablet('office', { role: 'office' });
    const pupil = w.school.pupil(1);
    await office.mark(pupil, 'M', { reason: 'Dentist appointment letter' });
    const stale = await teacher.mark(pupil, '/');
    expect(await office.flush()).toMatchObject({ ok: true, pushed: 1 });
    expect(await teacher.flush()).toMatchObject({ ok: true, pushed: 1 });
    expect(await teacher.db.outbox.where('eventId').equals(stale).first()).toMatchObject({
      status: 'acked',
      ackStatus: 'superseded',
    });
    expect(await storedEntry(testDb.db, w.school.id, pupil)).toMatchObject({
      code: 'M',
      head_role: 'office',
    });
    expect(await teacher.db.entries.get([pupil, KEY])).toMatchObject({
      code: 'M',
      headRole: 'office',
    });
    await expectConverged(w, [teacher, office]);
  });

  it('teacher first: the office’s amendment on a stale view is applied and flagged for review, with its reason in the trail', async () => {
    const w = await newWorld();
    const teacher = await w.tablet('teacher');
    const office = await w.tablet('office', { role: 'office' });
    const pupil = w.school.pupil(2);
    const first = await teacher.mark(pupil, '/');
    expect(await teacher.flush()).toMatchObject({ ok: true, pushed: 1 });
    // The office tablet never pulled the teacher's mark: its amendment is based on nothing.
    const amendment = await office.mark(pupil, 'M', { reason: 'Parent phoned: dentist' });
    expect(await office.flush()).toMatchObject({ ok: true, pushed: 1 });
    expect(await office.db.outbox.where('eventId').equals(amendment).first()).toMatchObject({
      status: 'acked',
      ackStatus: 'applied',
    });
    expect(await storedEntry(testDb.db, w.school.id, pupil)).toMatchObject({
      code: 'M',
      head_role: 'office',
      needs_review: true,
    });
    // The legal trail keeps both, with who, role and reason.
    const res = await office.browser.get(`/api/pupils/${pupil}/entries?from=${TODAY}&to=${TODAY}`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain(first);
    expect(text).toContain(amendment);
    expect(text).toContain('Parent phoned: dentist');
    await expectConverged(w, [teacher, office]);
  });
});

describe('T12 a tablet whose clock is wrong', () => {
  it('an hour fast and an hour slow: order is the server’s, device times are kept as evidence, the clock warning shows', async () => {
    const w = await newWorld();
    const fast = await w.tablet('teacher');
    const slow = await w.tablet('teacher2');
    fast.skewMs = HOUR;
    slow.skewMs = -HOUR;
    // Both tablets sync once, so each knows its clock offset.
    expect(await fast.flush()).toMatchObject({ ok: true });
    expect(await slow.flush()).toMatchObject({ ok: true });
    expect(fast.engine.getStatus().clockWarning).toBe(true);
    expect(slow.engine.getStatus().clockWarning).toBe(true);

    const pupil = w.school.pupil(3);
    const fastId = await fast.mark(pupil, '/');
    w.clock.advance(60_000);
    const slowId = await slow.mark(pupil, 'N');
    expect(await fast.flush()).toMatchObject({ ok: true, pushed: 1 });
    expect(await slow.flush()).toMatchObject({ ok: true, pushed: 1 });

    // The fast tablet's mark arrived first, so it is the entry, though its clock said later.
    expect(await storedEntry(testDb.db, w.school.id, pupil)).toMatchObject({
      code: '/',
      head_event_id: fastId,
      needs_review: true,
    });
    const { rows } = await testDb.db.query<{
      event_id: string;
      recorded_at_device: Date;
      clock_offset_ms: number;
    }>(
      'SELECT event_id, recorded_at_device, clock_offset_ms FROM mark_event WHERE event_id = ANY($1)',
      [[fastId, slowId]],
    );
    const byId = new Map(rows.map((r) => [r.event_id, r]));
    const server = w.clock.now().getTime();
    expect(new Date(byId.get(fastId)?.recorded_at_device ?? 0).getTime()).toBe(
      server - 60_000 + HOUR,
    );
    expect(new Date(byId.get(slowId)?.recorded_at_device ?? 0).getTime()).toBe(server - HOUR);
    expect(Math.round(Number(byId.get(fastId)?.clock_offset_ms) / 60_000)).toBe(-60);
    expect(Math.round(Number(byId.get(slowId)?.clock_offset_ms) / 60_000)).toBe(60);
    await expectConverged(w, [fast, slow]);
  });

  it('on the wrong day: a mark for a session that has not come is refused by the server’s clock and kept with the reason', async () => {
    const w = await newWorld();
    const tablet = await w.tablet('teacher');
    tablet.skewMs = 24 * HOUR; // the tablet believes it is tomorrow
    const good = await tablet.mark(w.school.pupil(4), '/');
    const tomorrow = await tablet.mark(w.school.pupil(4), '/', {
      session: { date: localDate(DATES.tomorrow), part: 'AM' },
    });
    const result = await tablet.flush();
    expect(result).toMatchObject({ ok: true, pushed: 1, rejected: 1 });
    const row = await tablet.db.outbox.where('eventId').equals(tomorrow).first();
    expect(row?.status).toBe('rejected');
    expect(row?.ackReason).toMatch(/\S/);
    expect(tablet.engine.getStatus()).toMatchObject({
      pendingCount: 0,
      rejectedCount: 1,
      clockWarning: true,
    });
    expect(await tablet.db.outbox.where('eventId').equals(good).first()).toMatchObject({
      status: 'acked',
    });
    await expectInvariants(w);
  });
});
