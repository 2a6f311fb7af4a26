/**
 * How fast the rules core answers the questions a register and a report ask most: an arrival's
 * code, folding a morning's events, and a year's statistics for a school. Run with `npm run bench`.
 */
import { bench, describe } from 'vitest';
import {
  computeStats,
  decideArrival,
  foldEntries,
  localDate,
  openSessionsBetween,
  schoolInstant,
  statsByPupil,
  wallTime,
  type ServerMarkEvent,
  type StatEntry,
} from '../../src/domain/index';
import { seedSchool } from '../../src/domain/config/seedSchools.fixture';

const school = seedSchool('st-vincent');
const group = { id: 'g', yearGroup: '4' as const };
const day = localDate('2025-11-04');
const arrivals = Array.from({ length: 1000 }, (_, i) =>
  schoolInstant(day, wallTime(`08:${String(30 + (i % 30)).padStart(2, '0')}`), school.timeZone),
);

const codes = ['/', '/', '/', '/', 'L', 'N', 'I', 'U', 'M', 'G'];
const sessions = openSessionsBetween(school, localDate('2025-09-03'), localDate('2026-07-21'));
const yearOfEntries: StatEntry[] = [];
for (let pupil = 0; pupil < 200; pupil += 1) {
  sessions.forEach((session, i) => {
    yearOfEntries.push({
      pupilId: `p${pupil}`,
      date: session.date,
      part: session.part,
      code: codes[(pupil * 7 + i) % codes.length] ?? '/',
    });
  });
}

const morning: ServerMarkEvent[] = Array.from({ length: 900 }, (_, i) => ({
  eventId: `e${i}`,
  pupilId: `p${i % 300}`,
  session: { date: day, part: 'AM' },
  code: i < 300 ? '/' : i < 600 ? 'N' : 'I',
  minutesLate: null,
  arrivedAt: null,
  reason: i < 300 ? null : 'Parent phoned',
  baseEventId: i < 300 ? null : `e${i - 300}`,
  actor: { staffId: 's', name: 'Staff', role: i < 300 ? 'teacher' : 'office' },
  deviceId: 'd',
  recordedAt: '2025-11-04T08:50:00Z',
  serverSeq: i + 1,
  receivedAt: '2025-11-04T08:50:00Z',
}));

describe('register rules', () => {
  bench('decide 1,000 arrivals (L/U)', () => {
    for (const at of arrivals) decideArrival(school, group, { date: day, part: 'AM' }, at);
  });
  bench('fold a morning of 900 events for 300 pupils', () => {
    foldEntries(morning);
  });
});

describe('statistics', () => {
  bench(`a year for 200 pupils (${yearOfEntries.length} entries), per pupil`, () => {
    statsByPupil(yearOfEntries);
  });
  bench('the same year, school total', () => {
    computeStats(yearOfEntries);
  });
});
