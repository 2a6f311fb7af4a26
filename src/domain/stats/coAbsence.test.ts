import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coAbsencePValue, judgeCoAbsence } from './coAbsence';

/** The hypergeometric tail by brute force: every way of choosing the other pupil's absences. */
function bruteForce(n: number, a: number, b: number, k: number): number {
  const choose = (x: number, y: number): number => {
    let r = 1;
    for (let i = 1; i <= y; i += 1) r = (r * (x - y + i)) / i;
    return r;
  };
  let hits = 0;
  for (let x = k; x <= Math.min(a, b); x += 1) hits += choose(a, x) * choose(n - a, b - x);
  return hits / choose(n, b);
}

describe('coAbsencePValue', () => {
  it('is 1 for zero together (at least zero always happens)', () => {
    expect(coAbsencePValue({ shared: 100, chosen: 10, other: 10, together: 0 })).toBeCloseTo(1, 12);
  });

  it('matches a hand-worked case: 2 of 4 sessions each, both absent on the same 2', () => {
    // Choosing 2 of 4 sessions: 6 ways, one of which is exactly the chosen pupil's two.
    expect(coAbsencePValue({ shared: 4, chosen: 2, other: 2, together: 2 })).toBeCloseTo(1 / 6, 12);
  });

  it('equals the brute-force tail on small cases', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 30 })
          .chain((n) =>
            fc
              .tuple(fc.integer({ min: 0, max: n }), fc.integer({ min: 0, max: n }))
              .chain(([a, b]) =>
                fc
                  .integer({ min: Math.max(0, a + b - n), max: Math.min(a, b) })
                  .map((k) => ({ n, a, b, k })),
              ),
          ),
        ({ n, a, b, k }) => {
          const p = coAbsencePValue({ shared: n, chosen: a, other: b, together: k });
          expect(p).toBeCloseTo(bruteForce(n, a, b, k), 9);
        },
      ),
    );
  });

  it('refuses impossible counts', () => {
    expect(() => coAbsencePValue({ shared: 10, chosen: 2, other: 3, together: 4 })).toThrow(
      RangeError,
    );
  });
});

describe('judgeCoAbsence', () => {
  it('flags 12 absences together out of 12 each over a year as far beyond chance', () => {
    const j = judgeCoAbsence({ shared: 380, chosen: 12, other: 12, together: 12 }, 1000);
    expect(j.expected).toBeCloseTo((12 * 12) / 380, 12);
    expect(j.significant).toBe(true);
  });

  it('does not flag what chance explains', () => {
    const j = judgeCoAbsence({ shared: 380, chosen: 40, other: 40, together: 5 }, 1000);
    expect(j.significant).toBe(false);
  });

  it('does not flag a single shared absence, however unlikely', () => {
    const j = judgeCoAbsence({ shared: 380, chosen: 1, other: 1, together: 1 }, 1);
    expect(j.pValue).toBeLessThan(0.05);
    expect(j.significant).toBe(false);
  });

  it('applies the Bonferroni factor', () => {
    const pair = { shared: 100, chosen: 5, other: 5, together: 3 };
    expect(judgeCoAbsence(pair, 1).significant).toBe(true);
    expect(judgeCoAbsence(pair, 1000).significant).toBe(false);
  });
});
