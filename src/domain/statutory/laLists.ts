/**
 * What the school must tell its local authority, and by when (docs/statutory.md, "Local
 * authority"). Each rule takes the admission register's facts and the register's entries and
 * answers a list row; the server reads the facts, the screens show the rows, and the school
 * records when it sent each list.
 *
 * - Admissions: within five school days of adding a pupil's name to the admission register, except
 *   for pupils admitted at the start of the school's youngest year.
 * - Deletions, with the ground: as soon as the ground is met and no later than the deletion itself,
 *   except at a standard transition (the pupil finished the school's oldest year).
 * - Unauthorised absence: pupils with 10 school days (20 sessions, consecutive or not) of
 *   unauthorised absence in the school year so far (the school's configured threshold).
 * - Continuous absence: runs of at least 20 school days (40 sessions) of unauthorised absence.
 * - Children missing education: pupils deleted because they could not be found or moved away
 *   with no school known, and pupils on roll whose unauthorised absence has run 20 school days.
 */
import { addSchoolDays } from '../calendar/schoolDays';
import { academicYearOf } from '../calendar/schoolAge';
import { lookupCode } from '../codes/attendanceCodes';
import type { SchoolConfig, SessionRef, YearGroup } from '../config/schoolConfig';
import { YEAR_GROUPS } from '../config/schoolConfig';
import type { DeletionGround } from '../roll/deletionGrounds';
import { compareStatEntries, type StatEntry } from '../stats/statEntry';
import type { LocalDate } from '../time/localDate';

export const LA_LISTS = [
  'admissions',
  'deletions',
  'unauthorised',
  'continuous',
  'missing',
  'partTime',
] as const;
export type LaList = (typeof LA_LISTS)[number];

export const LA_LIST_TITLES: Readonly<Record<LaList, string>> = {
  admissions: 'Admissions',
  deletions: 'Deletions',
  unauthorised: '10 days’ unauthorised absence',
  continuous: '20 days’ continuous absence',
  missing: 'Children missing education',
  partTime: 'Part-time timetables',
};

/** Working days the school has to tell the authority of an admission. */
export const ADMISSION_NOTICE_SCHOOL_DAYS = 5;
/** 20 school days of continuous unauthorised absence, in sessions. */
export const CONTINUOUS_ABSENCE_SESSIONS = 40;

/** What the admission register holds about a pupil, as these rules need it. */
export interface LaRollPupil {
  readonly id: string;
  readonly onRollFrom: LocalDate;
  readonly onRollTo: LocalDate | null;
  readonly leavingGrounds: DeletionGround | null;
  readonly yearGroup: YearGroup | null;
}

/** When a notice is due, whether the date is an estimate (outside the term dates), or none. */
export type NoticeDue =
  | { readonly required: true; readonly dueBy: LocalDate; readonly isEstimate: boolean }
  | { readonly required: false; readonly why: string };

const yearIndex = (y: YearGroup): number => YEAR_GROUPS.indexOf(y);

/** The school's youngest and oldest year groups among those given (its groups). */
export function yearGroupSpan(
  yearGroups: Iterable<YearGroup>,
): { youngest: YearGroup; oldest: YearGroup } | null {
  const sorted = [...new Set(yearGroups)].sort((a, b) => yearIndex(a) - yearIndex(b));
  const youngest = sorted[0];
  const oldest = sorted[sorted.length - 1];
  return youngest === undefined || oldest === undefined ? null : { youngest, oldest };
}

/** The first and last day of the configured terms of the academic year of `date`, if any. */
export function schoolYearBounds(
  school: SchoolConfig,
  date: LocalDate,
): { first: LocalDate; last: LocalDate } | null {
  const year = academicYearOf(date);
  const terms = school.terms.filter((t) => academicYearOf(t.start) === year);
  if (terms.length === 0) return null;
  return {
    first: terms.reduce((d, t) => (t.start < d ? t.start : d), terms[0]?.start ?? date),
    last: terms.reduce((d, t) => (t.end > d ? t.end : d), terms[0]?.end ?? date),
  };
}

/** When the authority must hear of the pupil's admission. */
export function admissionNotice(
  pupil: LaRollPupil,
  school: SchoolConfig,
  span: { youngest: YearGroup } | null,
): NoticeDue {
  const bounds = schoolYearBounds(school, pupil.onRollFrom);
  if (
    span !== null &&
    pupil.yearGroup === span.youngest &&
    bounds !== null &&
    pupil.onRollFrom <= bounds.first
  )
    return {
      required: false,
      why: 'Admitted at the start of the school’s youngest year: the authority already knows.',
    };
  const due = addSchoolDays(school, pupil.onRollFrom, ADMISSION_NOTICE_SCHOOL_DAYS);
  return { required: true, dueBy: due.date, isEstimate: due.isEstimate };
}

/** When the authority must hear of the pupil's deletion (null while the pupil is on roll). */
export function deletionNotice(
  pupil: LaRollPupil,
  school: SchoolConfig,
  span: { oldest: YearGroup } | null,
): NoticeDue | null {
  if (pupil.onRollTo === null) return null;
  const bounds = schoolYearBounds(school, pupil.onRollTo);
  if (
    span !== null &&
    pupil.yearGroup === span.oldest &&
    bounds !== null &&
    pupil.onRollTo >= bounds.last
  )
    return {
      required: false,
      why: 'Left at the end of the school’s oldest year (a standard transition).',
    };
  return { required: true, dueBy: pupil.onRollTo, isEstimate: false };
}

const categoryOf = (entry: StatEntry) => lookupCode(entry.code, entry.date)?.category ?? null;

/** Unauthorised sessions among `entries` (the register's current codes). */
export function unauthorisedSessions(entries: Iterable<StatEntry>): number {
  let n = 0;
  for (const e of entries) if (categoryOf(e) === 'UNAUTH') n += 1;
  return n;
}

/** A run of consecutive unauthorised sessions. */
export interface AbsenceRun {
  readonly from: SessionRef;
  readonly to: SessionRef;
  readonly sessions: number;
  /** The run reaches the pupil's latest possible session: the pupil has not been back since. */
  readonly ongoing: boolean;
}

/**
 * Runs of at least `minSessions` unauthorised sessions in a row. A session that is not a
 * possible session (a closure `#`, `Y1`…, not on roll) neither breaks nor lengthens a run; any
 * other possible session (present, approved activity, authorised absence) ends it. Sessions with
 * no entry are not seen, so an unmarked session does not break a run.
 */
export function unauthorisedRuns(entries: Iterable<StatEntry>, minSessions: number): AbsenceRun[] {
  const sorted = [...entries].sort(compareStatEntries);
  const runs: AbsenceRun[] = [];
  let start: StatEntry | null = null;
  let last: StatEntry | null = null;
  let length = 0;
  const close = (ongoing: boolean) => {
    if (start !== null && last !== null && length >= minSessions)
      runs.push({
        from: { date: start.date, part: start.part },
        to: { date: last.date, part: last.part },
        sessions: length,
        ongoing,
      });
    start = null;
    last = null;
    length = 0;
  };
  for (const entry of sorted) {
    const code = lookupCode(entry.code, entry.date);
    if (code === null || !code.possible) continue;
    if (code.category === 'UNAUTH') {
      if (start === null) start = entry;
      last = entry;
      length += 1;
    } else {
      close(false);
    }
  }
  close(true);
  return runs;
}

/** Why a pupil is on the children-missing-education list, or null. */
export type MissingReason = 'deleted-missing' | 'deleted-moved-away' | 'absent-20-days';

export const MISSING_REASON_TEXT: Readonly<Record<MissingReason, string>> = {
  'deleted-missing':
    'Deleted after 20 school days’ absence: could not be found after reasonable enquiries',
  'deleted-moved-away': 'Deleted as moved away: no new school is recorded',
  'absent-20-days': 'On roll, absent without authorisation for 20 school days in a row',
};

export function missingReasonOf(
  pupil: LaRollPupil,
  runs: readonly AbsenceRun[],
): MissingReason | null {
  if (pupil.leavingGrounds === 'missing') return 'deleted-missing';
  if (pupil.leavingGrounds === 'moved_away') return 'deleted-moved-away';
  if (pupil.onRollTo === null && runs.some((r) => r.ongoing)) return 'absent-20-days';
  return null;
}
