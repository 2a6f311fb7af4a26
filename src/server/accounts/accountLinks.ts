/**
 * Links to set a password: an invitation for an account without one, a reset for one that has
 * one (the old password works until the link is used). A link is a 256-bit token in the URL's
 * fragment; only its SHA-256 is stored. It works once, until it expires (7 days for an
 * invitation, 24 hours for a reset: docs/reliability.md, "Staff account links"), and a newer link, disabling the account
 * or using it withdraws every other.
 */
import {
  INVITATION_LIFETIME_HOURS,
  RESET_LIFETIME_HOURS,
  SET_PASSWORD_PAGE_PATH,
  type LinkCheckResponse,
} from '../../shared/api/accountSchemas';
import { hashPassword, type PasswordParams } from '../auth/password';
import { hashToken, newToken } from '../auth/tokens';
import type { Database, Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import type { Mailer } from '../mail/mailer';
import { MailError } from '../mail/mailer';
import { checkNewPassword } from '../auth/passwordStrength';
import { recordAccountEvent } from './accountEvents';
import { linkEmail } from './linkEmail';
import type { LinkKind } from './linkKind';

const HOUR_MS = 60 * 60 * 1000;

export interface IssuedLink {
  readonly kind: LinkKind;
  readonly delivery: 'email' | 'shown';
  /** The link itself when it is shown to the admin; null when it went by email. */
  readonly link: string | null;
  readonly expiresAt: Date;
}

/**
 * Makes a new link for a person at the admin's school and emails it, or (no mailer) returns it
 * for the admin to hand over. The email goes first: when it fails nothing is written, and the
 * person's earlier link (if any) still works.
 *
 * @throws ApiError `not_found`, `account_disabled`, or `mail_failed` saying why.
 */
export async function issueAccountLink(
  db: Database,
  mailer: Mailer | null,
  input: { staffId: string; schoolId: string; byStaffId: string; baseUrl: string; now: Date },
): Promise<IssuedLink> {
  const { rows } = await db.query<{
    name: string;
    email: string;
    has_password: boolean;
    disabled_at: Date | null;
    school_name: string;
    time_zone: string;
  }>(
    `SELECT s.name, s.email, s.password_hash IS NOT NULL AS has_password, s.disabled_at,
            sc.name AS school_name, sc.time_zone
       FROM staff s JOIN school sc ON sc.id = $2
      WHERE s.id = $1 AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.school_id = $2)`,
    [input.staffId, input.schoolId],
  );
  const person = rows[0];
  if (person === undefined) {
    throw new ApiError('not_found', { message: 'Nobody with that id has a role at this school.' });
  }
  if (person.disabled_at !== null) {
    throw new ApiError('account_disabled', {
      message: `${person.name}’s account is disabled. Enable it first, then send a link.`,
    });
  }
  const kind: LinkKind = person.has_password ? 'reset' : 'invitation';
  const hours = kind === 'invitation' ? INVITATION_LIFETIME_HOURS : RESET_LIFETIME_HOURS;
  const expiresAt = new Date(input.now.getTime() + hours * HOUR_MS);
  const token = newToken();
  const link = `${input.baseUrl.replace(/\/$/, '')}${SET_PASSWORD_PAGE_PATH}#${token}`;

  const delivery = mailer === null ? 'shown' : 'email';
  if (mailer !== null) {
    try {
      await mailer.send(linkEmail({ kind, link, expiresAt, ...person }));
    } catch (err) {
      if (!(err instanceof MailError)) throw err;
      throw new ApiError('mail_failed', {
        message: `The email to ${person.email} could not be sent: ${err.message}. No link was made; try again, or ask whoever runs the server to check SMTP_HOST and the other mail settings.`,
      });
    }
  }
  await db.transaction(async (tx) => {
    await withdrawLiveLinks(tx, input.staffId, input.now);
    await tx.query(
      `INSERT INTO account_link (token_hash, staff_id, kind, created_by, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [hashToken(token), input.staffId, kind, input.byStaffId, input.now, expiresAt],
    );
    await recordAccountEvent(tx, {
      staffId: input.staffId,
      action: kind === 'invitation' ? 'invitation_sent' : 'reset_sent',
      byStaffId: input.byStaffId,
      schoolId: input.schoolId,
      now: input.now,
      delivery,
    });
  });
  return { kind, delivery, link: delivery === 'shown' ? link : null, expiresAt };
}

async function withdrawLiveLinks(tx: Queryable, staffId: string, now: Date): Promise<void> {
  await tx.query(
    'UPDATE account_link SET withdrawn_at = $2 WHERE staff_id = $1 AND used_at IS NULL AND withdrawn_at IS NULL',
    [staffId, now],
  );
}

interface LiveLink {
  staff_id: string;
  kind: LinkKind;
  expires_at: Date;
  name: string;
  email: string;
}

async function findLiveLink(
  db: Queryable,
  token: string,
  now: Date,
  lock: boolean,
): Promise<LiveLink> {
  const { rows } = await db.query<LiveLink>(
    `SELECT l.staff_id, l.kind, l.expires_at, s.name, s.email
       FROM account_link l JOIN staff s ON s.id = l.staff_id
      WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.withdrawn_at IS NULL
        AND l.expires_at > $2 AND s.disabled_at IS NULL
      ${lock ? 'FOR UPDATE OF l' : ''}`,
    [hashToken(token), now],
  );
  const link = rows[0];
  if (link === undefined) throw new ApiError('link_invalid');
  return link;
}

/** Whose link this is, for the page to greet them; `link_invalid` (410) when it does not work. */
export async function checkAccountLink(
  db: Queryable,
  token: string,
  now: Date,
): Promise<LinkCheckResponse> {
  const link = await findLiveLink(db, token, now, false);
  return {
    kind: link.kind,
    name: link.name,
    email: link.email,
    expiresAt: link.expires_at.toISOString(),
  };
}

/**
 * Sets the password from a link and spends it. A reset also ends the person's sessions
 * everywhere: whoever knew the old password is signed out.
 *
 * @throws ApiError `link_invalid`, or `invalid_request` for a guessable password.
 */
export async function setPasswordFromLink(
  db: Database,
  input: { token: string; password: string; now: Date; passwordParams: PasswordParams },
): Promise<{ email: string }> {
  const first = await findLiveLink(db, input.token, input.now, false);
  await checkNewPassword(input.password, 'password', first);
  const passwordHash = await hashPassword(input.password, input.passwordParams);
  return db.transaction(async (tx) => {
    // Again, locked: two tabs sending the same link at once set one password, not two.
    const link = await findLiveLink(tx, input.token, input.now, true);
    await tx.query('UPDATE staff SET password_hash = $2 WHERE id = $1', [
      link.staff_id,
      passwordHash,
    ]);
    await tx.query('UPDATE account_link SET used_at = $2 WHERE token_hash = $1', [
      hashToken(input.token),
      input.now,
    ]);
    await withdrawLiveLinks(tx, link.staff_id, input.now);
    if (link.kind === 'reset') {
      await tx.query(
        `UPDATE auth_session SET revoked_at = $2, revoked_with_device = false
          WHERE staff_id = $1 AND revoked_at IS NULL`,
        [link.staff_id, input.now],
      );
    }
    await recordAccountEvent(tx, {
      staffId: link.staff_id,
      action: 'password_set',
      byStaffId: null,
      schoolId: null,
      now: input.now,
    });
    return { email: link.email };
  });
}
