/**
 * What every office endpoint shares: who is acting (name and role copied into the record), the
 * school's parsed rules and its "today", and the pupils on roll with their group on a day.
 */
import {
  isOnRoll,
  longDate,
  lookupCode,
  toSchoolWallClock,
  type LocalDate,
  type Role,
  type SchoolConfig,
  type YearGroup,
} from '../../domain/index';
import type { OfficeActor } from '../../shared/api/officeSchemas';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import type { AuthContext } from '../http/appEnv';
import { loadSchoolRow, schoolConfigOf, schoolConfigOn } from '../school/schoolRules';

/** The roles that may use the office endpoints. */
export const OFFICE_ROLES: readonly Role[] = ['office', 'attendance_lead', 'admin'];

// The role a record shows for someone with several: the one they act in at the office.
const ROLE_PREFERENCE: readonly Role[] = ['office', 'attendance_lead', 'admin', 'teacher'];

/** The signed-in person as an office record stores them. */
export function actorOf(auth: AuthContext): OfficeActor {
  const role = ROLE_PREFERENCE.find((r) => auth.roles.includes(r)) ?? 'teacher';
  return { staffId: auth.staff.id, name: auth.staff.name, role };
}

/**
 * The school's configuration in force on a day (a session's rules are those of its own day), or
 * today when given the current instant.
 */
export async function loadSchoolConfig(
  db: Queryable,
  schoolId: string,
  on: LocalDate | Date,
): Promise<SchoolConfig> {
  const row = await loadSchoolRow(db, schoolId);
  return on instanceof Date ? schoolConfigOf(row, on) : schoolConfigOn(row, on);
}

/** The day it is at the school now. */
export function schoolToday(school: SchoolConfig, now: Date): LocalDate {
  return toSchoolWallClock(now, school.timeZone).date;
}

export interface RollPupil {
  readonly id: string;
  /** "Forename Surname", preferred names first. */
  readonly name: string;
  /** "Surname, Forename", for sorting and printed lists. */
  readonly sortName: string;
  readonly groupId: string;
  readonly groupName: string;
  readonly yearGroup: YearGroup;
}

interface PupilNameRow {
  id: string;
  forename: string;
  surname: string;
}

const NAME_COLUMNS = `coalesce(p.preferred_forename, p.legal_forename) AS forename,
  coalesce(p.preferred_surname, p.legal_surname) AS surname`;

function namesOf(row: PupilNameRow): { name: string; sortName: string } {
  return { name: `${row.forename} ${row.surname}`, sortName: `${row.surname}, ${row.forename}` };
}

export function compareText(a: string, b: string): number {
  return a.localeCompare(b, 'en-GB');
}

/**
 * Pupils on the school's roll on `date`, each with the group they were in that day, sorted by
 * group name and then surname.
 */
export async function pupilsOnRoll(
  db: Queryable,
  schoolId: string,
  date: LocalDate,
): Promise<RollPupil[]> {
  const { rows } = await db.query<
    PupilNameRow & { group_id: string; group_name: string; year_group: YearGroup }
  >(
    `SELECT DISTINCT ON (p.id) p.id, ${NAME_COLUMNS}, g.id AS group_id, g.name AS group_name, g.year_group
       FROM pupil p
       JOIN group_membership m ON m.pupil_id = p.id AND m.from_date <= $2
                              AND (m.to_date IS NULL OR m.to_date >= $2)
       JOIN school_group g ON g.id = m.group_id
      WHERE p.school_id = $1 AND p.on_roll_from <= $2 AND (p.on_roll_to IS NULL OR p.on_roll_to >= $2)
      ORDER BY p.id, m.from_date DESC`,
    [schoolId, date],
  );
  return rows
    .map((r) => ({
      id: r.id,
      ...namesOf(r),
      groupId: r.group_id,
      groupName: r.group_name,
      yearGroup: r.year_group,
    }))
    .sort((a, b) => compareText(a.groupName, b.groupName) || compareText(a.sortName, b.sortName));
}

export interface PupilAtSchool {
  readonly id: string;
  readonly name: string;
  readonly sortName: string;
  readonly groupId: string | null;
  readonly groupName: string | null;
  readonly yearGroup: YearGroup | null;
  /** Admission and leaving dates (the domain's isOnRoll reads them). */
  readonly onRollFrom: LocalDate;
  readonly onRollTo: LocalDate | null;
}

/**
 * Names and groups of pupils of this school, the group as it was on `date` (or the latest). Ids of
 * other schools' pupils are simply absent from the answer.
 */
export async function pupilsById(
  db: Queryable,
  schoolId: string,
  ids: readonly string[],
  date: LocalDate | null,
): Promise<Map<string, PupilAtSchool>> {
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<
    PupilNameRow & {
      group_id: string | null;
      group_name: string | null;
      year_group: YearGroup | null;
      on_roll_from: LocalDate;
      on_roll_to: LocalDate | null;
    }
  >(
    `SELECT DISTINCT ON (p.id) p.id, ${NAME_COLUMNS}, g.id AS group_id, g.name AS group_name, g.year_group,
            to_char(p.on_roll_from, 'YYYY-MM-DD') AS on_roll_from, to_char(p.on_roll_to, 'YYYY-MM-DD') AS on_roll_to
       FROM pupil p
       LEFT JOIN group_membership m ON m.pupil_id = p.id
                              AND ($3::date IS NULL OR (m.from_date <= $3 AND (m.to_date IS NULL OR m.to_date >= $3)))
       LEFT JOIN school_group g ON g.id = m.group_id
      WHERE p.school_id = $1 AND p.id = ANY($2::uuid[])
      ORDER BY p.id, m.from_date DESC NULLS LAST`,
    [schoolId, [...new Set(ids)], date],
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        id: r.id,
        ...namesOf(r),
        groupId: r.group_id,
        groupName: r.group_name,
        yearGroup: r.year_group,
        onRollFrom: r.on_roll_from,
        onRollTo: r.on_roll_to,
      },
    ]),
  );
}

/** One pupil of this school, or a 404 that does not say whether the id exists elsewhere. */
export async function pupilOfSchool(
  db: Queryable,
  schoolId: string,
  pupilId: string,
  date: LocalDate | null,
): Promise<PupilAtSchool> {
  const pupil = (await pupilsById(db, schoolId, [pupilId], date)).get(pupilId);
  if (pupil === undefined) {
    throw new ApiError('not_found', { message: 'This school has no pupil with that id.' });
  }
  // Nothing is recorded for a day the pupil was not on the admission register.
  if (date !== null && !isOnRoll(pupil, date)) {
    const span = `on roll from ${longDate(pupil.onRollFrom)}${pupil.onRollTo === null ? '' : ` to ${longDate(pupil.onRollTo)}`}`;
    throw new ApiError('invalid_request', {
      message: `${pupil.name} is not on roll on ${longDate(date)} (${span}), so nothing can be recorded for them that day.`,
    });
  }
  return pupil;
}

/** How a code counts on the office's screens. */
export type CodeGroup =
  'present' | 'late' | 'late_after_close' | 'absent' | 'off_site_education' | 'not_required';

/** Sorts a code into the office's counts by its statistical category (never a hand list). */
export function codeGroupOf(code: string, date: LocalDate): CodeGroup {
  if (code === 'L') return 'late';
  if (code === 'U') return 'late_after_close';
  const known = lookupCode(code, date);
  // Entries are validated before they are stored; an unknown code is counted as absent so that
  // it is looked at rather than hidden.
  if (known === null) return 'absent';
  switch (known.category) {
    case 'PRESENT':
      return 'present';
    case 'AEA':
      return 'off_site_education';
    case 'AUTH':
    case 'UNAUTH':
      return 'absent';
    case 'NOT_POSSIBLE':
    case 'NOT_ABSENT_BUT_POSSIBLE':
      return 'not_required';
  }
}

/** An instant column as the wire wants it. */
export function isoOf(value: Date): string {
  return value.toISOString();
}
