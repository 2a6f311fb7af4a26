import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { localDate } from '../../domain/index';
import type { AppDb } from '../db/appDb';
import { getMeta } from '../db/meta';
import type { TripException } from '../db/tripException';
import { PUPIL, TEACHER, freshDb } from '../testSupport.fixture';
import { recordTripException } from './recordTripException';

const TRIP = '00000000-0000-4000-8000-0000000070e1';
const OTHER_TRIP = '00000000-0000-4000-8000-0000000070e2';

const exception = (kind: TripException['kind'], part: 'AM' | 'PM'): TripException => ({
  kind,
  session: { date: localDate('2025-09-08'), part },
  at: '2025-09-08T09:00:00.000Z',
  by: TEACHER.staffId,
});

let db: AppDb | undefined;
afterEach(async () => {
  await db?.delete();
  db = undefined;
});

describe('recordTripException', () => {
  it('adds to the pupil’s list for the trip, keeping what was there and the other trips', async () => {
    db = freshDb();
    await recordTripException(db, OTHER_TRIP, PUPIL.ada, exception('did_not_come', 'AM'));
    await recordTripException(db, TRIP, PUPIL.ada, exception('joined_late', 'AM'));
    const list = await recordTripException(db, TRIP, PUPIL.ada, exception('went_home_ill', 'PM'));

    expect(list.map((e) => e.kind)).toEqual(['joined_late', 'went_home_ill']);
    const stored = await getMeta(db, 'tripExceptions');
    expect(stored?.[TRIP]?.[PUPIL.ada]).toEqual(list);
    expect(stored?.[OTHER_TRIP]?.[PUPIL.ada]?.map((e) => e.kind)).toEqual(['did_not_come']);
  });

  it('loses neither of two exceptions recorded at once', async () => {
    db = freshDb();
    const target = db;
    await Promise.all([
      recordTripException(target, TRIP, PUPIL.ada, exception('joined_late', 'AM')),
      recordTripException(target, TRIP, PUPIL.ada, exception('collected_early', 'PM')),
    ]);
    const stored = await getMeta(target, 'tripExceptions');
    expect(stored?.[TRIP]?.[PUPIL.ada]?.map((e) => e.kind).sort()).toEqual([
      'collected_early',
      'joined_late',
    ]);
  });
});
