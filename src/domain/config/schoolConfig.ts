/**
 * The typed, already-validated shape of a school's rules (docs/design.md §2). Nothing in the domain
 * takes raw configuration: `parseOrganisationConfig` (parseConfig.ts) turns JSON into these types
 * or into a list of errors, and every rule takes these values as arguments.
 */
import type { LocalDate } from '../time/localDate';
import type { WallTime } from '../time/wallTime';

export type SessionPart = 'AM' | 'PM';
export const SESSION_PARTS: readonly SessionPart[] = ['AM', 'PM'];

/** National year groups: nursery (N1, N2), reception (R), then 1–13. */
export type YearGroup =
  'N1' | 'N2' | 'R' | `${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 | 11 | 12 | 13}`;
export const YEAR_GROUPS: readonly YearGroup[] = [
  'N1',
  'N2',
  'R',
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '13',
];

export type KeyStage = 'EYFS' | 'KS1' | 'KS2' | 'KS3' | 'KS4' | 'KS5';
export const KEY_STAGES: readonly KeyStage[] = ['EYFS', 'KS1', 'KS2', 'KS3', 'KS4', 'KS5'];

/**
 * A person's role at a school. A governor is read-only: they see the school's governor pack and
 * its targets (anonymous figures, no pupil), approve targets, and enter no code on any register.
 */
export type Role = 'teacher' | 'office' | 'attendance_lead' | 'admin' | 'governor';
export const ROLES: readonly Role[] = ['teacher', 'office', 'attendance_lead', 'admin', 'governor'];
/** The roles that take and change registers: every role but governor. */
export type RegisterRole = Exclude<Role, 'governor'>;
export const REGISTER_ROLES: readonly RegisterRole[] = [
  'teacher',
  'office',
  'attendance_lead',
  'admin',
];

/** When one session's register begins and closes, on the school's wall clock. */
export interface SessionTimes {
  readonly start: WallTime;
  readonly registerCloses: WallTime;
}

export interface SessionTimesByPart {
  readonly AM: SessionTimes;
  readonly PM: SessionTimes;
}

/**
 * Times that differ for part of the school (seed 001: Nursery, Reception/KS1 and KS2 each have
 * their own afternoon start). The most specific override wins: group, then year group, then key
 * stage, then the school's own times. Only the parts given are overridden.
 */
export type SessionOverrideScope =
  | { readonly kind: 'keyStage'; readonly keyStage: KeyStage }
  | { readonly kind: 'yearGroup'; readonly yearGroup: YearGroup }
  | { readonly kind: 'group'; readonly groupId: string };

export interface SessionOverride {
  readonly scope: SessionOverrideScope;
  readonly AM?: SessionTimes;
  readonly PM?: SessionTimes;
}

export interface Term {
  readonly name: string;
  readonly start: LocalDate;
  readonly end: LocalDate;
}

/**
 * A planned closure (INSET day, polling day…): its sessions are `#`, not possible sessions.
 * Without `yearGroups` it closes the whole school; `parts` limits it to AM or PM.
 */
export interface Closure {
  readonly name: string;
  readonly from: LocalDate;
  readonly to: LocalDate;
  readonly parts: readonly SessionPart[];
  readonly yearGroups: readonly YearGroup[] | null;
}

export interface AtRiskBand {
  readonly name: string;
  /** The band applies from this overall-absence percentage upward (inclusive). */
  readonly minAbsencePercent: number;
}

export interface Thresholds {
  /** Persistent absence from this overall-absence percentage (DfE: 10, inclusive). */
  readonly persistentAbsencePercent: number;
  /** Severe absence from this overall-absence percentage (DfE: 50, inclusive). */
  readonly severeAbsencePercent: number;
  /** Bands in ascending order of `minAbsencePercent`. */
  readonly atRiskBands: readonly AtRiskBand[];
  readonly attendanceTargetPercent: number;
  /** The late that triggers a letter (e.g. the 4th). */
  readonly latenessLetterCount: number;
  /** Escalation: this many lates within this many school weeks (e.g. 6 in 12). */
  readonly latenessEscalation: { readonly lates: number; readonly schoolWeeks: number };
  /** Penalty-notice threshold: sessions within a rolling number of school weeks (10 in 10). */
  readonly penaltyNotice: { readonly sessions: number; readonly schoolWeeks: number };
  /** `N` is overdue after this many school days (docs/design.md §8.3: default 5). */
  readonly nResolveSchoolDays: number;
  /** When the school must tell its local authority (docs/design.md §8.6). */
  readonly localAuthority: LocalAuthorityThresholds;
  /**
   * Attendance certificates for a period go to pupils at or above these rates (seed 001: 100 %
   * and 98 %), highest first; each pupil gets the highest they reach (docs/design.md §8.10).
   */
  readonly certificatePercents: readonly number[];
  /**
   * Groups of fewer pupils than this are suppressed in anything printed or exported, shown as
   * "fewer than N pupils" (docs/design.md §5 "Pupil characteristics"). Default 6: published
   * school figures suppress groups of 5 or fewer.
   */
  readonly smallGroupMinimum: number;
}

/**
 * The local authority's duty thresholds, in sessions, consecutive or not. The defaults are the
 * national ones (10 school days of unauthorised absence; a 15-day sickness return); an authority
 * may ask for other numbers.
 */
export interface LocalAuthorityThresholds {
  /** Unauthorised absence at which the school informs the local authority (default 20). */
  readonly unauthorisedSessions: number;
  /** Illness at which the pupil goes on the sickness return (default 30). */
  readonly illnessSessions: number;
}

export interface SchoolConfig {
  readonly id: string;
  readonly name: string;
  readonly dfeNumber: string | null;
  /** IANA time zone; register times are wall-clock times here. Default `Europe/London`. */
  readonly timeZone: string;
  readonly sessions: SessionTimesByPart;
  readonly sessionOverrides: readonly SessionOverride[];
  readonly terms: readonly Term[];
  readonly closures: readonly Closure[];
  /** Bank holidays (England and Wales), never school days. */
  readonly bankHolidays: readonly LocalDate[];
  readonly thresholds: Thresholds;
  /** Hours in a school day, to tell parents time missed in days and hours (seed 002). */
  readonly schoolDayHours: number;
  /** The codes each register role may enter (a governor enters none: `codesFor`). */
  readonly roleCodes: Readonly<Record<RegisterRole, readonly string[]>>;
}

export interface OrganisationConfig {
  readonly id: string;
  readonly name: string;
  readonly schools: readonly SchoolConfig[];
}

/** What a rule needs to know about a pupil's registration group. */
export interface GroupRef {
  readonly id: string;
  readonly yearGroup: YearGroup;
}

/** One session of one school day, the unit of the register. */
export interface SessionRef {
  readonly date: LocalDate;
  readonly part: SessionPart;
}

/** `2025-03-04:AM`: the stable key of a session, used on the wire and in storage. */
export type SessionKey = `${string}:${SessionPart}`;

export function sessionKey(session: SessionRef): SessionKey {
  return `${session.date}:${session.part}`;
}

/** The national key stage of a year group. */
export function keyStageOf(yearGroup: YearGroup): KeyStage {
  switch (yearGroup) {
    case 'N1':
    case 'N2':
    case 'R':
      return 'EYFS';
    case '1':
    case '2':
      return 'KS1';
    case '3':
    case '4':
    case '5':
    case '6':
      return 'KS2';
    case '7':
    case '8':
    case '9':
      return 'KS3';
    case '10':
    case '11':
      return 'KS4';
    case '12':
    case '13':
      return 'KS5';
  }
}
