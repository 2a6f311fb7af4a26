/**
 * Duties to the local authority that follow from a pupil's absence (seeds 001 and 004), and the
 * "worse band since the last review" alert. They are counts of sessions compared in whole numbers,
 * like every other threshold, so a pupil exactly at a threshold is always inside it.
 */
import type { Thresholds } from '../config/schoolConfig';
import type { AttendanceCounts } from './attendanceStats';
import { absenceStatus } from './thresholds';

/**
 * Regulation 13 of the 2024 registration regulations (seed 004): the school informs the local
 * authority when unauthorised absence reaches 10 school days, consecutive or not: 20 sessions.
 */
export const LA_UNAUTHORISED_SESSIONS = 20;

/** The local authority's sickness return: 15 school days of illness, consecutive or not (seeds 001, 004). */
export const LA_ILLNESS_SESSIONS = 30;

/** The illness code, the same in the 2006 and 2024 sets. */
export const ILLNESS_CODE = 'I';

export interface LaDuties {
  /** Unauthorised absence reached {@link LA_UNAUTHORISED_SESSIONS}: inform the local authority. */
  readonly informOfUnauthorised: boolean;
  /** Illness reached {@link LA_ILLNESS_SESSIONS}: the sickness return is due. */
  readonly sicknessReturn: boolean;
}

export function laDuties(counts: { unauthorised: number; illness: number }): LaDuties {
  return {
    informOfUnauthorised: counts.unauthorised >= LA_UNAUTHORISED_SESSIONS,
    sicknessReturn: counts.illness >= LA_ILLNESS_SESSIONS,
  };
}

/**
 * How far up the school's ladder of concern a pupil's absence is: 0 below every step; each
 * configured at-risk band, persistent absence and severe absence is a step, ordered by the
 * absence rate it starts at.
 */
export interface AbsenceLevel {
  readonly rank: number;
  /** "At risk", "Persistent absence", "Severe absence"…, or null below every step. */
  readonly name: string | null;
}

// Persistent and severe absence are steps even when no band is configured at their rate; a band
// configured at the same rate names the step itself (the default bands "Persistent", "Severe").
function stepsOf(thresholds: Thresholds): { minAbsencePercent: number; name: string }[] {
  const steps = thresholds.atRiskBands.map((b) => ({
    minAbsencePercent: b.minAbsencePercent,
    name: b.name,
  }));
  const builtIn = [
    { minAbsencePercent: thresholds.persistentAbsencePercent, name: 'Persistent absence' },
    { minAbsencePercent: thresholds.severeAbsencePercent, name: 'Severe absence' },
  ];
  for (const step of builtIn) {
    if (!steps.some((s) => s.minAbsencePercent === step.minAbsencePercent)) steps.push(step);
  }
  return steps.sort((a, b) => a.minAbsencePercent - b.minAbsencePercent);
}

/** The pupil's step, decided by `absenceStatus` one step at a time (inclusive, in integers). */
export function absenceLevel(
  stats: Pick<AttendanceCounts, 'possible' | 'overallAbsence'>,
  thresholds: Thresholds,
): AbsenceLevel {
  let level: AbsenceLevel = { rank: 0, name: null };
  stepsOf(thresholds).forEach((step, i) => {
    const reached = absenceStatus(stats, {
      ...thresholds,
      persistentAbsencePercent: step.minAbsencePercent,
    }).persistent;
    if (reached) level = { rank: i + 1, name: step.name };
  });
  return level;
}

/**
 * Whether absence has moved to a worse step since the review. A pupil with no possible session
 * by the review had no rate to judge then, so nothing can have "fallen" since.
 */
export function fellThroughBand(
  atReview: Pick<AttendanceCounts, 'possible' | 'overallAbsence'>,
  now: Pick<AttendanceCounts, 'possible' | 'overallAbsence'>,
  thresholds: Thresholds,
): boolean {
  if (atReview.possible === 0) return false;
  return absenceLevel(now, thresholds).rank > absenceLevel(atReview, thresholds).rank;
}
