/**
 * Persistent and severe absence and the school's at-risk bands (docs/design.md §8.6). Every
 * boundary is inclusive: 10.0% absence is persistent. The comparison is done in whole numbers,
 * because a pupil at exactly a threshold must never fall either side of it by a rounding error.
 */
import type { AtRiskBand, Thresholds } from '../config/schoolConfig';
import type { AttendanceCounts } from './attendanceStats';

export interface AbsenceStatus {
  readonly persistent: boolean;
  readonly severe: boolean;
  /** The highest band whose minimum is reached, or null. */
  readonly band: AtRiskBand | null;
}

/**
 * `part / whole ≥ percent / 100`, in integers. Thresholds are honoured to a hundredth of a
 * percentage point (a threshold of 7.125 acts as 7.13), which is finer than any policy states.
 */
export function reachesPercent(part: number, whole: number, percent: number): boolean {
  return part * 10_000 >= Math.round(percent * 100) * whole;
}

/**
 * Whether the overall absence in `stats` is persistent, severe, and in which at-risk band.
 * Nothing is flagged without a possible session: there is no rate to judge.
 */
export function absenceStatus(
  stats: Pick<AttendanceCounts, 'possible' | 'overallAbsence'>,
  thresholds: Thresholds,
): AbsenceStatus {
  const { possible, overallAbsence } = stats;
  if (possible === 0) return { persistent: false, severe: false, band: null };
  const reaches = (percent: number) => reachesPercent(overallAbsence, possible, percent);
  let band: AtRiskBand | null = null;
  for (const candidate of thresholds.atRiskBands) {
    if (
      reaches(candidate.minAbsencePercent) &&
      (band === null || candidate.minAbsencePercent > band.minAbsencePercent)
    ) {
      band = candidate;
    }
  }
  return {
    persistent: reaches(thresholds.persistentAbsencePercent),
    severe: reaches(thresholds.severeAbsencePercent),
    band,
  };
}
