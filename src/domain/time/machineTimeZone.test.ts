/**
 * The domain suite runs twice, under TZ=UTC and under TZ=Pacific/Auckland (vite.config.ts), so a
 * rule that leans on the machine's own zone gives a different answer in one run. This checks the
 * runs really are in those zones: without it, a change to the test setup could quietly run both
 * under one zone and the protection would be gone.
 */
import { describe, expect, it } from 'vitest';

describe('the machine time zone of this run', () => {
  it('is the zone the project sets, and Date uses it', () => {
    const zone = process.env.TZ;
    expect(['UTC', 'Pacific/Auckland']).toContain(zone);
    expect(Intl.DateTimeFormat().resolvedOptions().timeZone).toBe(zone);
    // 15 January: New Zealand daylight time is UTC+13, so local time is 780 minutes ahead.
    const offset = new Date('2025-01-15T00:00:00Z').getTimezoneOffset();
    expect(offset).toBe(zone === 'UTC' ? 0 : -780);
  });
});
