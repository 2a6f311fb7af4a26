/** Reading staff accounts and their roles for sign-in and session checks. */
import { ROLES } from '../../domain';
import type { Role } from '../../domain';
import type { SchoolRole } from '../../shared/api/authSchemas';
import type { Queryable } from '../db/database';

export interface StaffRecord {
  readonly id: string;
  readonly name: string;
  readonly email: string;
  readonly passwordHash: string | null;
  readonly disabledAt: Date | null;
}

/** The account with this (already lower-cased) email, or null. */
export async function findStaffByEmail(db: Queryable, email: string): Promise<StaffRecord | null> {
  const { rows } = await db.query<{
    id: string;
    name: string;
    email: string;
    password_hash: string | null;
    disabled_at: Date | null;
  }>('SELECT id, name, email, password_hash, disabled_at FROM staff WHERE email = $1', [email]);
  const row = rows[0];
  if (row === undefined) return null;
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    passwordHash: row.password_hash,
    disabledAt: row.disabled_at,
  };
}

/** Every role the person has, ordered by school name and then teacher → admin. */
export async function rolesOfStaff(db: Queryable, staffId: string): Promise<SchoolRole[]> {
  const { rows } = await db.query<{ school_id: string; school_name: string; role: Role }>(
    `SELECT r.school_id, s.name AS school_name, r.role
       FROM staff_role r JOIN school s ON s.id = r.school_id
      WHERE r.staff_id = $1`,
    [staffId],
  );
  return rows
    .map((r) => ({ schoolId: r.school_id, schoolName: r.school_name, role: r.role }))
    .sort(
      (a, b) =>
        a.schoolName.localeCompare(b.schoolName, 'en-GB') ||
        a.schoolId.localeCompare(b.schoolId) ||
        ROLES.indexOf(a.role) - ROLES.indexOf(b.role),
    );
}
