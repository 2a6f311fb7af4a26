/**
 * A push decided in memory and written in bulk (src/server/register/eventBatch.ts):
 * the number of statements does not grow with the batch, an event repeated inside one batch is
 * acknowledged as it was first taken, and a refused push holds the school's log lock while it
 * decides, then gives every number back.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../src/server/db/database';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';
import { createTestApp } from './fixtures';
import {
  countingDatabase,
  createSyncSchool,
  gatedDatabase,
  morningClock,
  signedInDevice,
  storedCount,
  storedEntry,
  storedState,
  waitForLockWait,
} from './syncFixtures';

// A shared 2-core machine runs both databases at once: give slow moments room.
vi.setConfig({ testTimeout: 30_000, hookTimeout: 60_000 });

let t: TestDatabase;
let second: Database;
beforeAll(async () => {
  t = await openTestDatabase();
  second = t.openAnother();
}, 60_000);
afterAll(() => t.close());

describe('a push written in bulk', () => {
  it('runs as many statements for 30 marks as for 2', async () => {
    const school = await createSyncSchool(t.db);
    const counted = countingDatabase(t.db);
    const { app, clock } = createTestApp(counted.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const pupils = school.groups[0]?.pupilIds ?? [];

    let before = counted.statements();
    await tablet.pushOk(tablet.register(pupils.slice(0, 2)));
    const small = counted.statements() - before;
    before = counted.statements();
    const answer = await tablet.pushOk(tablet.register(pupils.slice(2, 30), { part: 'PM' }));
    const large = counted.statements() - before;

    expect(answer.acks).toHaveLength(28);
    expect(answer.acks.every((a) => a.status === 'applied')).toBe(true);
    expect(large).toBe(small);
    expect((await storedState(t.db, school.id)).markEvents).toBe(30);
  });

  it('acknowledges an event repeated in the same batch as it was first taken, and stores it once', async () => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const mark = tablet.event({ pupilId: school.pupil(0), code: '/' });
    const other = tablet.event({ pupilId: school.pupil(1), code: '/' });
    const again = { ...mark, clientSeq: tablet.upcomingSeq };
    tablet.renumberFrom(again.clientSeq + 1);

    const answer = await tablet.pushOk([mark, other, again]);

    expect(answer.acks.map((a) => [a.clientSeq, a.serverSeq, a.status])).toEqual([
      [1, 1, 'applied'],
      [2, 2, 'applied'],
      [3, 1, 'applied'],
    ]);
    expect(answer.acks[2]).toEqual({ ...answer.acks[0], clientSeq: 3 });
    expect(answer).toMatchObject({ lastClientSeq: 3, headSeq: 2 });
    expect(await storedCount(t.db, school.id, mark.eventId)).toBe(1);
    expect((await storedState(t.db, school.id)).markEvents).toBe(2);
  });

  it('gives each ack its entry as it stood right after that event', async () => {
    const school = await createSyncSchool(t.db);
    const { app, clock } = createTestApp(t.db, { clock: morningClock() });
    const tablet = await signedInDevice(app, school.member('teacher'), { clock });
    const mark = tablet.event({ pupilId: school.pupil(0), code: '/' });
    const late = tablet.event({
      pupilId: school.pupil(0),
      code: 'N',
      baseEventId: mark.eventId,
    });

    const answer = await tablet.pushOk([mark, late]);

    expect(answer.acks.map((a) => [a.serverSeq, a.entry?.code, a.entry?.headSeq])).toEqual([
      [1, '/', 1],
      [2, 'N', 2],
    ]);
    expect(await storedEntry(t.db, school.id, school.pupil(0))).toMatchObject({
      code: 'N',
      head_seq: 2,
    });
  });
});

describe('a refused push', () => {
  it('decides under the log lock and hands every number to the next push', async () => {
    const school = await createSyncSchool(t.db);
    const clock = morningClock();
    // Hold push A once it has read the entries' events (under the school's log lock).
    const gated = gatedDatabase(t.db, /status <> 'rejected'/);
    const appA = createTestApp(gated.db, { clock }).app;
    const appB = createTestApp(second, { clock }).app;
    const tabletA = await signedInDevice(appA, school.member('teacher'), { clock });
    const tabletB = await signedInDevice(appB, school.member('teacher2'), { clock });
    const reader = await signedInDevice(appB, school.member('office'), { clock });
    const good = tabletA.event({ pupilId: school.pupil(0) });
    const refused = tabletA.event({ pupilId: school.pupil(1), code: 'C' }); // not a teacher's code
    const markB = tabletB.event({ pupilId: school.pupil(2) });

    const gate = gated.arm();
    const pushA = tabletA.push([good, refused]);
    await gate.reached;
    const pushB = tabletB.pushOk([markB]);
    // B waits on the school's counter row, which A holds while it decides.
    expect(await waitForLockWait(t.db)).toContain('sync_head');
    gate.release();

    expect((await pushA).status).toBe(422);
    expect((await pushB).acks[0]).toMatchObject({ eventId: markB.eventId, serverSeq: 1 });
    const pulled = await reader.pull({ after: 0 });
    if (pulled.kind !== 'events') throw new Error('expected events');
    expect(pulled.events.map((e) => [e.serverSeq, e.eventId])).toEqual([[1, markB.eventId]]);
    expect((await storedState(t.db, school.id)).markEvents).toBe(1);
  });
});
