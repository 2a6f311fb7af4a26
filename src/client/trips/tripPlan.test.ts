import { describe, expect, it } from 'vitest';
import { localDate } from '../../domain/index';
import type { TripException, TripExceptionKind } from '../db/tripException';
import { currentSessionIndex, exceptionChoices, expectedMark, type TripLike } from './tripPlan';

const TRIP: TripLike = {
  name: 'Year 6 residential',
  code: 'V',
  sessions: [
    { date: '2025-09-08', part: 'AM' },
    { date: '2025-09-08', part: 'PM' },
    { date: '2025-09-09', part: 'AM' },
    { date: '2025-09-09', part: 'PM' },
  ],
};
const LEADER = '00000000-0000-4000-8000-00000000a001';

function exception(
  kind: TripExceptionKind,
  index: number,
  at = '2025-09-08T10:00:00.000Z',
): TripException {
  const session = TRIP.sessions[index];
  if (session === undefined) throw new Error('no such session');
  return {
    kind,
    session: { date: localDate(session.date), part: session.part },
    at,
    by: LEADER,
  };
}

const codes = (exceptions: TripException[]) =>
  TRIP.sessions.map((_, i) => expectedMark(TRIP, exceptions, i).code);
const withGroup = (exceptions: TripException[]) =>
  TRIP.sessions.map((_, i) => expectedMark(TRIP, exceptions, i).withGroup);

describe('expectedMark', () => {
  it('is the trip code, with the group, when nothing happened', () => {
    expect(codes([])).toEqual(['V', 'V', 'V', 'V']);
    expect(withGroup([])).toEqual([true, true, true, true]);
    expect(expectedMark(TRIP, [], 0).reason).toBeNull();
  });

  it('makes a pupil who did not come N from that session on, for the office to chase', () => {
    const marks = [exception('did_not_come', 0)];
    expect(codes(marks)).toEqual(['N', 'N', 'N', 'N']);
    expect(withGroup(marks)).toEqual([false, false, false, false]);
    expect(expectedMark(TRIP, marks, 2).reason).toBe(
      'Did not come on the trip “Year 6 residential” (the morning of 8 September); reason not yet known.',
    );
    expect(exceptionChoices(expectedMark(TRIP, marks, 0))).toEqual(['joined_late']);
  });

  it('keeps the trip code for the session a pupil went home ill in, then I with a reason', () => {
    const marks = [exception('went_home_ill', 1)];
    expect(codes(marks)).toEqual(['V', 'V', 'I', 'I']);
    expect(withGroup(marks)).toEqual([true, false, false, false]);
    expect(expectedMark(TRIP, marks, 3).reason).toBe(
      'Went home ill from the trip “Year 6 residential” (the afternoon of 8 September).',
    );
  });

  it('makes the sessions after a pupil was collected early N, for the office to establish why', () => {
    const marks = [exception('collected_early', 2)];
    expect(codes(marks)).toEqual(['V', 'V', 'V', 'N']);
    expect(withGroup(marks)).toEqual([true, true, false, false]);
    expect(expectedMark(TRIP, marks, 3).reason).toMatch(/^Collected early from the trip/);
  });

  it('brings a pupil who joined late back to the trip code from that session, with a reason there', () => {
    const marks = [
      exception('did_not_come', 0),
      exception('joined_late', 1, '2025-09-08T13:30:00.000Z'),
    ];
    expect(codes(marks)).toEqual(['N', 'V', 'V', 'V']);
    expect(withGroup(marks)).toEqual([false, true, true, true]);
    expect(expectedMark(TRIP, marks, 1).reason).toBe(
      'Joined the trip “Year 6 residential” late (the afternoon of 8 September).',
    );
    expect(expectedMark(TRIP, marks, 2).reason).toBeNull();
  });

  it('applies exceptions in the order they happened, whatever order they are stored in', () => {
    const marks = [
      exception('joined_late', 2, '2025-09-09T09:00:00.000Z'),
      exception('did_not_come', 0),
    ];
    expect(codes(marks)).toEqual(['N', 'N', 'V', 'V']);
  });

  it('offers the exceptions that fit where the pupil is', () => {
    expect(exceptionChoices(expectedMark(TRIP, [], 0))).toEqual([
      'did_not_come',
      'went_home_ill',
      'collected_early',
    ]);
  });
});

describe('currentSessionIndex', () => {
  const startsAt = (s: TripLike['sessions'][number]) =>
    Date.parse(`${s.date}T${s.part === 'AM' ? '08:45' : '13:00'}:00Z`);

  it('is the latest session that has started, else the first', () => {
    expect(currentSessionIndex(TRIP, startsAt, Date.parse('2025-09-01T09:00:00Z'))).toBe(0);
    expect(currentSessionIndex(TRIP, startsAt, Date.parse('2025-09-08T14:00:00Z'))).toBe(1);
    expect(currentSessionIndex(TRIP, startsAt, Date.parse('2025-09-09T09:00:00Z'))).toBe(2);
    expect(currentSessionIndex(TRIP, startsAt, Date.parse('2025-09-20T09:00:00Z'))).toBe(3);
  });
});
