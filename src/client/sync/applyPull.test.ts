import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { foldEntry, localDate, type MarkActor, type ServerMarkEvent } from '../../domain/index';
import type { ServerEvent } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import type { EntryRow } from '../db/entryRow';
import { getMeta, setMeta } from '../db/meta';
import { ROSTER_ROW_ID } from '../db/rosterRow';
import {
  freshDb,
  MONDAY_AM,
  OFFICE,
  OTHER_DEVICE_ID,
  OTHER_TEACHER,
  PUPIL,
  ROSTER,
  TEACHER,
} from '../testSupport.fixture';
import { applyPullPage, entryAfterEvent, resetPulledCopy, type PullPage } from './applyPull';
import { SCHOOL_EPOCH } from './fakeSyncServer.fixture';

const id = (n: number) => `00000000-0000-4000-8000-${(0xe0000 + n).toString(16).padStart(12, '0')}`;

function event(
  serverSeq: number,
  code: string,
  actor: MarkActor,
  baseEventId: string | null,
  date = '2025-09-08',
): ServerEvent {
  return {
    serverSeq,
    eventId: id(serverSeq),
    pupilId: PUPIL.ada,
    session: { date, part: 'AM' },
    code,
    minutesLate: null,
    arrivedAt: null,
    reason: null,
    baseEventId,
    actor,
    deviceId: OTHER_DEVICE_ID,
    recordedAt: '2025-09-08T08:50:00.000Z',
    receivedAt: '2025-09-08T08:50:01.000Z',
    status: 'applied',
    statusDetail: null,
  };
}

const entry = (patch: Partial<EntryRow> = {}): EntryRow => ({
  pupilId: PUPIL.ada,
  sessionKey: '2025-09-08:AM',
  session: MONDAY_AM,
  code: '/',
  minutesLate: null,
  arrivedAt: null,
  headEventId: id(5),
  headSeq: 5,
  headRole: 'teacher',
  needsReview: false,
  ...patch,
});

describe('entryAfterEvent', () => {
  it.each([
    [
      'the first event makes the original entry',
      null,
      event(1, '/', TEACHER, null),
      { code: '/', headEventId: id(1), headSeq: 1, headRole: 'teacher', needsReview: false },
    ],
    [
      'an edit of the head moves it',
      entry(),
      event(6, 'L', TEACHER, id(5)),
      { code: 'L', headEventId: id(6), headSeq: 6 },
    ],
    [
      'a different mark by an equal rank that did not see the head is a conflict',
      entry(),
      event(6, 'N', OTHER_TEACHER, null),
      { code: '/', headEventId: id(5), headSeq: 5, needsReview: true },
    ],
    [
      'the same value from a stale base changes nothing',
      entry(),
      event(6, '/', OTHER_TEACHER, null),
      { code: '/', headEventId: id(5), needsReview: false },
    ],
    [
      'the office outranks a teacher head and is flagged',
      entry(),
      event(6, 'M', OFFICE, null),
      { code: 'M', headSeq: 6, headRole: 'office', needsReview: true },
    ],
    [
      'an office edit of the head settles a review',
      entry({ needsReview: true }),
      event(6, 'N', OFFICE, id(5)),
      { code: 'N', headRole: 'office', needsReview: false },
    ],
    [
      'an event already in the entry is not folded twice',
      entry({ headSeq: 9, headEventId: id(9) }),
      event(7, 'N', OTHER_TEACHER, null),
      { code: '/', headSeq: 9, needsReview: false },
    ],
    [
      'the head event itself is the truth about its author’s role',
      entry({ headRole: 'teacher' }),
      event(5, '/', OFFICE, null),
      { headRole: 'office', headSeq: 5 },
    ],
    [
      'the head event itself brings the arrival time an acknowledgement did not carry',
      entry({ code: 'L', minutesLate: 6, headSeq: 5 }),
      { ...event(5, 'L', TEACHER, null), minutesLate: 6, arrivedAt: '2025-09-08T08:51:00.000Z' },
      { arrivedAt: '2025-09-08T08:51:00.000Z', headSeq: 5, code: 'L' },
    ],
    [
      'an older event that is not the head changes nothing',
      entry({ headSeq: 9, headEventId: id(9), arrivedAt: '2025-09-08T08:52:00.000Z' }),
      { ...event(5, 'L', TEACHER, null), arrivedAt: '2025-09-08T08:51:00.000Z' },
      { arrivedAt: '2025-09-08T08:52:00.000Z', headSeq: 9 },
    ],
  ] as const)('%s', (_why, before, pulled, expected) => {
    expect(entryAfterEvent(before, pulled, localDate('2025-07-28'))).toMatchObject(expected);
  });

  it('a withdrawal of the head takes the entry back to no mark; a stale one changes nothing', () => {
    const undo = { ...event(6, '/', TEACHER, id(5)), kind: 'withdrawn' as const };
    expect(entryAfterEvent(entry(), undo, undefined)).toBeNull();
    const stale = { ...event(7, '/', TEACHER, id(3)), kind: 'withdrawn' as const };
    expect(entryAfterEvent(entry(), stale, undefined)).toMatchObject({ code: '/', headSeq: 5 });
  });

  it('does not invent an entry for a session older than the snapshot', () => {
    const old = event(1, 'N', TEACHER, id(99), '2025-06-02');
    expect(entryAfterEvent(null, old, localDate('2025-07-28'))).toBeNull();
    expect(entryAfterEvent(null, old, undefined)).toMatchObject({ code: 'N' });
  });

  const actors = [TEACHER, OTHER_TEACHER, OFFICE] as const;
  const script = fc.array(
    fc.record({
      actor: fc.constantFrom(...actors),
      code: fc.constantFrom('/', 'N', 'L', 'M'),
      // 0: saw nothing; 1: saw the latest event; 2+: saw some earlier event.
      base: fc.nat({ max: 5 }),
    }),
    { minLength: 1, maxLength: 12 },
  );

  it('a snapshot then pulled events, one at a time, reach the same entry as the full fold', () => {
    fc.assert(
      fc.property(script, fc.nat(), (steps, cut) => {
        const wire = steps.map((step, i) =>
          event(
            i + 1,
            step.code,
            step.actor,
            step.base === 0 || i === 0 ? null : id(Math.max(1, i + 1 - step.base)),
          ),
        );
        const domain = (list: readonly ServerEvent[]): ServerMarkEvent[] =>
          list.map((e) => ({ ...e, session: { date: localDate(e.session.date), part: 'AM' } }));
        const full = foldEntry(domain(wire));
        if (full === null) return false;

        const k = cut % (wire.length + 1);
        const prefix = foldEntry(domain(wire.slice(0, k)));
        let row: EntryRow | null =
          prefix === null
            ? null
            : entry({
                code: prefix.code,
                minutesLate: prefix.minutesLate,
                headEventId: prefix.headEventId,
                headSeq: wire.find((e) => e.eventId === prefix.headEventId)?.serverSeq ?? -1,
                headRole: prefix.headRole,
                needsReview: prefix.needsReview,
              });
        for (const pulled of wire.slice(k)) row = entryAfterEvent(row, pulled, undefined);

        expect(row).toMatchObject({
          code: full.code,
          headEventId: full.headEventId,
          headRole: full.headRole,
          needsReview: full.needsReview,
          headSeq: wire.find((e) => e.eventId === full.headEventId)?.serverSeq,
        });
        return true;
      }),
    );
  });
});

describe('applyPullPage and resetPulledCopy', () => {
  let db: AppDb;
  afterEach(() => db.close());

  const page = (events: ServerEvent[], nextCursor: number): PullPage => ({
    kind: 'events',
    epoch: SCHOOL_EPOCH,
    events,
    nextCursor,
    headSeq: nextCursor,
    hasMore: false,
    serverTime: '2025-09-08T08:00:00.000Z',
    roster: null,
  });

  it('moves the cursor with the data, and marks my pending rows the page shows were recorded', async () => {
    db = freshDb();
    await db.outbox.add({
      v: 1,
      wireSeq: 7,
      eventId: id(2),
      pupilId: PUPIL.ada,
      sessionKey: '2025-09-08:AM',
      session: MONDAY_AM,
      code: 'L',
      minutesLate: 4,
      arrivedAt: null,
      reason: null,
      baseEventId: id(1),
      actorStaffId: TEACHER.staffId,
      actorRole: 'teacher',
      recordedAt: '2025-09-08T08:50:00.000Z',
      status: 'pending',
      serverSeq: null,
      ackStatus: null,
      ackReason: null,
    });

    const changed = await applyPullPage(
      db,
      page([event(1, '/', TEACHER, null), { ...event(2, 'L', TEACHER, id(1)), minutesLate: 4 }], 3),
      1_500,
    );

    expect(changed).toBe(1);
    expect(await getMeta(db, 'pullCursor')).toBe(3);
    expect(await getMeta(db, 'clockOffsetMs')).toBe(1_500);
    expect((await db.events.toArray()).map((e) => [e.serverSeq, e.sessionKey])).toEqual([
      [1, '2025-09-08:AM'],
      [2, '2025-09-08:AM'],
    ]);
    expect(await db.entries.get([PUPIL.ada, '2025-09-08:AM'])).toMatchObject({
      code: 'L',
      minutesLate: 4,
      headSeq: 2,
    });
    expect(await db.outbox.get(1)).toMatchObject({
      status: 'acked',
      serverSeq: 2,
      ackStatus: 'applied',
      wireSeq: 7,
    });
  });

  it('removes the entry whose mark a pulled withdrawal took back, keeping both events', async () => {
    db = freshDb();
    const undo = { ...event(2, '/', TEACHER, id(1)), kind: 'withdrawn' as const };
    await applyPullPage(db, page([event(1, '/', TEACHER, null)], 1), null);
    expect(await db.entries.count()).toBe(1);

    expect(await applyPullPage(db, page([undo], 2), null)).toBe(1);

    expect(await db.entries.count()).toBe(0);
    expect((await db.events.toArray()).map((e) => e.kind ?? 'mark')).toEqual(['mark', 'withdrawn']);
  });

  it('reset clears entries, events and the cursor, and never the outbox or roster', async () => {
    db = freshDb();
    await db.roster.put({ id: ROSTER_ROW_ID, roster: ROSTER });
    await applyPullPage(db, page([event(1, '/', TEACHER, null)], 1), null);
    await setMeta(db, 'snapshotFrom', localDate('2025-07-28'));
    await setMeta(db, 'deviceId', OTHER_DEVICE_ID);
    const pending = {
      v: 1 as const,
      wireSeq: null,
      eventId: id(50),
      pupilId: PUPIL.ben,
      sessionKey: '2025-09-08:AM' as const,
      session: MONDAY_AM,
      code: 'N',
      minutesLate: null,
      arrivedAt: null,
      reason: null,
      baseEventId: null,
      actorStaffId: TEACHER.staffId,
      actorRole: 'teacher' as const,
      recordedAt: '2025-09-08T08:50:00.000Z',
      status: 'pending' as const,
      serverSeq: null,
      ackStatus: null,
      ackReason: null,
    };
    await db.outbox.add(pending);

    await resetPulledCopy(db);

    expect(await db.entries.count()).toBe(0);
    expect(await db.events.count()).toBe(0);
    expect(await getMeta(db, 'pullCursor')).toBeUndefined();
    expect(await getMeta(db, 'epoch')).toBeUndefined();
    expect(await getMeta(db, 'snapshotFrom')).toBeUndefined();
    expect(await getMeta(db, 'deviceId')).toBe(OTHER_DEVICE_ID);
    expect(await db.outbox.toArray()).toEqual([{ ...pending, localSeq: 1 }]);
    expect(await db.roster.count()).toBe(1);
  });
});
