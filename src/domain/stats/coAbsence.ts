/**
 * Absence mapping: is another pupil absent on the same sessions as a chosen pupil far
 * more often than chance? Over the n sessions both pupils could have attended, the chosen pupil
 * was absent a times and the other b times; if their absences were unrelated, the number of
 * sessions they were absent together would follow the hypergeometric distribution (drawing b of
 * the n sessions, a of which are "marked"). The probability of at least k together by chance is
 * the one-sided p-value of Fisher's exact test.
 */

export interface CoAbsence {
  /** Sessions both pupils have a possible entry for. */
  readonly shared: number;
  /** Absences of the chosen pupil within them. */
  readonly chosen: number;
  /** Absences of the other pupil within them. */
  readonly other: number;
  /** Sessions both were absent. */
  readonly together: number;
}

export interface CoAbsenceJudgement {
  readonly expected: number;
  /** together / expected, or null when nothing was expected. */
  readonly ratio: number | null;
  readonly pValue: number;
  readonly significant: boolean;
}

/** The fewest sessions together worth reporting: one shared absence is a coincidence. */
export const MIN_TOGETHER = 2;

const logFactorialCache: number[] = [0];

function logFactorial(n: number): number {
  for (let i = logFactorialCache.length; i <= n; i += 1) {
    logFactorialCache.push((logFactorialCache[i - 1] ?? 0) + Math.log(i));
  }
  return logFactorialCache[n] ?? 0;
}

const logChoose = (n: number, k: number): number =>
  logFactorial(n) - logFactorial(k) - logFactorial(n - k);

function check(c: CoAbsence): void {
  const { shared, chosen, other, together } = c;
  const ok =
    [shared, chosen, other, together].every((x) => Number.isInteger(x) && x >= 0) &&
    chosen <= shared &&
    other <= shared &&
    together <= Math.min(chosen, other) &&
    together >= chosen + other - shared;
  if (!ok) throw new RangeError(`impossible co-absence counts: ${JSON.stringify(c)}`);
}

/** P(X ≥ together) for X ~ Hypergeometric(population shared, successes chosen, draws other). */
export function coAbsencePValue(c: CoAbsence): number {
  check(c);
  const { shared: n, chosen: a, other: b, together: k } = c;
  const denominator = logChoose(n, b);
  let p = 0;
  for (let x = k; x <= Math.min(a, b); x += 1) {
    p += Math.exp(logChoose(a, x) + logChoose(n - a, b - x) - denominator);
  }
  return Math.min(1, p);
}

/**
 * Judges one pair. Significant means at least {@link MIN_TOGETHER} absences together and a
 * p-value below 0.05 after the Bonferroni correction for the `compared` pupils looked at (so a
 * school of 1,000 pupils does not turn up a dozen "gangs" by chance).
 */
export function judgeCoAbsence(c: CoAbsence, compared: number): CoAbsenceJudgement {
  const pValue = coAbsencePValue(c);
  const expected = c.shared === 0 ? 0 : (c.chosen * c.other) / c.shared;
  return {
    expected,
    ratio: expected === 0 ? null : c.together / expected,
    pValue,
    significant: c.together >= MIN_TOGETHER && pValue * Math.max(1, compared) < 0.05,
  };
}
