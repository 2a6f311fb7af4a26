import { describe, expect, it } from 'vitest';
import { localDate } from '../time/localDate';
import type { ServerMarkEvent } from './markEvent';
import { entryKey, eventSessionKey } from './markEvent';

const event: ServerMarkEvent = {
  eventId: 'e1',
  pupilId: 'p1',
  session: { date: localDate('2025-03-04'), part: 'PM' },
  code: 'L',
  minutesLate: 7,
  arrivedAt: '2025-03-04T13:22:00.000Z',
  reason: null,
  baseEventId: null,
  actor: { staffId: 's1', name: 'Ms Okafor', role: 'teacher' },
  deviceId: 'd1',
  recordedAt: '2025-03-04T13:22:05.000Z',
  serverSeq: 1,
  receivedAt: '2025-03-04T13:22:06.000Z',
};

describe('entryKey', () => {
  it.each([
    ['p1', '2025-03-04', 'AM', 'p1|2025-03-04:AM'],
    ['p1', '2025-03-04', 'PM', 'p1|2025-03-04:PM'],
    ['p2', '2024-08-19', 'AM', 'p2|2024-08-19:AM'],
  ] as const)('%s %s %s → %s', (pupilId, date, part, expected) => {
    expect(entryKey(pupilId, { date: localDate(date), part })).toBe(expected);
  });
});

describe('eventSessionKey', () => {
  it('is the session key of the entry the event changes', () => {
    expect(eventSessionKey(event)).toBe('2025-03-04:PM');
  });
});

describe('ServerMarkEvent', () => {
  it('is plain data: it survives JSON unchanged (IndexedDB, the wire, Postgres)', () => {
    expect(JSON.parse(JSON.stringify(event))).toEqual(event);
  });
});
