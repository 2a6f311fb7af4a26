/**
 * What a school gets when its configuration leaves a setting out. The numbers are the national
 * ones (docs/design.md §8.3, §8.6); the lateness letter and escalation follow the seed policies.
 */
import { CODE_STRINGS_2024 } from '../codes/attendanceCodes';
import type { RegisterRole, Thresholds } from './schoolConfig';

export const DEFAULT_TIME_ZONE = 'Europe/London';

/** Hours in a school day, used to tell parents time missed in days and hours (seed 002). */
export const DEFAULT_SCHOOL_DAY_HOURS = 6.5;

/** The longest a register may stay open after it starts before we warn (docs/design.md §8.2). */
export const MAX_REGISTER_OPEN_MINUTES = 30;

export const DEFAULT_THRESHOLDS: Thresholds = Object.freeze({
  persistentAbsencePercent: 10,
  severeAbsencePercent: 50,
  atRiskBands: Object.freeze([
    Object.freeze({ name: 'At risk', minAbsencePercent: 5 }),
    Object.freeze({ name: 'Persistent', minAbsencePercent: 10 }),
    Object.freeze({ name: 'Severe', minAbsencePercent: 50 }),
  ]),
  attendanceTargetPercent: 96,
  latenessLetterCount: 4,
  latenessEscalation: Object.freeze({ lates: 6, schoolWeeks: 12 }),
  penaltyNotice: Object.freeze({ sessions: 10, schoolWeeks: 10 }),
  nResolveSchoolDays: 5,
  // Regulation 13 of the 2024 registration regulations: inform the local authority at 10 school
  // days of unauthorised absence (20 sessions); the sickness return at 15 days of illness (30).
  localAuthority: Object.freeze({ unauthorisedSessions: 20, illnessSessions: 30 }),
  // Seed 001 awards certificates at 100 % and 98 % attendance.
  certificatePercents: Object.freeze([100, 98]),
  // The DfE's school performance tables suppress groups of 5 or fewer pupils (docs/design.md §5).
  smallGroupMinimum: 6,
});

/**
 * A teacher marks what happens in the classroom and on trips: present, late, `U`, `N` and the
 * off-site educational codes. Reasons for absence are the office's job, so office staff and
 * above may enter every 2024 code.
 */
export const DEFAULT_ROLE_CODES: Readonly<Record<RegisterRole, readonly string[]>> = Object.freeze({
  teacher: Object.freeze(['/', '\\', 'L', 'U', 'N', 'B', 'V', 'P', 'W', 'K']),
  office: CODE_STRINGS_2024,
  attendance_lead: CODE_STRINGS_2024,
  admin: CODE_STRINGS_2024,
});
