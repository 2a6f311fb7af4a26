/**
 * History at a previous school (from a CTF the school imported): kept apart from this school's
 * register and figures, and counted only where the guidance says a rule spans schools — the
 * penalty-notice threshold's rolling window of school weeks (docs/statutory.md "CTF import").
 */
import type { SchoolConfig, YearGroup } from '../config/schoolConfig';
import { penaltyNoticeStatus, type PenaltyNoticeStatus } from '../stats/penaltyNotice';
import type { StatEntry } from '../stats/statEntry';

const sessionKey = (e: StatEntry): string => `${e.date}|${e.part}`;

/**
 * This school's entries and the previous school's, one per session: where both hold a session
 * (a pupil is on one school's roll at a time, so this is an overlap at the changeover), this
 * school's mark is the one that counts.
 */
export function withPriorSchoolSessions(
  current: readonly StatEntry[],
  priorSchool: readonly StatEntry[],
): StatEntry[] {
  const here = new Set(current.map(sessionKey));
  return [...current, ...priorSchool.filter((e) => !here.has(sessionKey(e)))];
}

/**
 * The penalty-notice threshold over this school's entries and the previous school's: the
 * window of school weeks may span schools, so every week the pupil had a session at the previous
 * school is a school week, and its `G`, `O`, `U` (and `N`) sessions count.
 */
export function penaltyNoticeAcrossSchools(
  current: readonly StatEntry[],
  priorSchool: readonly StatEntry[],
  school: SchoolConfig,
  yearGroup?: YearGroup,
): PenaltyNoticeStatus {
  return penaltyNoticeStatus(
    withPriorSchoolSessions(current, priorSchool),
    school,
    yearGroup,
    priorSchool.map((e) => e.date),
  );
}
