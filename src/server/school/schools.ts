/** The schools of the person's organisation where they have a role (for the school switcher). */
import { ROLES, type Role } from '../../domain/index';
import type { SchoolListResponse } from '../../shared/api/dataSchemas';
import type { Queryable } from '../db/database';

export async function listSchools(
  db: Queryable,
  staffId: string,
  currentSchoolId: string,
): Promise<SchoolListResponse> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    dfe_number: string | null;
    time_zone: string;
    role: Role;
    organisation_id: string;
    organisation_name: string;
  }>(
    `SELECT s.id, s.name, s.dfe_number, s.time_zone, r.role, o.id AS organisation_id, o.name AS organisation_name
       FROM staff_role r
       JOIN school s ON s.id = r.school_id
       JOIN organisation o ON o.id = s.organisation_id
       JOIN staff st ON st.id = r.staff_id AND st.organisation_id = s.organisation_id
      WHERE r.staff_id = $1
      ORDER BY s.name, s.id`,
    [staffId],
  );
  const schools = new Map<string, SchoolListResponse['schools'][number]>();
  let organisation = { id: '', name: '' };
  for (const row of rows) {
    if (row.id === currentSchoolId)
      organisation = { id: row.organisation_id, name: row.organisation_name };
    const school = schools.get(row.id) ?? {
      id: row.id,
      name: row.name,
      dfeNumber: row.dfe_number,
      timeZone: row.time_zone,
      roles: [],
      current: row.id === currentSchoolId,
    };
    school.roles = ROLES.filter((r) => r === row.role || school.roles.includes(r));
    schools.set(row.id, school);
  }
  return { organisation, schools: [...schools.values()] };
}
