/**
 * How a parent gets in: they type their email on the parent page; if a contact with parental
 * responsibility (not do-not-contact, no court-order restriction) has that address, a single-use
 * link valid for 30 minutes is emailed. The answer is the same whether or not the address is
 * known, so the page tells nobody who is a parent at the school. Opening the link signs the
 * parent in for 8 hours (the `tickmark_parent` cookie, sent only to `/api/parent`). Link requests
 * and wrong links are throttled with the sign-in throttle's growing waits (auth/rateLimit.ts), and
 * every action is written to `parent_audit`.
 *
 * A parent can instead ask for a code by text (parentCode.ts); signed in that way they are known
 * by their mobile. So the parent's key, in the session and the audit, is their email address or
 * `tel:+447700900001` (their mobile in international form, RFC 3966), and `childrenOf` finds the
 * children of either.
 */
import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import type { AppDeps } from '../appDeps';
import { readParentCookie, setParentCookie } from '../auth/cookies';
import { recordFailure, waitSeconds, type ThrottleRule } from '../auth/rateLimit';
import { hashToken, newToken } from '../auth/tokens';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { clientAddress } from '../http/requestInfo';

export const LINK_MINUTES = 30;
export const PARENT_SESSION_HOURS = 8;

const MINUTE = 60_000;
/** Links asked for one address: three in a row freely, then a growing wait (a throttle, never a lock-out). */
export const LINK_REQUESTS_PER_EMAIL: ThrottleRule = {
  failuresBeforeWait: 3,
  firstWaitMs: MINUTE,
  maxWaitMs: 60 * MINUTE,
  forgetAfterMs: 60 * MINUTE,
};
/** Link requests and wrong links from one network address. */
export const PARENT_REQUESTS_PER_ADDRESS: ThrottleRule = {
  failuresBeforeWait: 30,
  firstWaitMs: MINUTE,
  maxWaitMs: 60 * MINUTE,
  forgetAfterMs: 60 * MINUTE,
};
/** Absence reports from one parent. */
export const REPORTS_PER_PARENT: ThrottleRule = {
  failuresBeforeWait: 20,
  firstWaitMs: MINUTE,
  maxWaitMs: 60 * MINUTE,
  forgetAfterMs: 24 * 60 * MINUTE,
};

/** Keys the throttle by a hash, so the rate_limit table holds no address in clear. */
export const throttleKey = (kind: string, value: string): string =>
  `parent:${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 32)}`;

/** Counts one use against `key`, refusing with 429 while it must wait. */
export async function throttle(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  key: string,
  rule: ThrottleRule,
  what: string,
): Promise<void> {
  const now = deps.clock.now();
  const wait = await waitSeconds(deps.db, key, rule, now);
  if (wait !== null) {
    throw new ApiError('rate_limited', {
      message: `Too many ${what} in a short time. Wait ${Math.ceil(wait / 60)} minute${wait > 60 ? 's' : ''} and try again.`,
      details: { retryAfterSeconds: wait },
    });
  }
  await recordFailure(deps.db, key, rule, now);
}

export async function audit(
  db: Queryable,
  entry: {
    schoolId: string | null;
    email: string;
    action: string;
    at: Date;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db.query(
    'INSERT INTO parent_audit (school_id, email, action, at, detail) VALUES ($1, $2, $3, $4, $5)',
    [entry.schoolId, entry.email, entry.action, entry.at, JSON.stringify(entry.detail ?? {})],
  );
}

/** The key of a parent signed in by a code texted to this mobile (international, no plus). */
export const phoneKey = (international: string): string => `tel:+${international}`;

// One of the contact's phones, as the school typed it, in international form without the plus:
// the SQL twin of sms.ts's internationalNumber ("07700 900001" → 447700900001).
const CONTACT_PHONES_INTERNATIONAL = `(SELECT CASE WHEN d LIKE '+%' THEN substr(d, 2) WHEN d LIKE '00%' THEN substr(d, 3)
      WHEN d LIKE '0%' THEN '44' || substr(d, 2) ELSE d END
   FROM unnest(c.phones) AS raw(phone), LATERAL (SELECT regexp_replace(raw.phone, '[\\s()-]', '', 'g') AS d) n)`;

/** The SQL condition (on contact `c`) and its value for a parent's key: email, or a mobile. */
export function parentCondition(key: string): { sql: string; value: string } {
  return key.startsWith('tel:+')
    ? { sql: `$1 IN ${CONTACT_PHONES_INTERNATIONAL}`, value: key.slice('tel:+'.length) }
    : { sql: 'c.email = $1', value: key };
}

/** The schools where `key` (an email or a mobile) belongs to a contact who may use the parent page. */
export async function schoolsOfParent(
  db: Queryable,
  key: string,
): Promise<{ id: string; name: string }[]> {
  const who = parentCondition(key);
  const { rows } = await db.query<{ id: string; name: string }>(
    `SELECT DISTINCT s.id, s.name FROM pupil_contact c JOIN school s ON s.id = c.school_id
      WHERE ${who.sql} AND c.removed_at IS NULL AND c.parental_responsibility
        AND NOT c.do_not_contact AND c.court_order IS NULL`,
    [who.value],
  );
  return rows;
}

export async function requestLink(
  deps: Pick<AppDeps, 'db' | 'clock' | 'mailer' | 'logger' | 'config'>,
  c: Context<AppEnv>,
  email: string,
  baseUrl: string,
): Promise<void> {
  const address = clientAddress(c, deps.config.trustProxy);
  await throttle(
    deps,
    throttleKey('address', address),
    PARENT_REQUESTS_PER_ADDRESS,
    'requests from this network',
  );
  await throttle(
    deps,
    throttleKey('link', email),
    LINK_REQUESTS_PER_EMAIL,
    'sign-in links for this address',
  );
  const now = deps.clock.now();
  const schools = await schoolsOfParent(deps.db, email);
  await audit(deps.db, {
    schoolId: schools[0]?.id ?? null,
    email,
    action: 'link_requested',
    at: now,
    detail: { known: schools.length > 0 },
  });
  const school = schools[0];
  if (school === undefined) return;
  if (deps.mailer === null) {
    deps.logger.warn('a parent asked for a sign-in link but no mail server is set up (SMTP_HOST)');
    return;
  }
  const token = newToken();
  await deps.db.query(
    'INSERT INTO parent_link (token_hash, school_id, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [hashToken(token), school.id, email, now, new Date(now.getTime() + LINK_MINUTES * MINUTE)],
  );
  const names = schools.map((s) => s.name).join(' and ');
  try {
    await deps.mailer.send({
      to: email,
      subject: `Sign in to report an absence to ${names}`,
      text: [
        'Hello,',
        '',
        `You asked to sign in to ${names}'s parent page, where you can tell the school your child will be absent.`,
        '',
        `${baseUrl}/parent#${token}`,
        '',
        `The link works once, for ${LINK_MINUTES} minutes. If you did not ask for it, you can ignore this email.`,
      ].join('\n'),
    });
  } catch (err) {
    // The answer never says whether the address is known; the office sees the failure in the log.
    deps.logger.error('a parent sign-in link could not be emailed', {
      error: String((err as Error).message),
    });
  }
}

export async function signInWithLink(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  c: Context<AppEnv>,
  token: string,
): Promise<string> {
  const address = clientAddress(c, deps.config.trustProxy);
  const addressKey = throttleKey('address', address);
  const now = deps.clock.now();
  const wait = await waitSeconds(deps.db, addressKey, PARENT_REQUESTS_PER_ADDRESS, now);
  if (wait !== null) {
    throw new ApiError('rate_limited', {
      message: `Too many tries from this network. Wait ${Math.ceil(wait / 60)} minutes and try again.`,
    });
  }
  const { rows } = await deps.db.query<{ email: string; school_id: string }>(
    `UPDATE parent_link SET used_at = $2 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
     RETURNING email, school_id`,
    [hashToken(token), now],
  );
  const link = rows[0];
  if (link === undefined) {
    await recordFailure(deps.db, addressKey, PARENT_REQUESTS_PER_ADDRESS, now);
    throw new ApiError('link_invalid', {
      message:
        'This sign-in link has expired or has been used already. Ask for a new one on the parent page.',
    });
  }
  await startParentSession(deps, c, { schoolId: link.school_id, key: link.email, now });
  return link.email;
}

/** Signs in the parent with this key (an email, or `tel:+…`) for 8 hours, and audits it. */
export async function startParentSession(
  deps: Pick<AppDeps, 'db' | 'config'>,
  c: Context<AppEnv>,
  input: { schoolId: string; key: string; now: Date },
): Promise<void> {
  const { schoolId, key, now } = input;
  const session = newToken();
  const maxAge = PARENT_SESSION_HOURS * 3600;
  await deps.db.query(
    'INSERT INTO parent_session (token_hash, school_id, email, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)',
    [hashToken(session), schoolId, key, now, new Date(now.getTime() + maxAge * 1000)],
  );
  setParentCookie(c, deps.config, session, maxAge);
  await audit(deps.db, { schoolId, email: key, action: 'signed_in', at: now });
}

/** The signed-in parent's email, or 401. */
export async function requireParent(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  c: Context<AppEnv>,
): Promise<string> {
  const token = readParentCookie(c);
  if (token !== undefined && /^[A-Za-z0-9_-]{20,100}$/.test(token)) {
    const { rows } = await deps.db.query<{ email: string }>(
      'SELECT email FROM parent_session WHERE token_hash = $1 AND expires_at > $2',
      [hashToken(token), deps.clock.now()],
    );
    if (rows[0] !== undefined) return rows[0].email;
  }
  throw new ApiError('not_signed_in', {
    message:
      'You are not signed in, or your sign-in has ended. Ask for a new sign-in link on the parent page.',
  });
}

export interface ParentChild {
  readonly pupilId: string;
  readonly firstName: string;
  readonly schoolName: string;
  readonly schoolId: string;
  readonly contactId: string;
  readonly language: string;
}

/**
 * The children of the contact with this key (an email, or `tel:+…` for a parent signed in by a
 * texted code): only pupils whose contact they are, with PR.
 */
export async function childrenOf(db: Queryable, email: string): Promise<ParentChild[]> {
  const who = parentCondition(email);
  const { rows } = await db.query<{
    pupil_id: string;
    first_name: string;
    school_name: string;
    school_id: string;
    contact_id: string;
    language: string;
  }>(
    `SELECT DISTINCT ON (p.id) p.id AS pupil_id, coalesce(p.preferred_forename, p.legal_forename) AS first_name,
            s.name AS school_name, s.id AS school_id, c.id AS contact_id, c.language
       FROM pupil_contact c JOIN pupil p ON p.id = c.pupil_id JOIN school s ON s.id = c.school_id
      WHERE ${who.sql} AND c.removed_at IS NULL AND c.parental_responsibility
        AND NOT c.do_not_contact AND c.court_order IS NULL
      ORDER BY p.id, c.priority`,
    [who.value],
  );
  return rows
    .map((r) => ({
      pupilId: r.pupil_id,
      firstName: r.first_name,
      schoolName: r.school_name,
      schoolId: r.school_id,
      contactId: r.contact_id,
      language: r.language,
    }))
    .sort((a, b) => a.firstName.localeCompare(b.firstName));
}
