import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { PushAck, PushResponse } from '../../shared/api/syncSchemas';
import type { AppDb } from '../db/appDb';
import type { EntryRow } from '../db/entryRow';
import type { OutboxRow } from '../db/outboxRow';
import { StoredRowError } from '../db/storedRowError';
import { freshDb, MONDAY_AM, PUPIL, TEACHER } from '../testSupport.fixture';
import { applyAcks, entryAfterAck } from './applyAcks';

const MINE = '00000000-0000-4000-8000-0000000e0001';
const OTHER = '00000000-0000-4000-8000-0000000e0002';

const row: OutboxRow = {
  localSeq: 1,
  v: 1,
  wireSeq: 1,
  eventId: MINE,
  pupilId: PUPIL.ada,
  sessionKey: '2025-09-08:AM',
  session: MONDAY_AM,
  code: 'L',
  minutesLate: 6,
  arrivedAt: '2025-09-08T08:01:00.000Z',
  reason: null,
  baseEventId: null,
  actorStaffId: TEACHER.staffId,
  actorRole: 'teacher',
  recordedAt: '2025-09-08T08:01:00.000Z',
  status: 'pending',
  serverSeq: null,
  ackStatus: null,
  ackReason: null,
};

const local: EntryRow = {
  pupilId: PUPIL.ada,
  sessionKey: '2025-09-08:AM',
  session: MONDAY_AM,
  code: '/',
  minutesLate: null,
  arrivedAt: '2025-09-08T07:59:00.000Z',
  headEventId: OTHER,
  headSeq: 10,
  headRole: 'teacher',
  needsReview: false,
};

const myHead = {
  code: 'L',
  minutesLate: 6,
  headEventId: MINE,
  headSeq: 12,
  headRole: 'teacher',
  needsReview: false,
} as const;

const ack = (patch: Partial<PushAck>): PushAck => ({
  eventId: MINE,
  clientSeq: 1,
  serverSeq: 12,
  status: 'applied',
  reason: null,
  entry: myHead,
  ...patch,
});

describe('entryAfterAck: the ack’s entry is taken exactly when its head is newer', () => {
  it.each([
    [
      'my mark became the head of a new entry',
      undefined,
      ack({}),
      { ...myHead, pupilId: PUPIL.ada, sessionKey: '2025-09-08:AM', arrivedAt: row.arrivedAt },
    ],
    [
      'my mark became the head over an older local entry',
      local,
      ack({}),
      { ...local, ...myHead, arrivedAt: row.arrivedAt },
    ],
    ['the local entry is already newer than the ack', { ...local, headSeq: 15 }, ack({}), null],
    [
      'a conflict leaves the head where it was: the pull brings the review flag',
      local,
      ack({
        status: 'conflict',
        entry: { ...myHead, code: '/', headEventId: OTHER, headSeq: 10, needsReview: true },
      }),
      null,
    ],
    [
      'an office amendment not yet pulled is taken with its sequence and role',
      local,
      ack({
        status: 'superseded',
        entry: { ...myHead, code: 'M', headEventId: OTHER, headSeq: 11, headRole: 'office' },
      }),
      { ...local, code: 'M', headSeq: 11, headRole: 'office', arrivedAt: null, minutesLate: 6 },
    ],
    [
      'a head from elsewhere makes an entry where there was none',
      undefined,
      ack({
        status: 'duplicate_value',
        entry: { ...myHead, headEventId: OTHER, headSeq: 11, needsReview: true },
      }),
      { ...myHead, headEventId: OTHER, headSeq: 11, needsReview: true, arrivedAt: null },
    ],
    ['an old-style rejection (no entry) leaves the entry alone', local, ack({ entry: null }), null],
  ] as const)('%s', (_why, before, answer, expected) => {
    const after = entryAfterAck(before, row, answer);
    if (expected === null) expect(after).toBe(before);
    else expect(after).toMatchObject(expected);
  });
});

describe('entryAfterAck for an undo of a first mark', () => {
  const undo: OutboxRow = { ...row, kind: 'withdrawn', baseEventId: OTHER };
  it('removes the entry when the withdrawal applied', () => {
    expect(entryAfterAck(local, undo, ack({ entry: null, serverSeq: 11 }))).toBeNull();
    expect(entryAfterAck(undefined, undo, ack({ entry: null, serverSeq: 11 }))).toBeNull();
  });
  it('keeps an entry the device already holds from after the withdrawal', () => {
    const later = { ...local, headSeq: 13 };
    expect(entryAfterAck(later, undo, ack({ entry: null, serverSeq: 11 }))).toBe(later);
  });
});

describe('applyAcks', () => {
  let db: AppDb;
  afterEach(() => db.close());

  const response = (acks: PushAck[]): PushResponse => ({
    acks,
    lastClientSeq: acks.length,
    headSeq: 20,
    serverTime: '2025-09-08T08:02:00.000Z',
  });

  it('records each ack and ends on the newest head, whatever order the acks come in', async () => {
    db = freshDb();
    await db.entries.put(local);
    const ids = [
      MINE,
      '00000000-0000-4000-8000-0000000e0003',
      '00000000-0000-4000-8000-0000000e0004',
    ];
    const rows = ids.map((eventId, i) => ({ ...row, localSeq: i + 1, wireSeq: i + 1, eventId }));
    for (const r of rows) await db.outbox.add(r);
    const heads = [14, 16, 15];

    const acknowledged = await applyAcks(
      db,
      rows,
      response(
        rows.map((r, i) =>
          ack({
            eventId: r.eventId,
            clientSeq: i + 1,
            serverSeq: heads[i] ?? 0,
            entry: { ...myHead, headEventId: r.eventId, headSeq: heads[i] ?? 0, code: `${i}` },
          }),
        ),
      ),
      250,
    );

    expect(acknowledged).toBe(3);
    expect(await db.entries.get([PUPIL.ada, '2025-09-08:AM'])).toMatchObject({
      code: '1',
      headEventId: ids[1],
      headSeq: 16,
    });
    expect((await db.outbox.toArray()).map((r) => [r.status, r.serverSeq, r.wireSeq])).toEqual([
      ['acked', 14, 1],
      ['acked', 16, 2],
      ['acked', 15, 3],
    ]);
    expect(await db.meta.get('clockOffsetMs')).toEqual({ key: 'clockOffsetMs', value: 250 });
  });

  it('ignores acks for marks it did not send, and keeps a row a pull answered first', async () => {
    db = freshDb();
    await db.outbox.add({ ...row, status: 'acked', serverSeq: 12, ackStatus: 'applied' });
    const acknowledged = await applyAcks(
      db,
      [row],
      response([ack({ status: 'conflict' }), ack({ eventId: OTHER })]),
      null,
    );
    expect(acknowledged).toBe(1);
    expect(await db.outbox.get(1)).toMatchObject({ status: 'acked', ackStatus: 'applied' });
    expect(await db.entries.get([PUPIL.ada, '2025-09-08:AM'])).toMatchObject({ headSeq: 12 });
  });

  it('applies acks for several entries in order, each over what the acks before it made', async () => {
    db = freshDb();
    await db.entries.put(local);
    const ids = [
      MINE,
      '00000000-0000-4000-8000-0000000e0003',
      '00000000-0000-4000-8000-0000000e0004',
      '00000000-0000-4000-8000-0000000e0005',
    ];
    // Ada's entry gets three marks (heads 14, then 13 — older, ignored — then 15); Ben's one.
    const pupils = [PUPIL.ada, PUPIL.ada, PUPIL.ben, PUPIL.ada];
    const heads = [14, 13, 11, 15];
    const rows = ids.map((eventId, i) => ({
      ...row,
      localSeq: i + 1,
      wireSeq: i + 1,
      eventId,
      pupilId: pupils[i] ?? PUPIL.ada,
    }));
    await db.outbox.bulkAdd(rows);
    const acks = rows.map((r, i) =>
      ack({
        eventId: r.eventId,
        clientSeq: i + 1,
        serverSeq: heads[i] ?? 0,
        status: i === 1 ? 'superseded' : 'applied',
        reason: i === 1 ? 'Amended since.' : null,
        entry: { ...myHead, headEventId: r.eventId, headSeq: heads[i] ?? 0, code: `${i}` },
      }),
    );

    expect(await applyAcks(db, rows, response(acks), null)).toBe(4);

    expect(await db.entries.get([PUPIL.ada, '2025-09-08:AM'])).toMatchObject({
      code: '3',
      headEventId: ids[3],
      headSeq: 15,
      arrivedAt: row.arrivedAt,
    });
    expect(await db.entries.get([PUPIL.ben, '2025-09-08:AM'])).toMatchObject({
      code: '2',
      headEventId: ids[2],
      headSeq: 11,
    });
    expect(
      (await db.outbox.toArray()).map((r) => [r.status, r.serverSeq, r.ackStatus, r.ackReason]),
    ).toEqual([
      ['acked', 14, 'applied', null],
      ['acked', 13, 'superseded', 'Amended since.'],
      ['acked', 11, 'applied', null],
      ['acked', 15, 'applied', null],
    ]);
  });

  it('records nothing when an entry it touches is damaged', async () => {
    db = freshDb();
    await db.entries.put({ ...local, headSeq: 'ten' } as unknown as EntryRow);
    await db.outbox.add(row);
    await expect(applyAcks(db, [row], response([ack({})]), 250)).rejects.toThrow(StoredRowError);
    expect(await db.outbox.get(1)).toMatchObject({ status: 'pending', serverSeq: null });
    expect(await db.meta.get('clockOffsetMs')).toBeUndefined();
  });
});
