import { describe, expect, it } from 'vitest';
import {
  censusCollection,
  censusSpan,
  censusTitle,
  easterSunday,
  springBankHoliday,
} from './censusPeriods';

describe('the days each census collects', () => {
  it.each([
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
  ])('Easter Sunday %i is %s', (year, day) => {
    expect(easterSunday(year)).toBe(day);
  });

  it.each([
    [2025, '2025-05-26'],
    [2026, '2026-05-25'],
    [2027, '2027-05-31'],
  ])('the spring bank holiday %i is %s (last Monday in May)', (year, day) => {
    expect(springBankHoliday(year)).toBe(day);
  });

  it.each([
    ['spring', 2025, [['termly', '2025-08-01', '2025-12-31']], '2025-08-31', '2026-01-15'],
    ['summer', 2025, [['termly', '2026-01-01', '2026-04-05']], '2025-08-31', '2026-05-21'],
    [
      'autumn',
      2025,
      [
        ['termly', '2025-04-21', '2025-05-25'],
        ['summerHalfTerm2', '2025-05-26', '2025-07-31'],
      ],
      '2024-08-31',
      '2025-10-02',
    ],
  ] as const)('the %s census of %i', (term, year, periods, ageDate, censusDay) => {
    const c = censusCollection(term, year);
    expect(c.periods.map((p) => [p.part, p.from, p.to])).toEqual(periods);
    expect(c.ageDate).toBe(ageDate);
    expect(c.censusDay).toBe(censusDay);
  });

  it('names the census and spans its periods', () => {
    const autumn = censusCollection('autumn', 2025);
    expect(censusSpan(autumn)).toEqual({ from: '2025-04-21', to: '2025-07-31' });
    expect(censusTitle(autumn)).toBe('2025/26 autumn census (summer term 2025)');
    expect(censusTitle(censusCollection('spring', 2025))).toBe(
      '2025/26 spring census (autumn term 2025)',
    );
  });

  it('refuses a year that is not one', () => {
    expect(() => censusCollection('spring', 20250)).toThrow(/academic year/);
  });
});
