import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BACKOFF_CAP_MS, backoffDelay } from './backoff';
import { CLOCK_WARNING_MS, estimateClockOffset, isClockWrong } from './clockOffset';

describe('backoffDelay', () => {
  it.each([
    [0, 0.5, 500],
    [1, 0.5, 1_000],
    [2, 0.5, 2_000],
    [5, 0.5, 16_000],
    [6, 0.5, 30_000],
    [7, 0.5, 30_000],
    [100, 0.999, 59_940],
    [3, 0, 0],
  ])('attempt %i with random %f waits %i ms', (attempt, random, expected) => {
    expect(backoffDelay(attempt, () => random)).toBe(expected);
  });

  it('always waits between 0 and min(cap, base × 2^attempt)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (attempt, random) => {
          const delay = backoffDelay(attempt, () => random);
          const ceiling = Math.min(BACKOFF_CAP_MS, 1000 * 2 ** Math.min(attempt, 16));
          return Number.isInteger(delay) && delay >= 0 && delay < ceiling;
        },
      ),
    );
  });
});

describe('clock offset', () => {
  it.each([
    ['a tablet in step', '2025-09-08T08:00:01.000Z', 0, 2_000, 0],
    ['a tablet five minutes slow', '2025-09-08T08:05:00.000Z', 0, 0, 300_000],
    ['a tablet an hour fast', '2025-09-08T07:00:00.500Z', 0, 1_000, -3_600_000],
  ])('%s', (_why, serverTime, sentAfterStart, receivedAfterStart, expected) => {
    const start = Date.parse('2025-09-08T08:00:00.000Z');
    expect(
      estimateClockOffset(serverTime, start + sentAfterStart, start + receivedAfterStart),
    ).toBe(expected);
  });

  it.each([
    [null, false],
    [0, false],
    [CLOCK_WARNING_MS, false],
    [CLOCK_WARNING_MS + 1, true],
    [-CLOCK_WARNING_MS - 1, true],
  ])('offset %s warns: %s', (offset, expected) => {
    expect(isClockWrong(offset)).toBe(expected);
  });
});
