/**
 * Enrolled devices (docs/design.md §5). A browser is enrolled at its first sign-in and gets a
 * device token in an HttpOnly cookie. At a later sign-in the device is re-used only when the
 * browser presents BOTH its device id (kept with its outbox in IndexedDB) and the matching token: a
 * browser whose storage was wiped has lost its outbox numbering, so it must start afresh as a new
 * device rather than reuse `last_client_seq` (docs/design.md §7.12).
 */
import { randomUUID } from 'node:crypto';
import type { DeviceSummary } from '../../shared/api/authSchemas';
import type { Queryable } from '../db/database';
import { hashToken, newToken } from './tokens';

export interface DeviceClaim {
  readonly deviceId: string | undefined;
  readonly token: string | undefined;
}

/** The presented device if the claim is proven and the device is not revoked, else null. */
export async function findClaimedDevice(
  db: Queryable,
  claim: DeviceClaim,
): Promise<{ deviceId: string; schoolId: string } | null> {
  if (claim.deviceId === undefined || claim.token === undefined) return null;
  const { rows } = await db.query<{ device_id: string; school_id: string }>(
    `SELECT device_id, school_id FROM device
      WHERE device_id = $1 AND token_hash = $2 AND revoked_at IS NULL`,
    [claim.deviceId, hashToken(claim.token)],
  );
  const row = rows[0];
  return row === undefined ? null : { deviceId: row.device_id, schoolId: row.school_id };
}

/** Enrols a new device; returns its id and the token for the browser's cookie. */
export async function enrolDevice(
  tx: Queryable,
  input: {
    schoolId: string;
    staffId: string;
    label: string | null;
    userAgent: string | null;
    now: Date;
  },
): Promise<{ deviceId: string; token: string }> {
  const deviceId = randomUUID();
  const token = newToken();
  await tx.query(
    `INSERT INTO device (device_id, school_id, enrolled_by, label, user_agent, token_hash, enrolled_at, last_seen_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7)`,
    [
      deviceId,
      input.schoolId,
      input.staffId,
      input.label,
      input.userAgent?.slice(0, 300) ?? null,
      hashToken(token),
      input.now,
    ],
  );
  return { deviceId, token };
}

/** Records a re-used device's sign-in (and a new label, if one was given). */
export async function touchDevice(
  tx: Queryable,
  deviceId: string,
  input: { label: string | null; now: Date },
): Promise<void> {
  await tx.query(
    'UPDATE device SET last_seen_at = $2, label = COALESCE($3, label) WHERE device_id = $1',
    [deviceId, input.now, input.label],
  );
}

const SUMMARY_SQL = `
  SELECT d.device_id, d.name, d.label, d.user_agent, d.enrolled_by, s.name AS enrolled_by_name,
         d.enrolled_at, d.last_seen_at, d.revoked_at, d.last_client_seq
    FROM device d JOIN staff s ON s.id = d.enrolled_by`;

interface SummaryRow {
  device_id: string;
  name: string | null;
  label: string | null;
  user_agent: string | null;
  enrolled_by: string;
  enrolled_by_name: string;
  enrolled_at: Date;
  last_seen_at: Date | null;
  revoked_at: Date | null;
  last_client_seq: number;
}

function toSummary(row: SummaryRow): DeviceSummary {
  return {
    id: row.device_id,
    name: row.name,
    label: row.label,
    userAgent: row.user_agent,
    enrolledBy: { id: row.enrolled_by, name: row.enrolled_by_name },
    enrolledAt: row.enrolled_at.toISOString(),
    lastSeenAt: row.last_seen_at?.toISOString() ?? null,
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastClientSeq: row.last_client_seq,
  };
}

/** The school's devices, active ones first, most recently seen first. */
export async function listDevices(db: Queryable, schoolId: string): Promise<DeviceSummary[]> {
  const { rows } = await db.query<SummaryRow>(
    `${SUMMARY_SQL}
      WHERE d.school_id = $1
      ORDER BY d.revoked_at IS NOT NULL, d.last_seen_at DESC NULLS LAST, d.enrolled_at DESC, d.device_id`,
    [schoolId],
  );
  return rows.map(toSummary);
}

/**
 * Revokes a device of this school and ends its sessions. Revoking twice keeps the first time.
 *
 * @returns the device as it now stands, or null if this school has no such device.
 */
export async function revokeDevice(
  tx: Queryable,
  input: { schoolId: string; deviceId: string; byStaffId: string; now: Date },
): Promise<DeviceSummary | null> {
  const updated = await tx.query(
    `UPDATE device SET revoked_at = COALESCE(revoked_at, $3), revoked_by = COALESCE(revoked_by, $4)
      WHERE device_id = $1 AND school_id = $2`,
    [input.deviceId, input.schoolId, input.now, input.byStaffId],
  );
  if (updated.rowCount === 0) return null;
  await tx.query(
    `UPDATE auth_session SET revoked_at = $2, revoked_with_device = true
      WHERE device_id = $1 AND revoked_at IS NULL`,
    [input.deviceId, input.now],
  );
  const { rows } = await tx.query<SummaryRow>(`${SUMMARY_SQL} WHERE d.device_id = $1`, [
    input.deviceId,
  ]);
  const row = rows[0];
  return row === undefined ? null : toSummary(row);
}

/** What renaming a device came to: the device as it now stands, or why it was not renamed. */
export type RenameOutcome =
  | { readonly kind: 'renamed'; readonly device: DeviceSummary }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'name_taken'; readonly holder: DeviceSummary };

/**
 * Names a device of this school. The name (already trimmed, 1–60 characters) must not be another
 * device's at the school, whatever its case; giving a device its own name again changes nothing.
 */
export async function renameDevice(
  tx: Queryable,
  input: { schoolId: string; deviceId: string; name: string },
): Promise<RenameOutcome> {
  const { rows: holders } = await tx.query<SummaryRow>(
    `${SUMMARY_SQL}
      WHERE d.school_id = $1 AND lower(d.name) = lower($2) AND d.device_id <> $3`,
    [input.schoolId, input.name, input.deviceId],
  );
  const holder = holders[0];
  if (holder !== undefined) return { kind: 'name_taken', holder: toSummary(holder) };
  // The unique index settles two admins giving one name at the same moment: the second fails.
  const updated = await tx.query(
    'UPDATE device SET name = $3 WHERE device_id = $1 AND school_id = $2',
    [input.deviceId, input.schoolId, input.name],
  );
  if (updated.rowCount === 0) return { kind: 'not_found' };
  const { rows } = await tx.query<SummaryRow>(`${SUMMARY_SQL} WHERE d.device_id = $1`, [
    input.deviceId,
  ]);
  const row = rows[0];
  return row === undefined ? { kind: 'not_found' } : { kind: 'renamed', device: toSummary(row) };
}

/**
 * What people call each of these devices of the school: the name an admin gave it, else the
 * label its browser sent at sign-in. A device with neither is left out (screens show a short id).
 */
export async function deviceNames(
  db: Queryable,
  schoolId: string,
  deviceIds: Iterable<string | null>,
): Promise<ReadonlyMap<string, string>> {
  const ids = [...new Set([...deviceIds].filter((id): id is string => id !== null))];
  if (ids.length === 0) return new Map();
  const { rows } = await db.query<{ device_id: string; shown: string | null }>(
    `SELECT device_id, coalesce(name, label) AS shown FROM device
      WHERE school_id = $1 AND device_id = ANY($2::uuid[])`,
    [schoolId, ids],
  );
  return new Map(rows.flatMap((r) => (r.shown === null ? [] : [[r.device_id, r.shown] as const])));
}
