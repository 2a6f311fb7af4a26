/**
 * The browser tests' choice of school day (support/schoolDay.ts) must work on any real date:
 * weekends, holidays, August, the first days of term. For each sample date it gives an open
 * school day on or before that date, and the demo seeded as of its `seedAt` has no mark on it.
 */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  localDate,
  openSessionsBetween,
  schoolInstant,
  wallTime,
  type LocalDate,
} from '../../src/domain';
import { demoMarks } from '../../src/server/demo/demoMarks';
import { chooseSchoolDay } from './support/schoolDay';

// Every 11th day for two years (so every weekday and month is met), plus the awkward ones.
const SAMPLES: LocalDate[] = [
  ...Array.from({ length: 67 }, (_, i) => addDays(localDate('2026-01-01'), i * 11)),
  localDate('2026-08-01'),
  localDate('2026-08-31'),
  localDate('2026-09-01'),
  localDate('2026-09-02'),
  localDate('2026-12-25'),
  localDate('2027-01-04'),
];

describe('chooseSchoolDay', () => {
  it.each(SAMPLES)('on %s picks an open, unmarked school day before today', (today) => {
    for (const time of ['06:00', '12:00', '22:30']) {
      const now = schoolInstant(today, wallTime(time), 'Europe/London');
      const day = chooseSchoolDay(now);
      // Before today, so every register of the day is behind the server's clock at any hour.
      expect(day.date < today).toBe(true);
      const parts = openSessionsBetween(day.config, day.date, day.date).map((s) => s.part);
      expect(parts).toEqual(['AM', 'PM']);
      expect(day.seedAt.getTime()).toBeLessThanOrEqual(now.getTime());
      // Seeded before the day's first register closes (09:15), the day itself has no marks.
      const firstClose = schoolInstant(day.date, wallTime('09:15'), 'Europe/London');
      expect(day.seedAt.getTime()).toBeLessThan(firstClose.getTime());
      if (time !== '12:00') continue;
      // Whether a session of the day has marks depends only on its register having closed by
      // `seedAt`, not on the weeks of history before it: seed the day alone (weeks = 0), a
      // twentieth of the work of the full three weeks.
      const seeded = demoMarks(day.demo, day.config, day.date, day.seedAt, 0);
      expect(seeded.filter((e) => e.session.date === day.date)).toEqual([]);
    }
  });
});
