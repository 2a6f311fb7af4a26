import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { PushAck } from '../../shared/api/syncSchemas';
import type { EntryRow } from '../db/entryRow';
import type { OutboxRow } from '../db/outboxRow';
import { MONDAY_AM, PUPIL, TEACHER } from '../testSupport.fixture';
import { entryAfterAck } from './applyAcks';

const MINE = '00000000-0000-4000-8000-0000000e0001';
const OTHER = '00000000-0000-4000-8000-0000000e0002';

const row: OutboxRow = {
  clientSeq: 1,
  v: 1,
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
  arrivedAt: null,
  headEventId: OTHER,
  headSeq: 10,
  headRole: 'teacher',
  needsReview: false,
};

const ack = (patch: Partial<PushAck>): PushAck => ({
  eventId: MINE,
  clientSeq: 1,
  serverSeq: 12,
  status: 'applied',
  reason: null,
  entry: { code: 'L', minutesLate: 6, headEventId: MINE, needsReview: false },
  ...patch,
});

describe('entryAfterAck', () => {
  it.each([
    [
      'my mark became the head of a new entry',
      undefined,
      ack({}),
      {
        code: 'L',
        minutesLate: 6,
        headEventId: MINE,
        headSeq: 12,
        headRole: 'teacher',
        arrivedAt: row.arrivedAt,
      },
    ],
    [
      'my mark became the head over an older local entry',
      local,
      ack({}),
      { code: 'L', headEventId: MINE, headSeq: 12 },
    ],
    [
      'the local entry is already newer than the ack',
      { ...local, headSeq: 15 },
      ack({}),
      { code: '/', headEventId: OTHER, headSeq: 15 },
    ],
    [
      'a conflict with the head shown here flags it for review',
      local,
      ack({
        status: 'conflict',
        entry: { code: '/', minutesLate: null, headEventId: OTHER, needsReview: true },
      }),
      { code: '/', headEventId: OTHER, headSeq: 10, needsReview: true },
    ],
    [
      'a head this device has not pulled yet waits for the pull',
      { ...local, headEventId: '00000000-0000-4000-8000-0000000e0003' },
      ack({
        status: 'superseded',
        entry: { code: 'M', minutesLate: null, headEventId: OTHER, needsReview: false },
      }),
      { code: '/', headSeq: 10 },
    ],
    ['a rejection leaves the entry alone', local, ack({ status: 'rejected', entry: null }), local],
  ] as const)('%s', (_why, before, answer, expected) => {
    expect(entryAfterAck(before, row, answer)).toMatchObject(expected);
  });

  it('creates nothing when the head is not mine and there is no local entry', () => {
    const answer = ack({
      status: 'duplicate_value',
      entry: { code: 'L', minutesLate: 6, headEventId: OTHER, needsReview: false },
    });
    expect(entryAfterAck(undefined, row, answer)).toBeUndefined();
  });
});
