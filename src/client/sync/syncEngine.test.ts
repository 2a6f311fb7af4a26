import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MarkActor } from '../../domain/index';
import type { PushRequest } from '../../shared/api/syncSchemas';
import { recordMark } from '../marks/recordMark';
import type { AppDb } from '../db/appDb';
import { getMeta } from '../db/meta';
import { registerView } from '../marks/registerView';
import {
  DEVICE_ID,
  freshDb,
  GROUP_ID,
  ManualTimers,
  MONDAY_AM,
  OFFICE,
  OTHER_DEVICE_ID,
  OTHER_TEACHER,
  PUPIL,
  ROSTER,
  TEACHER,
} from '../testSupport.fixture';
import { enrolDevice } from './enrolDevice';
import { FakeSyncServer } from './fakeSyncServer.fixture';
import { createSyncClient } from './syncClient';
import { createSyncEngine, type SyncEngine, type SyncEngineDeps } from './syncEngine';
import type { SyncLock } from './syncLock';

const NEW_EPOCH = '00000000-0000-4000-8000-00000000e0c2';

interface Rig {
  db: AppDb;
  server: FakeSyncServer;
  timers: ManualTimers;
  engine: SyncEngine;
  mark(pupilId: string, code: string, actor?: MarkActor): Promise<string>;
  elsewhere(pupilId: string, code: string, actor?: MarkActor, baseEventId?: string | null): string;
  pushes(): PushRequest[];
}

const rigs: Rig[] = [];
afterEach(() => {
  for (const rig of rigs.splice(0)) {
    rig.engine.dispose();
    rig.db.close();
  }
});

async function setUp(
  options: { serverSkewMs?: number; enrol?: boolean } & Partial<SyncEngineDeps> = {},
): Promise<Rig> {
  const db = freshDb();
  const timers = new ManualTimers();
  const server = new FakeSyncServer({
    staff: [TEACHER, OTHER_TEACHER, OFFICE],
    roster: ROSTER,
    now: () => new Date(timers.clock.now() + (options.serverSkewMs ?? 0)).toISOString(),
  });
  const pushBodies: PushRequest[] = [];
  const client = createSyncClient({
    fetch: (url, init) => {
      if (url.endsWith('/push')) pushBodies.push(JSON.parse(String(init.body)) as PushRequest);
      return server.fetch(url, init);
    },
  });
  if (options.enrol !== false) await enrolDevice(db, DEVICE_ID);
  const engine = createSyncEngine({
    db,
    client,
    clock: timers.clock,
    timers,
    random: () => 0.5,
    ...options,
  });
  const env = { clock: timers.clock, newEventId: () => crypto.randomUUID() };
  const rig: Rig = {
    db,
    server,
    timers,
    engine,
    async mark(pupilId, code, actor = TEACHER) {
      const result = await recordMark(
        db,
        { pupilId, session: MONDAY_AM, code, actor: { staffId: actor.staffId, role: actor.role } },
        env,
      );
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.value.eventId;
    },
    elsewhere(pupilId, code, actor = OTHER_TEACHER, baseEventId = null) {
      return server.recordFromElsewhere({
        eventId: crypto.randomUUID(),
        pupilId,
        session: { date: '2025-09-08', part: 'AM' },
        code,
        minutesLate: null,
        arrivedAt: null,
        reason: null,
        baseEventId,
        actor,
        deviceId: OTHER_DEVICE_ID,
        recordedAt: '2025-09-08T08:50:00.000Z',
      }).eventId;
    },
    pushes: () => pushBodies,
  };
  rigs.push(rig);
  return rig;
}

/** The server's heads and the device's entries, in one comparable shape. */
async function entriesOf(rig: Rig) {
  const local = (await rig.db.entries.toArray())
    .map((e) => ({
      pupilId: e.pupilId,
      code: e.code,
      headEventId: e.headEventId,
      headSeq: e.headSeq,
      headRole: e.headRole,
      needsReview: e.needsReview,
    }))
    .sort((a, b) => a.pupilId.localeCompare(b.pupilId));
  const server = rig.server
    .snapshot()
    .entries.map((e) => ({
      pupilId: e.pupilId,
      code: e.code,
      headEventId: e.headEventId,
      headSeq: e.headSeq,
      headRole: e.headRole,
      needsReview: e.needsReview,
    }))
    .sort((a, b) => a.pupilId.localeCompare(b.pupilId));
  return { local, server };
}

describe('push', () => {
  it('sends pending marks in device order and records every acknowledgement', async () => {
    const rig = await setUp();
    const ids = [
      await rig.mark(PUPIL.ada, '/'),
      await rig.mark(PUPIL.ben, 'N'),
      await rig.mark(PUPIL.cat, '/'),
    ];

    const result = await rig.engine.flush();

    expect(result).toMatchObject({ ok: true, pushed: 3, error: null });
    expect(rig.pushes()).toHaveLength(1);
    expect(rig.pushes()[0]?.events.map((e) => [e.clientSeq, e.eventId])).toEqual([
      [1, ids[0]],
      [2, ids[1]],
      [3, ids[2]],
    ]);
    const rows = await rig.db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.status, r.ackStatus, r.serverSeq, r.wireSeq])).toEqual([
      ['acked', 'applied', 1, 1],
      ['acked', 'applied', 2, 2],
      ['acked', 'applied', 3, 3],
    ]);
    expect(await getMeta(rig.db, 'nextWireSeq')).toBe(4);
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
    expect(rig.engine.getStatus()).toMatchObject({
      pendingCount: 0,
      error: null,
      lastSyncedAt: '2025-09-08T08:00:00.000Z',
    });
    expect(await getMeta(rig.db, 'lastSyncedAt')).toBe('2025-09-08T08:00:00.000Z');
  });

  it('an undo of a first mark, sent before or after the mark: the entry has no mark on both ends', async () => {
    const rig = await setUp();
    const withdraw = async (pupilId: string, markId: string) => {
      const result = await recordMark(rig.db, {
        pupilId,
        session: MONDAY_AM,
        code: '/',
        actor: { staffId: TEACHER.staffId, role: TEACHER.role },
        kind: 'withdrawn',
        seenHeadEventId: markId,
      });
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
    };
    // Ada: the mark and its undo go in one push. Ben: the mark has reached the server first.
    await withdraw(PUPIL.ada, await rig.mark(PUPIL.ada, '/'));
    const benMark = await rig.mark(PUPIL.ben, '/');
    await rig.engine.flush();
    expect((await entriesOf(rig)).local.map((e) => e.pupilId)).toEqual([PUPIL.ben]);
    await withdraw(PUPIL.ben, benMark);

    await rig.engine.flush();

    expect(rig.pushes().flatMap((p) => p.events.map((e) => e.kind ?? 'mark'))).toEqual([
      'mark',
      'withdrawn',
      'mark',
      'withdrawn',
    ]);
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual([]);
    expect(server).toEqual([]);
    const view = await registerView(rig.db, GROUP_ID, MONDAY_AM);
    expect(view.unmarkedCount).toBe(view.pupils.length);
    expect(rig.server.visibleEvents().map((e) => e.kind ?? 'mark')).toEqual([
      'mark',
      'withdrawn',
      'mark',
      'withdrawn',
    ]);
  });

  it('sends large outboxes in ordered batches of at most the batch size', async () => {
    const rig = await setUp({ pushBatchSize: 2 });
    for (const pupilId of [PUPIL.ada, PUPIL.ben, PUPIL.cat, PUPIL.dan, PUPIL.eve]) {
      await rig.mark(pupilId, '/');
    }
    await rig.engine.flush();
    expect(rig.pushes().map((p) => p.events.map((e) => e.clientSeq))).toEqual([
      [1, 2],
      [3, 4],
      [5],
    ]);
    expect(rig.server.devices.get(DEVICE_ID)).toBe(5);
  });

  it('keeps a refused mark with the server’s message; the marks behind it go on under new numbers', async () => {
    const rig = await setUp();
    rig.server.refusedCodes.add('Q');
    const ids = [
      await rig.mark(PUPIL.ada, 'Q'),
      await rig.mark(PUPIL.ben, '/'),
      await rig.mark(PUPIL.cat, '/'),
    ];

    const result = await rig.engine.flush();

    expect(result).toMatchObject({ ok: true, pushed: 2, rejected: 1, error: null });
    // The refused batch stored nothing; the rest went again from the server's `expected`.
    expect(rig.pushes().map((p) => p.events.map((e) => [e.clientSeq, e.eventId]))).toEqual([
      [
        [1, ids[0]],
        [2, ids[1]],
        [3, ids[2]],
      ],
      [
        [1, ids[1]],
        [2, ids[2]],
      ],
    ]);
    const rows = await rig.db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.status, r.wireSeq, r.ackReason])).toEqual([
      ['rejected', null, 'The code Q cannot be used here.'],
      ['acked', 1, null],
      ['acked', 2, null],
    ]);
    expect(rig.engine.getStatus()).toMatchObject({ pendingCount: 0, rejectedCount: 1 });
    const view = await registerView(rig.db, GROUP_ID, MONDAY_AM);
    expect(view.pupils.map((p) => [p.displayName, p.code, p.notice])).toEqual([
      ['Ada Adams', null, { status: 'rejected', reason: 'The code Q cannot be used here.' }],
      ['Ben Brown', '/', null],
      ['Cat Clark', '/', null],
    ]);

    // The refused mark is never sent again; the next mark takes the next number.
    await rig.mark(PUPIL.ada, '/');
    await rig.engine.flush();
    expect(rig.pushes()[2]?.events.map((e) => e.clientSeq)).toEqual([3]);
    expect(rig.server.clientSeqsOf(DEVICE_ID)).toEqual([1, 2, 3]);
  });

  it('a refused mark in the middle of a batch: it is rejected, the others renumbered and applied', async () => {
    const rig = await setUp();
    rig.server.refusedCodes.add('C');
    const ada = await rig.mark(PUPIL.ada, '/');
    const ben = await rig.mark(PUPIL.ben, 'C');
    const cat = await rig.mark(PUPIL.cat, 'N');
    const dan = await rig.mark(PUPIL.dan, '/');

    const result = await rig.engine.flush();

    expect(result).toMatchObject({ ok: true, pushed: 3, rejected: 1 });
    expect(rig.pushes().map((p) => p.events.map((e) => [e.clientSeq, e.eventId]))).toEqual([
      [
        [1, ada],
        [2, ben],
        [3, cat],
        [4, dan],
      ],
      [
        [1, ada],
        [2, cat],
        [3, dan],
      ],
    ]);
    const rows = await rig.db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.eventId, r.status, r.ackStatus, r.ackReason])).toEqual([
      [ada, 'acked', 'applied', null],
      [ben, 'rejected', 'rejected', 'The code C cannot be used here.'],
      [cat, 'acked', 'applied', null],
      [dan, 'acked', 'applied', null],
    ]);
    // Nothing lost, nothing twice: every other mark is on the server exactly once.
    expect(rig.server.visibleEvents().map((e) => e.eventId)).toEqual([ada, cat, dan]);
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('several refusals in one batch and across batches keep the wire numbers contiguous', async () => {
    const rig = await setUp({ pushBatchSize: 2 });
    rig.server.refusedCodes.add('Q');
    for (const [pupilId, code] of [
      [PUPIL.ada, 'Q'],
      [PUPIL.ben, 'Q'],
      [PUPIL.cat, '/'],
      [PUPIL.dan, 'Q'],
      [PUPIL.eve, '/'],
    ] as const) {
      await rig.mark(pupilId, code);
    }

    const result = await rig.engine.flush();

    expect(result).toMatchObject({ ok: true, pushed: 2, rejected: 3 });
    // [ada, ben] both refused; [cat, dan] dan refused; [cat, eve] stored.
    expect(rig.pushes().map((p) => p.events.map((e) => e.clientSeq))).toEqual([
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expect(rig.server.clientSeqsOf(DEVICE_ID)).toEqual([1, 2]);
    expect(await getMeta(rig.db, 'nextWireSeq')).toBe(3);
  });

  it('resends after a lost response under the same numbers: the server answers with the same acks', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    await rig.mark(PUPIL.ben, 'N');
    rig.server.faults.push({ kind: 'lose_response' });

    const lost = await rig.engine.flush();
    expect(lost).toMatchObject({ ok: false, error: { kind: 'transient', status: null } });
    expect(rig.engine.getStatus()).toMatchObject({ isOnline: false, pendingCount: 2 });
    expect(rig.server.events).toHaveLength(2);
    // A mark made while the answer was lost queues behind the two, with the next number.
    await rig.mark(PUPIL.cat, '/');

    const again = await rig.engine.flush();
    expect(again).toMatchObject({ ok: true, pushed: 3 });
    const [first, second] = rig.pushes();
    expect(second?.events.slice(0, 2)).toEqual(first?.events);
    expect(second?.events.map((e) => e.clientSeq)).toEqual([1, 2, 3]);
    expect(rig.server.events).toHaveLength(3);
    expect(new Set(rig.server.events.map((e) => e.eventId)).size).toBe(3);
    const rows = await rig.db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.status, r.serverSeq, r.wireSeq])).toEqual([
      ['acked', 1, 1],
      ['acked', 2, 2],
      ['acked', 3, 3],
    ]);
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('a refusal after a lost response: the stored marks keep their numbers, the rest are renumbered', async () => {
    const rig = await setUp({ pushBatchSize: 3 });
    rig.server.refusedCodes.add('Q');
    const ada = await rig.mark(PUPIL.ada, '/');
    const ben = await rig.mark(PUPIL.ben, '/');
    rig.server.faults.push({ kind: 'lose_response' });
    await rig.engine.flush(); // 1 and 2 stored; the answer lost (the retry timer is not run)
    const cat = await rig.mark(PUPIL.cat, 'Q');
    const dan = await rig.mark(PUPIL.dan, '/');

    const result = await rig.engine.flush();

    expect(result).toMatchObject({ ok: true, pushed: 3, rejected: 1 });
    expect(rig.pushes().map((p) => p.events.map((e) => [e.clientSeq, e.eventId]))).toEqual([
      [
        [1, ada],
        [2, ben],
      ],
      [
        [1, ada],
        [2, ben],
        [3, cat],
      ],
      [
        [1, ada],
        [2, ben],
        [3, dan],
      ],
    ]);
    expect(rig.server.visibleEvents().map((e) => e.eventId)).toEqual([ada, ben, dan]);
    expect(rig.server.clientSeqsOf(DEVICE_ID)).toEqual([1, 2, 3]);
  });

  it('a gap that comes back after renumbering is shown, not chased in a loop; nothing is dropped', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    await rig.engine.flush();
    await rig.mark(PUPIL.ben, '/');
    const gap = {
      status: 'error',
      reason: 'sequence_gap',
      message: 'Events must arrive in order: expected clientSeq 2, got 2.',
      details: { expected: 2 },
    };
    rig.server.faults.push(
      { kind: 'status', status: 409, body: gap },
      { kind: 'status', status: 409, body: gap },
    );

    const result = await rig.engine.flush();

    expect(result).toMatchObject({ ok: false, error: { kind: 'sequence_gap', expected: 2 } });
    expect(rig.engine.getStatus().error).toMatchObject({ kind: 'sequence_gap' });
    expect((await rig.db.outbox.toArray()).map((r) => [r.status, r.wireSeq])).toEqual([
      ['acked', 1],
      ['pending', 2],
    ]);
    // No automatic retry loop for a gap: it needs a person.
    expect(rig.timers.waiting).toEqual([]);
    // The device still pulled what others did.
    expect(rig.server.requests.at(-1)).toBe('GET /api/sync/pull');

    // The next flush sends it under the same number, and it arrives once.
    expect(await rig.engine.flush()).toMatchObject({ ok: true, pushed: 1 });
    expect(rig.server.clientSeqsOf(DEVICE_ID)).toEqual([1, 2]);
  });

  it('after a server restore, sends every mark again: the kept ones are matched, the lost ones recorded once', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    await rig.mark(PUPIL.ben, '/');
    await rig.mark(PUPIL.cat, '/');
    await rig.engine.flush();
    // The backup held only Ada's mark: Ben's and Cat's were acknowledged after it.
    rig.server.restoreTo(1, NEW_EPOCH);
    await rig.mark(PUPIL.dan, 'N');

    const result = await rig.engine.flush();

    expect(result).toMatchObject({ ok: true, error: null });
    expect(rig.pushes().map((p) => p.events.map((e) => e.clientSeq))).toEqual([
      [1, 2, 3],
      // Dan's mark meets the gap and is renumbered from the number the server expects…
      [4],
      [2],
      // …then the pull answers `reset` and every acknowledged mark goes again, in device order.
      [3, 4, 5, 6],
    ]);
    const stored = rig.server.visibleEvents();
    expect(stored.map((e) => e.pupilId)).toEqual([PUPIL.ada, PUPIL.dan, PUPIL.ben, PUPIL.cat]);
    expect(new Set(stored.map((e) => e.eventId)).size).toBe(stored.length);
    const rows = await rig.db.outbox.orderBy('localSeq').toArray();
    expect(rows.map((r) => [r.pupilId, r.status, r.wireSeq])).toEqual([
      [PUPIL.ada, 'acked', 3],
      [PUPIL.ben, 'acked', 4],
      [PUPIL.cat, 'acked', 5],
      [PUPIL.dan, 'acked', 6],
    ]);
    // Every acknowledgement names the event the server holds for that mark.
    for (const row of rows) {
      expect(stored.find((e) => e.eventId === row.eventId)?.serverSeq).toBe(row.serverSeq);
    }
    expect(rig.engine.getStatus().pendingCount).toBe(0);
    // The new epoch reset the pulled copy, which now matches the restored server.
    expect(await getMeta(rig.db, 'epoch')).toBe(NEW_EPOCH);
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('halves the batch when the server says it is too large', async () => {
    const rig = await setUp();
    for (const pupilId of [PUPIL.ada, PUPIL.ben, PUPIL.cat, PUPIL.dan]) {
      await rig.mark(pupilId, '/');
    }
    rig.server.faults.push({ kind: 'status', status: 413 });
    const result = await rig.engine.flush();
    expect(result).toMatchObject({ ok: true, pushed: 4 });
    expect(rig.pushes().map((p) => p.events.map((e) => e.clientSeq))).toEqual([
      [1, 2, 3, 4],
      [1, 2],
      [3, 4],
    ]);
  });

  it('asks the server nothing before anyone has signed in on the tablet', async () => {
    const rig = await setUp({ enrol: false });
    const result = await rig.engine.flush();
    expect(result).toMatchObject({ ok: true, pushed: 0, pulled: 0 });
    expect(rig.server.requests).toEqual([]);
    expect(rig.engine.getStatus().lastSyncedAt).toBeNull();
  });

  it('keeps marks and says so when the tablet has not been enrolled', async () => {
    const rig = await setUp({ enrol: false });
    await rig.mark(PUPIL.ada, '/');
    const result = await rig.engine.flush();
    expect(result).toMatchObject({ ok: false, error: { kind: 'not_enrolled' } });
    expect((await rig.db.outbox.toArray()).map((r) => [r.status, r.wireSeq])).toEqual([
      ['pending', null],
    ]);
  });

  it('stops at 401 without pulling, and keeps the marks', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    rig.server.faults.push({ kind: 'status', status: 401 });
    const result = await rig.engine.flush();
    expect(result).toMatchObject({ ok: false, error: { kind: 'not_signed_in' } });
    expect(rig.server.requests).toEqual(['POST /api/sync/push']);
    expect(rig.engine.getStatus().pendingCount).toBe(1);
  });

  it('a governor’s session, refused sync with nothing waiting, is not a problem to show', async () => {
    const rig = await setUp();
    const forbidden = {
      status: 'error',
      reason: 'forbidden',
      message: 'Your role at this school does not allow this.',
    };
    rig.server.faults.push({ kind: 'status', status: 403, body: forbidden });
    const result = await rig.engine.flush();
    expect(result).toMatchObject({ ok: true, error: null });
    expect(rig.engine.getStatus().error).toBeNull();

    // A mark waiting on the tablet is never quietly left unsent: the refusal is shown.
    await rig.mark(PUPIL.ada, '/');
    rig.server.faults.push({ kind: 'status', status: 403, body: forbidden });
    const refused = await rig.engine.flush();
    expect(refused).toMatchObject({ ok: false, error: { kind: 'refused', reason: 'forbidden' } });
    expect(rig.engine.getStatus().pendingCount).toBe(1);
  });

  it('numbers marks from 1 again after the tablet is enrolled under a new id', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    await rig.mark(PUPIL.ben, '/');
    await rig.engine.flush();
    await enrolDevice(rig.db, OTHER_DEVICE_ID);
    await rig.mark(PUPIL.cat, '/');
    await rig.mark(PUPIL.dan, '/');

    const result = await rig.engine.flush();

    expect(result.ok).toBe(true);
    const last = rig.pushes().at(-1);
    expect(last?.deviceId).toBe(OTHER_DEVICE_ID);
    expect(last?.events.map((e) => e.clientSeq)).toEqual([1, 2]);
    expect(rig.server.devices.get(OTHER_DEVICE_ID)).toBe(2);
    expect(await getMeta(rig.db, 'nextWireSeq')).toBe(3);
  });

  it('enrolling under the same id again changes nothing', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    await rig.engine.flush();
    await enrolDevice(rig.db, DEVICE_ID);
    await rig.mark(PUPIL.ben, '/');
    await rig.engine.flush();
    expect(rig.pushes().map((p) => p.events.map((e) => e.clientSeq))).toEqual([[1], [2]]);
  });

  it('a mark delivered under the old id (answer lost) goes again under the new one, recorded once', async () => {
    const rig = await setUp();
    const ada = await rig.mark(PUPIL.ada, '/');
    rig.server.faults.push({ kind: 'lose_response' });
    await rig.engine.flush(); // stored as 1; the answer lost (the retry timer is not run)
    expect((await rig.db.outbox.toArray()).map((r) => r.wireSeq)).toEqual([1]);

    await enrolDevice(rig.db, OTHER_DEVICE_ID);
    expect((await rig.db.outbox.toArray()).map((r) => r.wireSeq)).toEqual([null]);
    const ben = await rig.mark(PUPIL.ben, '/');
    expect(await rig.engine.flush()).toMatchObject({ ok: true, pushed: 2 });
    expect(
      rig
        .pushes()
        .at(-1)
        ?.events.map((e) => [e.clientSeq, e.eventId]),
    ).toEqual([
      [1, ada],
      [2, ben],
    ]);

    expect(rig.server.visibleEvents().map((e) => e.eventId)).toEqual([ada, ben]);
    expect(rig.server.devices.get(OTHER_DEVICE_ID)).toBe(2);
    expect((await rig.db.outbox.toArray()).map((r) => [r.status, r.serverSeq, r.wireSeq])).toEqual([
      ['acked', 1, 1],
      ['acked', 2, 2],
    ]);
  });
});

describe('transient failures', () => {
  it('backs off exponentially with jitter and retries until the server answers', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    rig.server.faults.push({ kind: 'status', status: 503 }, { kind: 'status', status: 503 });

    const first = await rig.engine.flush();
    expect(first).toMatchObject({ ok: false, error: { kind: 'transient', status: 503 } });
    // random() = 0.5: attempt 0 waits 0.5 × 1 s.
    expect(rig.timers.waiting).toEqual([500]);
    expect(rig.engine.getStatus()).toMatchObject({
      isOnline: true,
      nextRetryAt: rig.timers.clock.now() + 500,
    });

    rig.timers.advance(499);
    expect(rig.server.requests).toHaveLength(1);
    rig.timers.advance(1);
    await vi.waitFor(() => expect(rig.timers.waiting).toEqual([1000]));
    expect(rig.server.requests).toHaveLength(2);

    rig.timers.advance(1000);
    await vi.waitFor(() => expect(rig.engine.getStatus().error).toBeNull());
    await vi.waitFor(() => expect(rig.engine.getStatus().pendingCount).toBe(0));
    expect(rig.engine.getStatus().nextRetryAt).toBeNull();
    expect(rig.timers.waiting).toEqual([]);
  });

  it('a timer trigger waits out the backoff; coming online does not', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    rig.server.faults.push({ kind: 'lose_response' }, { kind: 'status', status: 503 });
    await rig.engine.flush();
    // Lost response, then the retry answers 503: attempt 1 waits 0.5 × 2 s.
    rig.timers.advance(500);
    await vi.waitFor(() => expect(rig.timers.waiting).toEqual([1000]));
    const before = rig.server.requests.length;

    rig.engine.requestFlush('timer');
    expect(rig.server.requests.length).toBe(before);

    rig.engine.requestFlush('online');
    await vi.waitFor(() => expect(rig.engine.getStatus().pendingCount).toBe(0));
    expect(rig.server.requests.length).toBeGreaterThan(before);
    expect(rig.timers.waiting).toEqual([]);
  });
});

describe('a new mark as a trigger', () => {
  it('flushes when online, and not while offline or waiting out a backoff', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    const onlineBefore = rig.server.requests.length;
    rig.engine.requestFlush('mark');
    await vi.waitFor(() => expect(rig.server.requests.length).toBeGreaterThan(onlineBefore));
    await rig.engine.flush();

    // Offline: the mark waits in the outbox and nothing is asked of the server.
    rig.engine.setOnline(false);
    await rig.mark(PUPIL.ben, '/');
    const offlineBefore = rig.server.requests.length;
    rig.engine.requestFlush('mark');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rig.server.requests.length).toBe(offlineBefore);
    expect(await rig.db.outbox.where('status').equals('pending').count()).toBe(1);
    rig.engine.setOnline(true);
    rig.engine.requestFlush('online');
    await vi.waitFor(() => expect(rig.engine.getStatus().pendingCount).toBe(0));
    await rig.engine.flush();

    // A retry is booked after a failure: a new mark waits for it.
    rig.server.faults.push({ kind: 'status', status: 503 });
    await rig.mark(PUPIL.cat, '/');
    await rig.engine.flush();
    expect(rig.engine.getStatus().nextRetryAt).not.toBeNull();
    await rig.mark(PUPIL.dan, '/');
    const backoffBefore = rig.server.requests.length;
    rig.engine.requestFlush('mark');
    expect(rig.server.requests.length).toBe(backoffBefore);
    rig.timers.advance(60_000);
    await vi.waitFor(() => expect(rig.engine.getStatus().pendingCount).toBe(0));
  });
});

describe('pull', () => {
  it('starts from a snapshot when there is no cursor, then pulls after it', async () => {
    const rig = await setUp();
    rig.elsewhere(PUPIL.ada, '/');
    rig.elsewhere(PUPIL.ben, 'N');

    const result = await rig.engine.flush();

    expect(result.ok).toBe(true);
    expect(rig.server.requests).toEqual(['GET /api/sync/snapshot', 'GET /api/sync/pull']);
    expect(await getMeta(rig.db, 'pullCursor')).toBe(2);
    expect(await getMeta(rig.db, 'epoch')).toBe(rig.server.epoch);
    expect(await getMeta(rig.db, 'rosterVersion')).toBe(1);
    expect(await getMeta(rig.db, 'snapshotFrom')).toBe('2025-07-28');
    const view = await registerView(rig.db, GROUP_ID, MONDAY_AM);
    expect(view.pupils.map((p) => p.code)).toEqual(['/', 'N', null]);
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('pages through the log after the cursor and stores every event', async () => {
    const rig = await setUp({ pullLimit: 2 });
    await rig.engine.flush();
    for (const pupilId of [PUPIL.ada, PUPIL.ben, PUPIL.cat, PUPIL.dan, PUPIL.ada]) {
      rig.elsewhere(pupilId, 'N');
    }

    await rig.engine.flush();

    expect(rig.server.requests.slice(2)).toEqual([
      'GET /api/sync/pull',
      'GET /api/sync/pull',
      'GET /api/sync/pull',
    ]);
    expect((await rig.db.events.toArray()).map((e) => e.serverSeq)).toEqual([1, 2, 3, 4, 5]);
    expect(await getMeta(rig.db, 'pullCursor')).toBe(5);
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('folds pulled events with the domain rules: two teachers disagreeing need review', async () => {
    const rig = await setUp();
    await rig.engine.flush();
    rig.elsewhere(PUPIL.ada, '/', OTHER_TEACHER);
    rig.elsewhere(PUPIL.ada, 'N', TEACHER); // saw nothing: a concurrent, different mark

    await rig.engine.flush();

    const ada = await rig.db.entries.get([PUPIL.ada, '2025-09-08:AM']);
    expect(ada).toMatchObject({ code: '/', headSeq: 1, needsReview: true });
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('shows my conflicting mark as a notice, and the entry the office will review', async () => {
    const rig = await setUp();
    await rig.engine.flush();
    rig.elsewhere(PUPIL.ada, '/', OTHER_TEACHER);
    await rig.mark(PUPIL.ada, 'N'); // made offline, before this tablet saw the other mark

    await rig.engine.flush();

    const view = await registerView(rig.db, GROUP_ID, MONDAY_AM);
    expect(view.pupils[0]).toMatchObject({
      code: '/',
      isPending: false,
      needsReview: true,
      notice: { status: 'conflict' },
    });
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('an office amendment outranks a stale teacher mark, on both ends alike', async () => {
    const rig = await setUp();
    const first = rig.elsewhere(PUPIL.ben, '/', OTHER_TEACHER);
    await rig.engine.flush();
    rig.elsewhere(PUPIL.ben, 'M', OFFICE, first);
    await rig.mark(PUPIL.ben, 'N'); // based on the first mark, now stale

    await rig.engine.flush();

    expect(await rig.db.entries.get([PUPIL.ben, '2025-09-08:AM'])).toMatchObject({
      code: 'M',
      headRole: 'office',
    });
    const row = await rig.db.outbox.get(1);
    expect(row).toMatchObject({ status: 'acked', ackStatus: 'superseded' });
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('takes the head an ack carries, with its sequence and role, before the pull brings it', async () => {
    const rig = await setUp();
    const first = rig.elsewhere(PUPIL.ben, '/', OTHER_TEACHER);
    await rig.engine.flush();
    rig.elsewhere(PUPIL.ben, 'M', OFFICE, first); // seq 2, not pulled yet
    await rig.mark(PUPIL.ben, 'N'); // based on the first mark, now stale
    // The push succeeds; the pull after it fails, so only the ack can have moved the entry.
    const pushOnly = createSyncEngine({
      db: rig.db,
      client: createSyncClient({
        fetch: (url, init) =>
          url.includes('/pull')
            ? Promise.reject(new TypeError('Failed to fetch'))
            : rig.server.fetch(url, init),
      }),
      clock: rig.timers.clock,
      timers: rig.timers,
    });
    try {
      expect(await pushOnly.flush()).toMatchObject({ pushed: 1, error: { kind: 'transient' } });
    } finally {
      pushOnly.dispose();
    }

    expect(await rig.db.entries.get([PUPIL.ben, '2025-09-08:AM'])).toMatchObject({
      code: 'M',
      headSeq: 2,
      headRole: 'office',
      arrivedAt: null,
    });
    expect(await getMeta(rig.db, 'pullCursor')).toBe(1);
    // The pull brings events 2 and 3 and changes nothing more: the ack was exact.
    await rig.engine.flush();
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('on reset clears the pulled copy, sends the acknowledged marks again, and starts from a snapshot', async () => {
    const rig = await setUp();
    rig.elsewhere(PUPIL.ada, '/');
    await rig.mark(PUPIL.ben, 'N');
    await rig.engine.flush();
    rig.elsewhere(PUPIL.cat, '/');
    await rig.engine.flush();
    expect(await rig.db.events.count()).toBe(1);
    const outboxBefore = await rig.db.outbox.toArray();

    rig.server.epoch = NEW_EPOCH;
    const result = await rig.engine.flush();

    expect(result.ok).toBe(true);
    expect(rig.server.requests.slice(-5)).toEqual([
      'GET /api/sync/pull',
      'GET /api/sync/snapshot',
      'GET /api/sync/pull',
      'POST /api/sync/push',
      'GET /api/sync/pull',
    ]);
    // The acknowledged mark went again (a reset may mean a restore) and was matched, not doubled.
    const outboxAfter = await rig.db.outbox.toArray();
    expect(outboxAfter.map((r) => ({ ...r, wireSeq: null }))).toEqual(
      outboxBefore.map((r) => ({ ...r, wireSeq: null })),
    );
    expect(rig.server.visibleEvents().filter((e) => e.pupilId === PUPIL.ben)).toHaveLength(1);
    expect(await rig.db.events.count()).toBe(0);
    expect(await getMeta(rig.db, 'epoch')).toBe(NEW_EPOCH);
    const { local, server } = await entriesOf(rig);
    expect(local).toEqual(server);
  });

  it('replaces the roster when the server sends a newer one', async () => {
    const rig = await setUp();
    await rig.engine.flush();
    rig.server.roster = {
      ...ROSTER,
      version: 2,
      groups: ROSTER.groups.map((g) => (g.id === GROUP_ID ? { ...g, name: '3A (Oak)' } : g)),
    };
    await rig.engine.flush();
    expect(await getMeta(rig.db, 'rosterVersion')).toBe(2);
    expect((await registerView(rig.db, GROUP_ID, MONDAY_AM)).group?.name).toBe('3A (Oak)');
  });
});

describe('clock offset', () => {
  it.each([
    ['five minutes behind the server', 5 * 60_000, true],
    ['thirty seconds behind', 30_000, false],
    ['three minutes ahead', -3 * 60_000, true],
  ])('a tablet %s: warning %s', async (_why, skew, warning) => {
    const rig = await setUp({ serverSkewMs: skew });
    await rig.mark(PUPIL.ada, '/');
    await rig.engine.flush();
    expect(rig.engine.getStatus()).toMatchObject({ clockOffsetMs: skew, clockWarning: warning });
    expect(await getMeta(rig.db, 'clockOffsetMs')).toBe(skew);

    // The next push carries the estimate as evidence.
    await rig.mark(PUPIL.ben, '/');
    await rig.engine.flush();
    expect(rig.pushes().at(-1)?.clockOffsetMs).toBe(skew);
  });
});

describe('one flush at a time', () => {
  it('runs flushes under the lock, never two at once, and reruns for a mark made meanwhile', async () => {
    let active = 0;
    let most = 0;
    const names: string[] = [];
    const lock: SyncLock = {
      async run(task) {
        names.push('tickmark-sync');
        active += 1;
        most = Math.max(most, active);
        try {
          return await task();
        } finally {
          active -= 1;
        }
      },
    };
    const rig = await setUp({ lock });
    await rig.mark(PUPIL.ada, '/');
    const first = rig.engine.flush();
    const second = rig.engine.flush();
    await rig.mark(PUPIL.ben, '/');
    await Promise.all([first, second]);

    expect(most).toBe(1);
    expect(names.length).toBe(2);
    expect(await rig.db.outbox.where('status').equals('pending').count()).toBe(0);
  });

  it('does nothing after dispose, and cancels a scheduled retry', async () => {
    const rig = await setUp();
    await rig.mark(PUPIL.ada, '/');
    rig.server.faults.push({ kind: 'status', status: 503 });
    await rig.engine.flush();
    expect(rig.timers.waiting).toHaveLength(1);
    rig.engine.dispose();
    expect(rig.timers.waiting).toEqual([]);
    await rig.engine.flush();
    expect(rig.server.requests).toHaveLength(1);
  });
});

describe('status', () => {
  it('keeps the pending count live while someone is subscribed', async () => {
    const rig = await setUp();
    const seen: number[] = [];
    const stop = rig.engine.subscribe((s) => seen.push(s.pendingCount));
    await rig.mark(PUPIL.ada, '/');
    await vi.waitFor(() => expect(rig.engine.getStatus().pendingCount).toBe(1));
    await rig.engine.flush();
    await vi.waitFor(() => expect(seen.at(-1)).toBe(0));
    stop();
  });
});
