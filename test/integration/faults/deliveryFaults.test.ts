/**
 * Faults between a tablet and the office (docs/reliability.md, "Fault matrix": T1, T2, T6, T8, T9),
 * with the real client and the real server, each test ending on the invariants (faultWorld.ts):
 * everything acknowledged is on the server exactly once, nothing the tablet called saved is lost,
 * and the status never says synced for a mark that is not.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getMeta } from '../../../src/client/db/meta';
import { ROUTES } from '../../../src/shared/api/routes';
import { openTestDatabase, type TestDatabase } from '../../server/harness';
import { storedCount } from '../../server/syncFixtures';
import {
  expectInvariants,
  failingWrites,
  faultWorld,
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

async function newWorld(): Promise<FaultWorld> {
  world = await faultWorld(testDb);
  return world;
}

const pupilsOf = (w: FaultWorld, n: number, from = 0) =>
  (w.school.groups[0]?.pupilIds ?? []).slice(from, from + n);

describe('T1 the server commits, the answer is lost', () => {
  it('in the second of three batches: a new tab resends under the same numbers and gets the same acks', async () => {
    const w = await newWorld();
    const ipad = await w.tablet('teacher', { pushBatchSize: 5 });
    for (const p of pupilsOf(w, 12)) await ipad.mark(p, '/');
    // Batch 1 is answered; batch 2 is committed but its answer is lost; the flush stops there.
    ipad.faults.push('pass', 'drop-answer');

    const lost = await ipad.flush();
    expect(lost).toMatchObject({ ok: false, pushed: 5, error: { kind: 'transient' } });
    expect(await storedCount(testDb.db, w.school.id, ipad.saved[9] ?? '')).toBe(1);
    expect(await statuses(ipad)).toEqual({ acked: 5, pending: 7 });
    expect(ipad.engine.getStatus().lastSyncedAt).toBeNull();
    await expectInvariants(w);

    // The tab is killed and the teacher opens the app again.
    ipad.kill();
    ipad.reopen();
    const again = await ipad.flush();
    expect(again).toMatchObject({ ok: true, pushed: 7, error: null });
    const [, lostAnswer, resent] = ipad.pushes;
    expect(JSON.parse(resent?.requestBody ?? '{}')).toMatchObject({
      events: JSON.parse(lostAnswer?.requestBody ?? '{}').events,
    });
    expect((resent?.answer as { acks: unknown[] }).acks).toEqual(
      (lostAnswer?.answer as { acks: unknown[] }).acks,
    );
    expect(await statuses(ipad)).toEqual({ acked: 12 });
    await expectInvariants(w);
  });
});

describe('T2 the same batch delivered more than once', () => {
  it('replayed one after another and five at once: identical acks, each event stored once', async () => {
    const w = await newWorld();
    const ipad = await w.tablet('teacher');
    for (const p of pupilsOf(w, 8)) await ipad.mark(p, '/');
    expect(await ipad.flush()).toMatchObject({ ok: true, pushed: 8 });
    const original = ipad.pushes[0];
    const replay = async () => {
      const res = await ipad.browser.post(ROUTES.syncPush, undefined, {
        rawBody: original?.requestBody ?? '',
      });
      return { status: res.status, body: (await res.json()) as { acks: unknown[] } };
    };
    const sequential = [await replay(), await replay()];
    const concurrent = await Promise.all([replay(), replay(), replay(), replay(), replay()]);
    for (const answer of [...sequential, ...concurrent]) {
      expect(answer.status).toBe(200);
      expect(answer.body.acks).toEqual((original?.answer as { acks: unknown[] }).acks);
    }
    for (const id of ipad.saved) expect(await storedCount(testDb.db, w.school.id, id)).toBe(1);
    await expectInvariants(w);
  });

  it('two tabs of one tablet flushing the same outbox at the same moment, with no lock between them', async () => {
    const w = await newWorld();
    const ipad = await w.tablet('teacher');
    for (const p of pupilsOf(w, 10)) await ipad.mark(p, '/');
    const other = ipad.secondTab();
    try {
      const [a, b] = await Promise.all([ipad.flush(), other.engine.flush()]);
      // Between them every mark was acknowledged; neither stored anything twice.
      expect(a.ok || b.ok).toBe(true);
      if (!(a.ok && b.ok)) {
        // The loser was refused or told of a reuse; the next flush settles it.
        expect(await ipad.flush()).toMatchObject({ ok: true });
      }
      expect(await statuses(ipad)).toEqual({ acked: 10 });
      await expectInvariants(w);
    } finally {
      other.engine.dispose();
      other.db.close();
    }
  });
});

describe('T6 the tab is killed at each step of a sync', () => {
  it.each([
    ['before the request left (numbers given, nothing sent)', 'hang' as const, 0],
    ['awaiting the answer, after the server committed', 'hang-after' as const, 6],
  ])('%s: a new tab sends them again, stored once', async (_name, fault, committed) => {
    const w = await newWorld();
    const ipad = await w.tablet('teacher');
    for (const p of pupilsOf(w, 6)) await ipad.mark(p, '/');
    ipad.faults.push(fault);
    void ipad.engine.flush(); // never returns: the tab dies while it waits
    for (let i = 0; i < 200 && ipad.hung.length === 0; i += 1) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(ipad.hung).toHaveLength(1);
    const { rows } = await testDb.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM mark_event WHERE device_id = $1',
      [ipad.deviceId],
    );
    expect(rows[0]?.n).toBe(committed);
    expect(await ipad.pendingCount()).toBe(6);
    ipad.kill();

    ipad.reopen();
    expect(await ipad.flush()).toMatchObject({ ok: true, pushed: 6, error: null });
    expect(await statuses(ipad)).toEqual({ acked: 6 });
    await expectInvariants(w);
  });

  it('while writing the acknowledgements: the rows stay pending, the resend is recognised', async () => {
    const w = await newWorld();
    const ipad = await w.tablet('teacher');
    for (const p of pupilsOf(w, 6)) await ipad.mark(p, '/');
    // Writes fail once the server has answered: the rows were numbered and sent, and the tab
    // dies while recording the acknowledgements.
    ipad.db.close();
    ipad.db.use(
      failingWrites(
        'outbox',
        () => new Error('the tab was closed'),
        () => ipad.pushes.length > 0,
      ),
    );
    await ipad.db.open();

    const result = await ipad.flush();
    expect(result).toMatchObject({ ok: false, error: { kind: 'storage' } });
    expect(await storedCount(testDb.db, w.school.id, ipad.saved[0] ?? '')).toBe(1);
    expect(await ipad.pendingCount()).toBe(6);
    ipad.kill();

    ipad.reopen();
    expect(await ipad.flush()).toMatchObject({ ok: true, pushed: 6 });
    expect(ipad.pushes.map((p) => p.status)).toEqual([200, 200]);
    expect((ipad.pushes[1]?.answer as { acks: unknown[] }).acks).toEqual(
      (ipad.pushes[0]?.answer as { acks: unknown[] }).acks,
    );
    await expectInvariants(w);
  });

  it('in the middle of pulling a page: the cursor moves only with the data', async () => {
    const w = await newWorld();
    const writer = await w.tablet('teacher2');
    const reader = await w.tablet('teacher');
    // The reader has its snapshot (nothing marked yet) and a cursor.
    expect(await reader.flush()).toMatchObject({ ok: true });
    const cursorBefore = await getMeta(reader.db, 'pullCursor');
    expect(cursorBefore).toBeDefined();
    for (const p of pupilsOf(w, 20)) await writer.mark(p, '/');
    expect(await writer.flush()).toMatchObject({ ok: true, pushed: 20 });

    let failing = true;
    reader.db.close();
    reader.db.use(
      failingWrites(
        'events',
        () => new Error('the tab was closed'),
        () => failing,
      ),
    );
    await reader.db.open();
    const broken = await reader.flush();
    expect(broken).toMatchObject({ ok: false, error: { kind: 'storage' } });
    // The page's transaction failed whole: no cursor moved past data the tablet does not hold.
    expect(await getMeta(reader.db, 'pullCursor')).toBe(cursorBefore);
    expect(await reader.db.events.count()).toBe(0);
    expect(await reader.db.entries.count()).toBe(0);
    reader.kill();

    failing = false;
    reader.reopen();
    expect(await reader.flush()).toMatchObject({ ok: true, pulled: 20 });
    expect(await reader.db.entries.count()).toBe(20);
    await expectInvariants(w);
  });
});

describe('T8 a gap: a queued mark lost from the tablet before it was sent', () => {
  it('the server says which number it expects; the rest are renumbered and stored once, with no hole', async () => {
    const w = await newWorld();
    const ipad = await w.tablet('teacher');
    for (const p of pupilsOf(w, 6)) await ipad.mark(p, '/');
    // The first attempt numbers 1–6 but never reaches the server.
    ipad.faults.push('drop-request');
    expect(await ipad.flush()).toMatchObject({ ok: false, error: { kind: 'transient' } });
    // Storage loses the row numbered 1 (a WebKit bug, a partial eviction…).
    const first = await ipad.db.outbox.filter((r) => r.wireSeq === 1).first();
    expect(first).toBeDefined();
    await ipad.db.outbox.delete(first?.localSeq ?? 0);
    ipad.saved.splice(ipad.saved.indexOf(first?.eventId ?? ''), 1);

    const result = await ipad.flush();
    expect(result).toMatchObject({ ok: true, pushed: 5, error: null });
    expect(ipad.pushes.map((p) => p.status)).toEqual([409, 200]);
    expect((ipad.pushes[0]?.answer as { details: { expected: number } }).details.expected).toBe(1);
    expect(await storedCount(testDb.db, w.school.id, first?.eventId ?? '')).toBe(0);
    await expectInvariants(w);
  });
});

describe('T9 a poison mark among good ones', () => {
  it('is refused with its reason and kept; every other mark is sent again and stored once', async () => {
    const w = await newWorld();
    const ipad = await w.tablet('teacher', { pushBatchSize: 4 });
    const pupils = pupilsOf(w, 10);
    const codes = ['/', '/', '/', '/', '/', 'C', '/', 'Z', '/', '/'];
    for (const [i, p] of pupils.entries()) await ipad.mark(p, codes[i] ?? '/');

    const result = await ipad.flush();
    expect(result).toMatchObject({ ok: true, pushed: 8, rejected: 2, error: null });
    const rows = await ipad.db.outbox.orderBy('localSeq').toArray();
    expect(rows.filter((r) => r.status === 'rejected').map((r) => r.code)).toEqual(['C', 'Z']);
    for (const row of rows.filter((r) => r.status === 'rejected')) {
      expect(row.ackReason).toMatch(/./);
    }
    expect(ipad.engine.getStatus()).toMatchObject({ pendingCount: 0, rejectedCount: 2 });
    // The refused marks show as refused on the register, never as synced.
    const { registerView } = await import('../../../src/client/marks/registerView');
    const view = await registerView(ipad.db, w.school.groups[0]?.id ?? '', {
      date: rows[5]?.session.date ?? ('' as never),
      part: 'AM',
    });
    expect(view.pupils.find((p) => p.pupilId === pupils[5])).toMatchObject({
      notice: { status: 'rejected' },
    });
    await expectInvariants(w);
  });
});
