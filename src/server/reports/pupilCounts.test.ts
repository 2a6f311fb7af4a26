import { describe, expect, it } from 'vitest';
import { addDays, CODES_2024_FROM, localDate } from '../../domain/index';
import type { LocalDate } from '../../domain/index';
import { partsOf } from './pupilCounts';

/** Every day of `from`…`to`, in order. */
function daysOf(from: LocalDate, to: LocalDate): LocalDate[] {
  const days: LocalDate[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
  return days;
}

describe('the statements a per-pupil count is sent as', () => {
  const cases: [string, string][] = [
    ['2024-08-01', '2025-07-23'], // a school year across the 2024 code set's first day
    ['2025-08-01', '2026-07-22'], // a school year in the 2024 code set
    ['2023-09-01', '2024-07-19'], // a school year in the 2006 code set
    ['2024-08-10', '2024-08-25'], // a short range across the day, just over two weeks
    ['2024-08-18', '2024-08-19'], // the two days either side of it
    ['2025-03-03', '2025-03-03'], // one day
    ['2025-03-03', '2025-03-17'], // two weeks: one statement
  ];
  it.each(cases)('cover %s to %s exactly, each day once, each part in one code set', (f, t) => {
    const from = localDate(f);
    const to = localDate(t);
    const parts = partsOf({ from, to });
    expect(parts.flatMap((p) => daysOf(p.from, p.to))).toEqual(daysOf(from, to));
    for (const part of parts) {
      expect(part.from <= part.to).toBe(true);
      expect(part.from < CODES_2024_FROM && part.to >= CODES_2024_FROM).toBe(false);
    }
  });

  it('halves a long range so its two halves can run at once', () => {
    const parts = partsOf({ from: localDate('2025-08-01'), to: localDate('2026-07-22') });
    expect(parts).toHaveLength(2);
    expect(partsOf({ from: localDate('2025-03-03'), to: localDate('2025-03-17') })).toHaveLength(1);
  });
});
