/** Staff sessions: one row per sign-in, found by the SHA-256 of the cookie's token. */
import type { Queryable } from '../db/database';
import { hashToken, newToken } from './tokens';

/** Starts a session; returns the token for the cookie (never stored) and when it ends. */
export async function createSession(
  tx: Queryable,
  input: { staffId: string; deviceId: string; schoolId: string; now: Date; ttlHours: number },
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(input.now.getTime() + input.ttlHours * 60 * 60 * 1000);
  await tx.query(
    `INSERT INTO auth_session (token_hash, staff_id, device_id, school_id, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [hashToken(token), input.staffId, input.deviceId, input.schoolId, input.now, expiresAt],
  );
  return { token, expiresAt };
}

export interface SessionRecord {
  readonly tokenHash: string;
  readonly staff: { readonly id: string; readonly name: string; readonly email: string };
  readonly school: { readonly id: string; readonly name: string };
  readonly deviceId: string;
  readonly expiresAt: Date;
}

export type SessionLookup =
  | { readonly ok: true; readonly session: SessionRecord }
  | {
      readonly ok: false;
      readonly why: 'unknown' | 'expired' | 'revoked' | 'device_revoked' | 'staff_disabled';
      /**
       * Set only when the device was revoked but the session is otherwise live (same person, not
       * expired, not signed out): the session that may still deliver the device's queued marks.
       */
      readonly withdrawnSession?: SessionRecord;
    };

/** Finds the live session for a cookie token, or says why there is none. */
export async function findSession(db: Queryable, token: string, now: Date): Promise<SessionLookup> {
  const tokenHash = hashToken(token);
  const { rows } = await db.query<{
    staff_id: string;
    staff_name: string;
    staff_email: string;
    staff_disabled_at: Date | null;
    school_id: string;
    school_name: string;
    device_id: string;
    expires_at: Date;
    revoked_at: Date | null;
    revoked_with_device: boolean;
    device_revoked_at: Date | null;
  }>(
    `SELECT a.staff_id, st.name AS staff_name, st.email AS staff_email, st.disabled_at AS staff_disabled_at,
            a.school_id, sc.name AS school_name, a.device_id, a.expires_at, a.revoked_at,
            a.revoked_with_device, d.revoked_at AS device_revoked_at
       FROM auth_session a
       JOIN staff st ON st.id = a.staff_id
       JOIN school sc ON sc.id = a.school_id
       JOIN device d ON d.device_id = a.device_id
      WHERE a.token_hash = $1`,
    [tokenHash],
  );
  const row = rows[0];
  if (row === undefined) return { ok: false, why: 'unknown' };
  const session: SessionRecord = {
    tokenHash,
    staff: { id: row.staff_id, name: row.staff_name, email: row.staff_email },
    school: { id: row.school_id, name: row.school_name },
    deviceId: row.device_id,
    expiresAt: row.expires_at,
  };
  const live = row.staff_disabled_at === null && row.expires_at.getTime() > now.getTime();
  // Revoking a device also ends its sessions; say the more useful of the two. A session ended
  // only by that revocation is kept aside so the device's queued marks can still be received.
  if (row.device_revoked_at !== null) {
    const endedOnlyByRevocation = row.revoked_at === null || row.revoked_with_device;
    return endedOnlyByRevocation && live
      ? { ok: false, why: 'device_revoked', withdrawnSession: session }
      : { ok: false, why: 'device_revoked' };
  }
  if (row.revoked_at !== null) return { ok: false, why: 'revoked' };
  if (row.staff_disabled_at !== null) return { ok: false, why: 'staff_disabled' };
  if (!live) return { ok: false, why: 'expired' };
  return { ok: true, session };
}

/**
 * Ends the session for a cookie token (no error if it is unknown or already ended). Signing out
 * after the device was revoked still counts as signing out: the session may then no longer
 * deliver the device's queued marks either. The first end time is kept.
 */
export async function revokeSession(db: Queryable, token: string, now: Date): Promise<void> {
  await db.query(
    `UPDATE auth_session SET revoked_at = COALESCE(revoked_at, $2), revoked_with_device = false
      WHERE token_hash = $1 AND (revoked_at IS NULL OR revoked_with_device)`,
    [hashToken(token), now],
  );
}
