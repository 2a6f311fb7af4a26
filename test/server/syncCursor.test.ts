/**
 * The pull cursor against a late-committing push (docs/design.md §7.4), with real concurrent
 * requests: two apps on two connection pools (two server processes) share one database. Also
 * paging, resets and the roster.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Database } from '../../src/server/db/database';
import { rosterSchema } from '../../src/shared/api/syncSchemas';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp } from './fixtures';
import {
  createSyncSchool,
  gatedDatabase,
  morningClock,
  signedInDevice,
  stillPending,
  storedEntry,
  storedState,
  waitForLockWait,
} from './syncFixtures';

// A shared 2-core machine runs both databases at once: give slow moments room.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
/** A second pool on the same database (a second server process). */
let second: Database;
beforeAll(async () => {
  t = await openTestDatabase();
  second = t.openAnother();
}, 60_000);
afterAll(() => t.close());

/**
 * Process A runs on a database whose transactions can be held open after they insert an event;
 * process B runs on a second pool. Tablet A talks to A; tablet B and the office reader to B.
 */
async function twoProcesses() {
  const school = await createSyncSchool(t.db);
  const clock = morningClock();
  const gated = gatedDatabase(t.db, /^\s*INSERT INTO mark_event/);
  const appA = createTestApp(gated.db, { clock }).app;
  const appB = createTestApp(second, { clock }).app;
  const tabletA = await signedInDevice(appA, school.member('teacher'), { clock });
  const tabletB = await signedInDevice(appB, school.member('teacher2'), { clock });
  const reader = await signedInDevice(appB, school.member('office'), { clock });
  return { school, clock, gated, appA, appB, tabletA, tabletB, reader };
}

describe('a push that commits late', () => {
  it('holds its number until it commits, so a pull never moves past it and nothing is skipped', async () => {
    const { school, gated, tabletA, tabletB, reader } = await twoProcesses();
    const markA = tabletA.event({ pupilId: school.pupil(0) });
    const markB = tabletB.event({ pupilId: school.pupil(1) });

    const gate = gated.arm();
    const pushA = tabletA.pushOk([markA]);
    await gate.reached; // A has taken number 1 and inserted its event, and has not committed.
    const pushB = tabletB.pushOk([markB]);

    // B waits on the school's counter row, which A holds until it commits.
    expect(await waitForLockWait(t.db)).toContain('sync_head');
    // A pull now sees neither event and keeps its cursor where it was.
    const during = await reader.pull({ after: 0 });
    expect(during).toMatchObject({ kind: 'events', events: [], nextCursor: 0, headSeq: 0 });
    const cursor = during.kind === 'events' ? during.nextCursor : 0;
    expect(await stillPending(pushB)).toBe(true);
    gate.release();

    const [answerA, answerB] = await Promise.all([pushA, pushB]);
    expect(answerA.acks[0]).toMatchObject({ eventId: markA.eventId, serverSeq: 1 });
    expect(answerB.acks[0]).toMatchObject({ eventId: markB.eventId, serverSeq: 2 });
    expect(answerB.headSeq).toBe(2);

    const after = await reader.pull({ after: cursor });
    if (after.kind !== 'events') throw new Error('expected events');
    expect(after.events.map((e) => [e.serverSeq, e.eventId])).toEqual([
      [1, markA.eventId],
      [2, markB.eventId],
    ]);
    expect(after).toMatchObject({ nextCursor: 2, headSeq: 2, hasMore: false });
  });

  it('decides a push that waited on the counter row against what the first one committed', async () => {
    const { school, gated, tabletA, tabletB } = await twoProcesses();
    // Two teachers mark the same pupil differently at the same moment.
    const present = tabletA.event({ pupilId: school.pupil(0), code: '/' });
    const absent = tabletB.event({ pupilId: school.pupil(0), code: 'N' });

    const gate = gated.arm();
    const pushA = tabletA.pushOk([present]);
    await gate.reached;
    const pushB = tabletB.pushOk([absent]);
    await waitForLockWait(t.db);
    gate.release();

    const [answerA, answerB] = await Promise.all([pushA, pushB]);
    expect(answerA.acks[0]).toMatchObject({ status: 'applied', serverSeq: 1 });
    expect(answerB.acks[0]).toMatchObject({
      status: 'conflict',
      serverSeq: 2,
      entry: { code: '/', headEventId: present.eventId, needsReview: true },
    });
    expect(await storedEntry(t.db, school.id, school.pupil(0))).toMatchObject({
      code: '/',
      head_event_id: present.eventId,
      head_seq: 1,
      needs_review: true,
    });
  });

  // A refused push holding the lock: syncBatchPush.test.ts › "a refused push" (it is refused
  // before it writes anything, so it is held at its read of the entries instead).
});

describe('two server processes on one database', () => {
  it('store every event of a device exactly once when its pushes alternate between them', async () => {
    const school = await createSyncSchool(t.db);
    const clock = morningClock();
    const appA = createTestApp(t.db, { clock }).app;
    const appB = createTestApp(second, { clock }).app;
    const tablet = await signedInDevice(appA, school.member('teacher'), { clock });
    const viaB = tablet.onApp(appB);
    const pupils = school.groups[0]?.pupilIds ?? [];

    const batches = [0, 1, 2, 3, 4, 5].map((i) => tablet.register(pupils.slice(i * 5, i * 5 + 5)));
    const acked = new Map<string, number>();
    for (const [i, batch] of batches.entries()) {
      // Each batch goes to one process and, at the same moment, is resent to the other (a retry
      // after a lost answer); then the previous batch is resent once more.
      const [first, other] = i % 2 === 0 ? [tablet, viaB] : [viaB, tablet];
      const answers = await Promise.all([first.pushOk(batch), other.pushOk(batch)]);
      expect(answers[1].acks).toEqual(answers[0].acks);
      if (i > 0) await other.pushOk(batches[i - 1] ?? []);
      for (const ack of answers[0].acks) acked.set(ack.eventId, ack.serverSeq);
    }

    expect(acked.size).toBe(30);
    const pulled = await viaB.pullAll(0, 7);
    expect(pulled.map((e) => e.serverSeq)).toEqual(pulled.map((_, i) => i + 1));
    expect(new Map(pulled.map((e) => [e.eventId, e.serverSeq]))).toEqual(acked);
    const stored = await storedState(t.db, school.id);
    expect(stored.markEvents).toBe(30);
    expect(stored.lastClientSeq[tablet.deviceId]).toBe(30);
  });
});

describe('GET /api/sync/pull', () => {
  async function schoolWithEvents(count: number) {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const events = tablet.register((school.groups[0]?.pupilIds ?? []).slice(0, count));
    await tablet.pushOk(events);
    return { school, tablet, events };
  }

  it('pages through the log: hasMore and nextCursor lead from one page to the next', async () => {
    const { tablet, events } = await schoolWithEvents(25);
    const pages: { seqs: number[]; nextCursor: number; hasMore: boolean }[] = [];
    let cursor = 0;
    for (;;) {
      const page = await tablet.pull({ after: cursor, limit: 10 });
      if (page.kind !== 'events') throw new Error('expected events');
      pages.push({
        seqs: page.events.map((e) => e.serverSeq),
        nextCursor: page.nextCursor,
        hasMore: page.hasMore,
      });
      cursor = page.nextCursor;
      if (!page.hasMore) break;
    }
    const range = (from: number, to: number) =>
      Array.from({ length: to - from + 1 }, (_, i) => from + i);
    expect(pages).toEqual([
      { seqs: range(1, 10), nextCursor: 10, hasMore: true },
      { seqs: range(11, 20), nextCursor: 20, hasMore: true },
      { seqs: range(21, 25), nextCursor: 25, hasMore: false },
    ]);
    expect((await tablet.pullAll(0, 10)).map((e) => e.eventId)).toEqual(
      events.map((e) => e.eventId),
    );
  });

  it('answers a cursor at the head with no events and the same cursor', async () => {
    const { tablet } = await schoolWithEvents(3);
    expect(await tablet.pull({ after: 3 })).toMatchObject({
      kind: 'events',
      events: [],
      nextCursor: 3,
      headSeq: 3,
      hasMore: false,
    });
  });

  it('answers a page exactly as long as the rest of the log with hasMore false', async () => {
    const { tablet } = await schoolWithEvents(10);
    expect(await tablet.pull({ after: 0, limit: 10 })).toMatchObject({
      nextCursor: 10,
      hasMore: false,
    });
  });

  it('tells a device holding a cursor from another epoch (a restore) to reset', async () => {
    const { tablet } = await schoolWithEvents(3);
    const current = await tablet.pull({ after: 0 });
    if (current.kind !== 'events') throw new Error('expected events');

    const right = await tablet.pull({ after: 0, epoch: current.epoch });
    expect(right.kind).toBe('events');
    const wrong = await tablet.pull({ after: 2, epoch: randomUUID() });
    expect(wrong).toMatchObject({
      kind: 'reset',
      epoch: current.epoch,
      headSeq: 3,
      message:
        'The office’s data was restored from a backup, so this device will fetch the registers afresh. Marks waiting to sync are kept.',
    });
  });

  it('tells a device whose cursor is beyond the head to reset', async () => {
    const { tablet } = await schoolWithEvents(3);
    expect(await tablet.pull({ after: 4 })).toMatchObject({
      kind: 'reset',
      headSeq: 3,
      message:
        'This device is ahead of the office’s records, so it will fetch the registers afresh. Marks waiting to sync are kept.',
    });
  });

  it('keeps each school’s log to itself', async () => {
    const first = await schoolWithEvents(4);
    const other = await schoolWithEvents(2);
    const pulled = await other.tablet.pullAll(0);
    expect(pulled.map((e) => e.eventId)).toEqual(other.events.map((e) => e.eventId));
    expect((await first.tablet.pullAll(0)).map((e) => e.eventId)).toEqual(
      first.events.map((e) => e.eventId),
    );
  });

  it('carries the roster only when the device’s roster version is behind', async () => {
    const { school, tablet } = await schoolWithEvents(1);
    const behind = await tablet.pull({ after: 0, rosterVersion: 0 });
    if (behind.kind !== 'events' || behind.roster === null) throw new Error('expected a roster');
    const roster = rosterSchema.parse(behind.roster);
    expect(roster.version).toBe(1);
    expect(roster.pupils).toHaveLength(35);
    expect(roster.groups.map((g) => g.name).sort()).toEqual(
      school.groups.map((g) => g.name).sort(),
    );
    expect(roster.staff.map((s) => s.id).sort()).toEqual(
      Object.values(school.staff)
        .map((s) => s.id)
        .sort(),
    );
    expect(roster.schoolConfig).toMatchObject({ id: school.id, name: school.name });
    // Names, groups, the three flags a tile shows and an opaque photo id: nothing sensitive
    // (no medical note, date of birth, UPN or other characteristic) leaves the server.
    expect(Object.keys(roster.pupils[0] ?? {}).sort()).toEqual([
      'displayName',
      'flags',
      'groupId',
      'id',
      'onRollFrom',
      'onRollTo',
      'photoId',
      'sortName',
    ]);

    const current = await tablet.pull({ after: 0, rosterVersion: 1 });
    expect(current).toMatchObject({ kind: 'events', roster: null });

    await t.db.query('UPDATE school SET roster_version = 2 WHERE id = $1', [school.id]);
    const changed = await tablet.pull({ after: 1, rosterVersion: 1 });
    expect(changed.kind === 'events' && changed.roster?.version).toBe(2);
    const upToDate = await tablet.pull({ after: 1, rosterVersion: 2 });
    expect(upToDate.kind === 'events' && upToDate.roster).toBe(null);
  });

  it.each([
    ['a negative cursor', 'after=-1'],
    ['a cursor that is not a number', 'after=abc'],
    ['a limit over 1000', 'after=0&limit=1001'],
    ['a limit of 0', 'after=0&limit=0'],
    ['an epoch that is not a uuid', 'after=0&epoch=yesterday'],
    ['an unknown parameter', 'after=0&since=3'],
  ])('answers 400 for %s', async (_name, query) => {
    const { tablet } = await schoolWithEvents(1);
    const res = await tablet.client.get(`/api/sync/pull?${query}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { reason: string }).reason).toBe('invalid_request');
  });
});

describe('GET /api/sync/snapshot', () => {
  it('gives the current entries and the cursor that goes with them', async () => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const mark = tablet.event({ pupilId: school.pupil(0), code: 'N' });
    const fix = tablet.event({ pupilId: school.pupil(0), code: '/', baseEventId: mark.eventId });
    await tablet.pushOk([mark, fix, tablet.event({ pupilId: school.pupil(1) })]);

    const res = await tablet.client.get('/api/sync/snapshot');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      cursor: number;
      entries: { pupilId: string; code: string; headSeq: number }[];
    };
    expect(body.cursor).toBe(3);
    expect(body.entries.map((e) => [e.pupilId, e.code, e.headSeq]).sort()).toEqual(
      [
        [school.pupil(0), '/', 2],
        [school.pupil(1), '/', 3],
      ].sort(),
    );
    // A device starting from the snapshot pulls nothing it already has.
    expect(await tablet.pull({ after: body.cursor })).toMatchObject({ events: [] });
  });
});
