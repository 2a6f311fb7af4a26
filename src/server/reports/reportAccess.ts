/**
 * Who may see which pupils in a report (src/shared/api/endpoints/reportEndpoints.ts has the table). `requireRole` has already
 * admitted the person to the route; this decides whether they see the whole school or only the
 * pupils of the groups they teach.
 */
import type { Role } from '../../domain/index';
import type { Queryable } from '../db/database';
import type { AuthContext } from '../http/appEnv';

export interface Viewer {
  readonly staffId: string;
  readonly schoolId: string;
  readonly roles: readonly Role[];
  /** True for the roles the route lets see the whole school. */
  readonly wholeSchool: boolean;
  /** The groups the person takes registers for (what a teacher is narrowed to). */
  readonly groupIds: ReadonlySet<string>;
}

/** The roles that see the whole school on every report route. */
export const LEAD_ROLES: readonly Role[] = ['attendance_lead', 'admin'];
/** Routes the office may use see the whole school for office staff too. */
export const OFFICE_AND_LEAD_ROLES: readonly Role[] = ['office', 'attendance_lead', 'admin'];

export async function viewerOf(
  db: Queryable,
  auth: AuthContext,
  wholeSchoolRoles: readonly Role[],
): Promise<Viewer> {
  const wholeSchool = auth.roles.some((r) => wholeSchoolRoles.includes(r));
  const groupIds = new Set<string>();
  if (!wholeSchool) {
    const { rows } = await db.query<{ group_id: string }>(
      `SELECT sg.group_id FROM staff_group sg JOIN school_group g ON g.id = sg.group_id
        WHERE sg.staff_id = $1 AND g.school_id = $2`,
      [auth.staff.id, auth.school.id],
    );
    for (const r of rows) groupIds.add(r.group_id);
  }
  return {
    staffId: auth.staff.id,
    schoolId: auth.school.id,
    roles: auth.roles,
    wholeSchool,
    groupIds,
  };
}
