/**
 * Whose absence reasons a signed-in person may read (docs/api.md, "Who reads reasons").
 *
 * A reason typed with an amendment is often health or family information ("hospital
 * appointment", "bereavement"). Office staff, the attendance lead and admins act for the whole
 * school and read every reason. A teacher reads the reasons and the history of the pupils whose
 * registers are theirs: pupils in the groups they take today (`staff_group`) and pupils on a
 * trip they lead (until `LEADING_KEEP_DAYS` after it ends, as long as the trip stays on their
 * tablet), plus any reason they wrote themselves. Every teacher may still take any group's
 * register (cover is not assigned ahead, so the register picker offers every group): for that
 * the tablet needs the codes, which every role keeps, and not the reasons.
 */
import { addDays, LEADING_KEEP_DAYS, toSchoolWallClock, type Role } from '../../domain/index';
import type { Queryable } from '../db/database';
import type { AuthContext } from '../http/appEnv';
import { loadSchoolRow, schoolConfigOf } from '../school/schoolRules';

/** Roles that read every reason at their school. */
export const WHOLE_SCHOOL_READERS: readonly Role[] = ['office', 'attendance_lead', 'admin'];

export type ReasonReader =
  | { readonly wholeSchool: true }
  | {
      readonly wholeSchool: false;
      readonly staffId: string;
      /** The pupils whose reasons and history this teacher may read. */
      readonly pupilIds: ReadonlySet<string>;
    };

export async function reasonReaderOf(
  db: Queryable,
  auth: Pick<AuthContext, 'staff' | 'school' | 'roles'>,
  now: Date,
): Promise<ReasonReader> {
  if (auth.roles.some((role) => WHOLE_SCHOOL_READERS.includes(role))) return { wholeSchool: true };
  const { timeZone } = schoolConfigOf(await loadSchoolRow(db, auth.school.id), now);
  const today = toSchoolWallClock(now, timeZone).date;
  const { rows } = await db.query<{ pupil_id: string }>(
    `SELECT m.pupil_id
       FROM group_membership m
       JOIN staff_group sg ON sg.group_id = m.group_id AND sg.staff_id = $1
       JOIN school_group g ON g.id = m.group_id AND g.school_id = $2
      WHERE m.from_date <= $3 AND (m.to_date IS NULL OR m.to_date >= $3)
     UNION
     SELECT tp.pupil_id
       FROM trip_pupil tp
       JOIN trip_leader tl ON tl.trip_id = tp.trip_id AND tl.staff_id = $1
       JOIN trip t ON t.id = tp.trip_id AND t.school_id = $2
      WHERE t.last_date >= $4`,
    [auth.staff.id, auth.school.id, today, addDays(today, -LEADING_KEEP_DAYS)],
  );
  return {
    wholeSchool: false,
    staffId: auth.staff.id,
    pupilIds: new Set(rows.map((r) => r.pupil_id)),
  };
}

/** Whether `reader` may read this pupil's reasons and history. */
export function readsPupil(reader: ReasonReader, pupilId: string): boolean {
  return reader.wholeSchool || reader.pupilIds.has(pupilId);
}

/**
 * The reason as `reader` may see it: null (as for a mark with no reason) when it is withheld.
 * Null rather than a missing field, because tablets running an earlier build parse pulled events
 * strictly and would refuse a page whose events lack the field.
 */
export function reasonFor(
  reader: ReasonReader,
  event: {
    readonly pupilId: string;
    readonly actorStaffId: string;
    readonly reason: string | null;
  },
): string | null {
  if (event.reason === null || readsPupil(reader, event.pupilId)) return event.reason;
  return !reader.wholeSchool && event.actorStaffId === reader.staffId ? event.reason : null;
}
