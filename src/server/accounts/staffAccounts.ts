/**
 * The staff of one school as an admin manages them: listing with each account's status, adding
 * one, disabling (it can no longer sign in, its sessions end, its links stop working) and
 * enabling. An account belongs to the organisation; an admin acts on the accounts that hold a
 * role at their own school, and anyone else is "not found" to them.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../domain';
import type { NewStaff, StaffAccount } from '../../shared/api/accountSchemas';
import type { Queryable } from '../db/database';
import { bumpRosterVersion } from '../school/rosterVersion';
import { ApiError } from '../http/apiError';
import { recordAccountEvent } from './accountEvents';

const ROLE_ORDER: readonly Role[] = ['teacher', 'office', 'attendance_lead', 'admin', 'governor'];

interface AccountRow {
  id: string;
  name: string;
  email: string;
  has_password: boolean;
  disabled_at: Date | null;
  roles: Role[];
  link_kind: 'invitation' | 'reset' | null;
  link_expires_at: Date | null;
}

const ACCOUNT_SELECT = `
  SELECT s.id, s.name, s.email, s.password_hash IS NOT NULL AS has_password, s.disabled_at,
         array_agg(r.role) AS roles, l.kind AS link_kind, l.expires_at AS link_expires_at
    FROM staff s
    JOIN staff_role r ON r.staff_id = s.id AND r.school_id = $1
    LEFT JOIN LATERAL (
      SELECT kind, expires_at FROM account_link
       WHERE staff_id = s.id AND used_at IS NULL AND withdrawn_at IS NULL AND expires_at > $2
       ORDER BY created_at DESC LIMIT 1
    ) l ON true`;

function toAccount(row: AccountRow): StaffAccount {
  const link =
    row.link_kind !== null && row.link_expires_at !== null && row.disabled_at === null
      ? { kind: row.link_kind, expiresAt: row.link_expires_at.toISOString() }
      : null;
  let status: StaffAccount['status'] = 'active';
  if (row.disabled_at !== null) status = 'disabled';
  else if (!row.has_password) status = link === null ? 'no_password' : 'invited';
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    roles: ROLE_ORDER.filter((r) => row.roles.includes(r)),
    status,
    link,
    disabledAt: row.disabled_at === null ? null : row.disabled_at.toISOString(),
  };
}

/** Everyone with a role at the school, by name. */
export async function listStaffAccounts(
  db: Queryable,
  schoolId: string,
  now: Date,
): Promise<StaffAccount[]> {
  const { rows } = await db.query<AccountRow>(
    `${ACCOUNT_SELECT}
     GROUP BY s.id, l.kind, l.expires_at
     ORDER BY lower(s.name), s.email`,
    [schoolId, now],
  );
  return rows.map(toAccount);
}

/**
 * One account with a role at the school.
 *
 * @throws ApiError `not_found` when there is none (or it has no role at this school).
 */
export async function getStaffAccount(
  db: Queryable,
  schoolId: string,
  staffId: string,
  now: Date,
): Promise<StaffAccount> {
  const { rows } = await db.query<AccountRow>(
    `${ACCOUNT_SELECT}
     WHERE s.id = $3
     GROUP BY s.id, l.kind, l.expires_at`,
    [schoolId, now, staffId],
  );
  const row = rows[0];
  if (row === undefined) {
    throw new ApiError('not_found', { message: 'Nobody with that id has a role at this school.' });
  }
  return toAccount(row);
}

export interface AccountAction {
  readonly schoolId: string;
  readonly byStaffId: string;
  readonly now: Date;
}

/**
 * Adds a member of staff with roles at the school, without a password: they set one from the
 * link an admin sends. Someone of the same organisation with no role here yet (a trust's
 * teacher joining a second school) gets the roles on their existing account.
 *
 * @throws ApiError `already_exists` when the email has a role here already or belongs to
 *   another organisation.
 */
export async function addStaffAccount(
  tx: Queryable,
  input: NewStaff,
  action: AccountAction,
): Promise<string> {
  const { rows: schools } = await tx.query<{ organisation_id: string }>(
    'SELECT organisation_id FROM school WHERE id = $1',
    [action.schoolId],
  );
  const organisationId = schools[0]?.organisation_id;
  if (organisationId === undefined) throw new Error(`school ${action.schoolId} is missing`);
  const { rows: existing } = await tx.query<{ id: string; organisation_id: string; here: boolean }>(
    `SELECT s.id, s.organisation_id,
            EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.school_id = $2) AS here
       FROM staff s WHERE s.email = $1 FOR UPDATE`,
    [input.email, action.schoolId],
  );
  const found = existing[0];
  if (found !== undefined && (found.here || found.organisation_id !== organisationId)) {
    throw new ApiError('already_exists', {
      message: found.here
        ? `${input.email} already has an account at this school. Change their roles with a staff import, or send them a link from the list.`
        : `${input.email} belongs to an account of another organisation; use the person's address at this school.`,
      details: { issues: [{ path: 'email', message: 'already has an account' }] },
    });
  }
  const id = found?.id ?? randomUUID();
  if (found === undefined) {
    await tx.query(
      'INSERT INTO staff (id, organisation_id, email, name, created_at) VALUES ($1, $2, $3, $4, $5)',
      [id, organisationId, input.email, input.name, action.now],
    );
  }
  await tx.query(
    'INSERT INTO staff_role (staff_id, school_id, role) SELECT $1, $2, r FROM unnest($3::text[]) AS r',
    [id, action.schoolId, input.roles],
  );
  // Tablets list the school's staff in their roster; a new person should reach them.
  await bumpRosterVersion(tx, action.schoolId);
  await recordAccountEvent(tx, { staffId: id, action: 'created', ...action });
  return id;
}

/**
 * Disables an account: sign-in is refused, every live session ends and unused links are
 * withdrawn. Disabling oneself is refused, so a school never locks out its last admin by
 * accident.
 */
export async function disableStaffAccount(
  tx: Queryable,
  staffId: string,
  action: AccountAction,
): Promise<void> {
  if (staffId === action.byStaffId) {
    throw new ApiError('invalid_request', {
      message: 'You cannot disable your own account. Ask another admin to do it.',
      details: { issues: [{ path: 'id', message: 'is your own account' }] },
    });
  }
  const { rows } = await tx.query(
    'UPDATE staff SET disabled_at = $2 WHERE id = $1 AND disabled_at IS NULL RETURNING id',
    [staffId, action.now],
  );
  if (rows.length === 0) return; // already disabled: nothing to do, and no second event
  await tx.query(
    `UPDATE auth_session SET revoked_at = $2, revoked_with_device = false
      WHERE staff_id = $1 AND revoked_at IS NULL`,
    [staffId, action.now],
  );
  await tx.query(
    'UPDATE account_link SET withdrawn_at = $2 WHERE staff_id = $1 AND used_at IS NULL AND withdrawn_at IS NULL',
    [staffId, action.now],
  );
  await recordAccountEvent(tx, { staffId, action: 'disabled', ...action });
}

/** Enables a disabled account; sessions it had stay ended, so the person signs in afresh. */
export async function enableStaffAccount(
  tx: Queryable,
  staffId: string,
  action: AccountAction,
): Promise<void> {
  const { rows } = await tx.query(
    'UPDATE staff SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL RETURNING id',
    [staffId],
  );
  if (rows.length > 0) await recordAccountEvent(tx, { staffId, action: 'enabled', ...action });
}
