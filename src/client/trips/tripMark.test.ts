import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { localDate, parseSchoolConfig, type SchoolConfig } from '../../domain/index';
import { pushEventSchema } from '../../shared/api/syncSchemas';
import type { TripEntry } from '../../shared/api/tripSchemas';
import type { AppDb } from '../db/appDb';
import { SCHOOL_CONFIG } from '../ui/screens.fixture';
import { GROUP_ID, OFFICE, PUPIL, TEACHER, freshDb, sequentialIds } from '../testSupport.fixture';
import { recordTripMark, type TripMarkInput } from './tripMark';

const TRIP_ID = '00000000-0000-4000-8000-0000000070e1';
const SESSION = { date: localDate('2025-09-08'), part: 'AM' as const };
const PRE_ENTERED = '00000000-0000-4000-8000-0000000070f1';

function school(): SchoolConfig {
  const parsed = parseSchoolConfig(SCHOOL_CONFIG);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value;
}

const serverEntry: TripEntry = {
  pupilId: PUPIL.ada,
  session: SESSION,
  code: 'V',
  headEventId: PRE_ENTERED,
  headSeq: 12,
  headRole: 'office',
};

function input(patch: Partial<TripMarkInput> = {}): TripMarkInput {
  return {
    tripId: TRIP_ID,
    tripCode: 'V',
    pupilId: PUPIL.ada,
    session: SESSION,
    code: 'V',
    reason: null,
    actor: TEACHER,
    school: school(),
    group: { id: GROUP_ID, yearGroup: '3' },
    serverEntry,
    ...patch,
  };
}

let db: AppDb;
afterEach(async () => {
  db.close();
  await db.delete();
});

// 10:00 in London on the trip's first day: the morning register has closed.
const env = () => ({
  clock: { now: () => Date.parse('2025-09-08T09:00:00Z') },
  newEventId: sequentialIds(),
});

describe('recordTripMark', () => {
  it('queues the mark with the trip id, based on the pre-entered entry the device has not pulled yet', async () => {
    db = freshDb();
    const result = await recordTripMark(db, input(), env());
    expect(result.ok).toBe(true);
    const rows = await db.outbox.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      code: 'V',
      tripId: TRIP_ID,
      baseEventId: PRE_ENTERED,
      status: 'pending',
    });
    // What the sync engine will send is a valid push event carrying the trip.
    const { localSeq: _l, wireSeq: _w, ...row } = rows[0] ?? { localSeq: 0, wireSeq: 0 };
    void _l;
    void _w;
    expect(pushEventSchema.safeParse({ ...pick(row), clientSeq: 1 }).success).toBe(true);
  });

  it('lets a leader enter I for the trip, with a reason, though a teacher may not enter it at school', async () => {
    db = freshDb();
    const result = await recordTripMark(
      db,
      input({ code: 'I', reason: 'Went home ill from the trip.' }),
      env(),
    );
    expect(result.ok).toBe(true);
    expect((await db.outbox.toArray()).map((r) => r.code)).toEqual(['I']);
  });

  it('refuses, before queuing, a code the trip does not allow or an amendment with no reason', async () => {
    db = freshDb();
    const wrongCode = await recordTripMark(db, input({ code: 'C' }), env());
    expect(wrongCode).toEqual({
      ok: false,
      errors: [expect.stringContaining("may not enter 'C'")],
    });
    const noReason = await recordTripMark(db, input({ code: 'N' }), env());
    expect(noReason).toEqual({ ok: false, errors: [expect.stringContaining('give a reason')] });
    expect(await db.outbox.count()).toBe(0);
  });

  it('builds on its own pending mark for the entry, not the server’s copy', async () => {
    db = freshDb();
    const shared = env();
    const first = await recordTripMark(db, input({ actor: OFFICE }), shared);
    const second = await recordTripMark(db, input({ code: 'N', reason: 'Did not come.' }), shared);
    if (!first.ok || !second.ok) throw new Error('not recorded');
    expect(second.value.baseEventId).toBe(first.value.eventId);
  });
});

function pick(row: Record<string, unknown>): Record<string, unknown> {
  const keys = [
    'eventId',
    'actorStaffId',
    'pupilId',
    'session',
    'code',
    'minutesLate',
    'arrivedAt',
    'reason',
    'baseEventId',
    'recordedAt',
    'tripId',
  ];
  return Object.fromEntries(keys.map((k) => [k, row[k]]));
}
