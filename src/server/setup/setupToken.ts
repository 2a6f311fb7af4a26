/**
 * The one-time setup link's token (first run, `DEMO_SCHOOL=false`). While the database has no
 * organisation, each start issues a fresh token and prints the link; only the token's SHA-256 is
 * stored (as for sessions: a copy of the database hands out nothing). A token is used once, and
 * every token stops working when setup has created the organisation, whichever link was used.
 */
import type { Queryable } from '../db/database';
import { hashToken, newToken } from '../auth/tokens';
import { SETUP_PAGE_PATH } from '../../shared/api/setupSchemas';

/** Whether the database is still waiting to be set up (it has no organisation). */
export async function isSetupNeeded(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM organisation');
  return (rows[0]?.n ?? 0) === 0;
}

/**
 * Issues a setup token when the database has no organisation yet.
 *
 * @returns the token to print, or null when the server is already set up.
 */
export async function issueSetupToken(db: Queryable, now: Date): Promise<string | null> {
  if (!(await isSetupNeeded(db))) return null;
  const token = newToken();
  // Earlier starts' tokens stay valid until setup is done: two servers on one PostgreSQL each
  // print a link, and either link works once.
  await db.query('INSERT INTO setup_token (token_hash, created_at) VALUES ($1, $2)', [
    hashToken(token),
    now,
  ]);
  return token;
}

/** The link an operator opens; the token goes after `#`, so no server or proxy logs it. */
export function setupLink(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/$/, '')}${SETUP_PAGE_PATH}#${token}`;
}

/**
 * Marks a token used, inside the setup transaction.
 *
 * @returns false when the token was never issued or has been used already.
 */
export async function consumeSetupToken(tx: Queryable, token: string, now: Date): Promise<boolean> {
  const { rows } = await tx.query(
    'UPDATE setup_token SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL RETURNING token_hash',
    [hashToken(token), now],
  );
  return rows.length === 1;
}
