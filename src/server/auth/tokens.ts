/**
 * Bearer secrets for cookies (sessions, device enrolment). The browser holds the token; the
 * database holds only its SHA-256, so a leaked backup cannot be replayed as a live session.
 * A 256-bit random token needs no slow hash: there is nothing to guess.
 */
import { createHash, randomBytes } from 'node:crypto';

/** A new random 32-byte token, base64url-encoded (43 characters, cookie-safe). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The hex SHA-256 of a token, as stored in the database. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
