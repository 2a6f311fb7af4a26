/**
 * The codes a trip's marks may use, and the one rule both ends apply to a mark made through a
 * trip: which codes a leader may enter for the trip's pupils (docs/design.md §8.1).
 */
import type { Role, SchoolConfig } from '../config/schoolConfig';

/**
 * The codes a trip can count as: every one is an approved educational activity (AEA), which
 * counts as attendance. `V` is the default.
 */
export const TRIP_CODES = ['V', 'B', 'P', 'W', 'K'] as const;
export type TripCode = (typeof TRIP_CODES)[number];
export const TRIP_CODE_MEANINGS: Readonly<Record<TripCode, string>> = {
  V: 'Educational visit or trip',
  B: 'Other approved supervised educational activity off site',
  P: 'Approved sporting activity',
  W: 'Work experience',
  K: 'Education arranged by the local authority',
};

/**
 * The codes a trip's exceptions become (docs/api.md, "Trips"): `N` for a pupil who is not with
 * the group for a reason the leader cannot establish (did not come, collected early: the office
 * chases it), `I` for the sessions after a pupil went home ill (the leader saw the illness).
 */
export const TRIP_EXCEPTION_CODES = ['N', 'I'] as const;

/** Every code a leader may enter for a trip's pupils and sessions. */
export function tripLeaderCodes(tripCode: string): readonly string[] {
  return [tripCode, ...TRIP_EXCEPTION_CODES];
}

/**
 * The school's rules for a mark made through a trip: the author's role may enter, besides its
 * usual codes, the trip's own codes. Everything else (code sets, reasons for amendments, L/U)
 * stays the school's, so `validateMark` judges a trip mark exactly as it judges any other.
 */
export function schoolForTripMark(
  school: SchoolConfig,
  role: Role,
  tripCode: string,
): SchoolConfig {
  // A governor enters no code, on a trip or anywhere else.
  if (role === 'governor') return school;
  const codes = [...new Set([...school.roleCodes[role], ...tripLeaderCodes(tripCode)])];
  return { ...school, roleCodes: { ...school.roleCodes, [role]: codes } };
}
