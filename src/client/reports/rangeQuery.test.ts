import { describe, expect, it } from 'vitest';
import { queryKey, rangeQueryOf } from './rangeQuery';

describe('rangeQueryOf', () => {
  it('leaves term and year for the server to resolve from the school’s calendar', () => {
    expect(rangeQueryOf({ period: 'term', fromText: '2025-01-01', toText: '' })).toEqual({
      ok: true,
      query: { period: 'term' },
    });
    expect(rangeQueryOf({ period: 'year', fromText: '', toText: '' })).toEqual({
      ok: true,
      query: { period: 'year' },
    });
  });

  it.each([
    ['', '2025-10-24', 'Enter the first and the last day of the range.'],
    ['2025-02-30', '2025-10-24', 'Enter the first and the last day of the range.'],
    ['2025-10-24', '2025-09-01', 'The last day must be on or after the first day.'],
  ])('refuses a custom range %s – %s: %s', (fromText, toText, message) => {
    expect(rangeQueryOf({ period: 'custom', fromText, toText })).toEqual({ ok: false, message });
  });

  it('accepts a custom range of one day', () => {
    expect(
      rangeQueryOf({ period: 'custom', fromText: '2025-09-08', toText: '2025-09-08' }),
    ).toEqual({
      ok: true,
      query: { period: 'custom', from: '2025-09-08', to: '2025-09-08' },
    });
  });
});

describe('queryKey', () => {
  it('is the same whatever the order of the parameters, and ignores unset ones', () => {
    expect(queryKey({ b: '2', a: 1, c: undefined })).toBe(queryKey({ a: 1, b: '2' }));
    expect(queryKey({ a: 1 })).not.toBe(queryKey({ a: 2 }));
  });
});
