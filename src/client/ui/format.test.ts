import { describe, expect, it } from 'vitest';
import { localDate } from '../../domain/index';
import {
  formatDateNumeric,
  formatDateRange,
  formatDayWithYear,
  formatInstant,
  formatShortDate,
} from './format';

describe('the client’s one date formatter', () => {
  it('writes calendar days day first, as people in England read them, in any time zone', () => {
    expect(formatDateNumeric(localDate('2026-04-12'))).toBe('12/04/2026');
    expect(formatDayWithYear('2025-03-04')).toBe('Tue, 4 Mar 2025');
    expect(formatShortDate('2025-09-08')).toMatch(/^8 Sept?$/);
    expect(formatDateRange('2025-09-01', '2025-12-19')).toBe(
      '1 September 2025 to 19 December 2025',
    );
  });

  it('writes an instant with the month in words, never a numeric date a US reader would swap', () => {
    expect(formatInstant('2026-04-12T11:30:00Z')).toMatch(/^12 Apr 2026, \d{2}:30$/);
  });
});
