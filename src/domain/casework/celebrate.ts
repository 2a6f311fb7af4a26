/**
 * Celebrating attendance (docs/design.md §8.10): certificates for every pupil at or above one of
 * the school's rates over a period (`thresholds.certificatePercents`, seed 001's 100 % and 98 %),
 * and the best class of a school week (seed 003). Rates are compared in whole numbers, as the
 * persistent-absence threshold is: a pupil exactly at 98 % reaches 98 %, never misses it by a
 * rounding error. Only attendance decides; a pupil without a possible session has no rate.
 */
import type { AttendanceCounts } from '../stats/attendanceStats';

type Rate = Pick<AttendanceCounts, 'attended' | 'possible'>;

/**
 * A rate as a certificate prints it, cut (never rounded up) to one decimal: 3,799 of 3,800 is
 * "99.9 %", so no certificate at 98 % ever reads "100.0 %".
 */
export function certificatePercentText(rate: Rate): string {
  if (rate.possible === 0) return 'n/a';
  const tenths = Math.floor((rate.attended * 1000) / rate.possible);
  return `${(tenths / 10).toFixed(1)} %`;
}

/** `attended / possible ≥ percent / 100`, honoured to a hundredth of a point. */
function reaches(rate: Rate, percent: number): boolean {
  return rate.attended * 10_000 >= Math.round(percent * 100) * rate.possible;
}

/** The highest of `percents` the pupil's attendance reaches, or null (none, or no rate). */
export function certificateLevel(rate: Rate, percents: readonly number[]): number | null {
  if (rate.possible === 0) return null;
  let best: number | null = null;
  for (const percent of percents) {
    if (reaches(rate, percent) && (best === null || percent > best)) best = percent;
  }
  return best;
}

export interface CertificateCandidate<P> {
  readonly pupil: P;
  readonly counts: Rate;
}

export interface CertificateAward<P> {
  readonly pupil: P;
  /** The rate reached: the certificate says "at least this". */
  readonly level: number;
  readonly attended: number;
  readonly possible: number;
  readonly attendancePercent: number;
}

/**
 * One certificate for each pupil who reaches a rate, at the highest they reach: the highest
 * level first, then in the order given (the register's).
 */
export function certificateAwards<P>(
  candidates: readonly CertificateCandidate<P>[],
  percents: readonly number[],
): CertificateAward<P>[] {
  const awards: CertificateAward<P>[] = [];
  for (const { pupil, counts } of candidates) {
    const level = certificateLevel(counts, percents);
    if (level === null) continue;
    awards.push({
      pupil,
      level,
      attended: counts.attended,
      possible: counts.possible,
      attendancePercent: (100 * counts.attended) / counts.possible,
    });
  }
  // Array.prototype.sort is stable: within a level, the given order stays.
  return awards.sort((a, b) => b.level - a.level);
}

export interface ClassWeek<G> {
  readonly group: G;
  readonly counts: Rate;
}

export interface RankedClass<G> {
  readonly group: G;
  /** 1 for the best; classes with the same attendance share a rank (1, 1, 3). */
  readonly rank: number;
  readonly attended: number;
  readonly possible: number;
  readonly attendancePercent: number;
}

export interface ClassRanking<G> {
  /** Every class with a possible session that week, best first. */
  readonly ranking: readonly RankedClass<G>[];
  /** The best class, or all that tie for the best; empty when no class had a session. */
  readonly best: readonly RankedClass<G>[];
  /** Classes with no possible session that week (no register, or all closed): not ranked. */
  readonly unranked: readonly G[];
}

/**
 * The classes of a week ranked by attendance, a class being the sum of its pupils' sessions
 * (never an average of their rates). Classes that tie share the rank and, at the top, the title.
 */
export function rankClasses<G>(classes: readonly ClassWeek<G>[]): ClassRanking<G> {
  const ranked = classes.filter((c) => c.counts.possible > 0);
  // Higher rate first, compared exactly (a/p against b/q as a·q against b·p); ties keep order.
  const compare = (a: Rate, b: Rate) => b.attended * a.possible - a.attended * b.possible;
  const sorted = [...ranked].sort((a, b) => compare(a.counts, b.counts));
  const ranking: RankedClass<G>[] = [];
  sorted.forEach((c, i) => {
    const previous = sorted[i - 1];
    const prior = ranking[i - 1];
    const rank =
      previous !== undefined && prior !== undefined && compare(previous.counts, c.counts) === 0
        ? prior.rank
        : i + 1;
    ranking.push({
      group: c.group,
      rank,
      attended: c.counts.attended,
      possible: c.counts.possible,
      attendancePercent: (100 * c.counts.attended) / c.counts.possible,
    });
  });
  return {
    ranking,
    best: ranking.filter((r) => r.rank === 1),
    unranked: classes.filter((c) => c.counts.possible === 0).map((c) => c.group),
  };
}
