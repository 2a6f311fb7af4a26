/**
 * Duties to the local authority that follow from a pupil's absence (seeds 001 and 004), and the
 * "worse band since the last review" alert. They are counts of sessions compared in whole numbers,
 * like every other threshold, so a pupil exactly at a threshold is always inside it.
 */
import type { LocalAuthorityThresholds, Thresholds } from '../config/schoolConfig';
import type { AttendanceCounts } from './attendanceStats';
import { absenceStatus } from './thresholds';

/** The illness code, the same in the 2006 and 2024 sets. */
export const ILLNESS_CODE = 'I';

export interface LaDuties {
  /** Unauthorised absence reached the school's threshold: inform the local authority. */
  readonly informOfUnauthorised: boolean;
  /** Illness reached the school's threshold: the sickness return is due. */
  readonly sicknessReturn: boolean;
}

/**
 * The duties that follow from a pupil's counts, by the school's configured thresholds
 * (`thresholds.localAuthority`; by default 20 unauthorised sessions, regulation 13 of the 2024
 * registration regulations, and 30 sessions of illness for the sickness return).
 */
export function laDuties(
  counts: { unauthorised: number; illness: number },
  limits: LocalAuthorityThresholds,
): LaDuties {
  return {
    informOfUnauthorised: counts.unauthorised >= limits.unauthorisedSessions,
    sicknessReturn: counts.illness >= limits.illnessSessions,
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
