/**
 * Signing in to the parent page with a code by text, for a parent who would rather not use
 * email: they type their mobile; if it is a mobile of a contact with parental responsibility (not
 * do-not-contact, no court-order restriction), a six-digit code is texted to it through the SMS
 * gateway. The code works once, for 10 minutes, and dies after 5 wrong tries; only a salted
 * scrypt hash of it is kept. The answer is the same whether or not the number is known. Code
 * requests are throttled per number and per network address, wrong codes per address, and every
 * step is written to `parent_audit` under the parent's key `tel:+…`. Signed in, the parent has the
 * same session as one signed in by link (parentAccess.ts).
 */
import { randomBytes, randomInt, randomUUID, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Context } from 'hono';
import type { AppDeps } from '../appDeps';
import { recordFailure, waitSeconds, type ThrottleRule } from '../auth/rateLimit';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { clientAddress } from '../http/requestInfo';
import { internationalNumber, isMobile, SmsError } from '../mail/sms';
import {
  audit,
  PARENT_REQUESTS_PER_ADDRESS,
  phoneKey,
  schoolsOfParent,
  startParentSession,
  throttle,
  throttleKey,
} from './parentAccess';

export const CODE_MINUTES = 10;
export const CODE_WRONG_TRIES = 5;
const MINUTE = 60_000;

/** Codes asked for one number: three freely, then a growing wait (each one costs a text). */
export const CODE_REQUESTS_PER_PHONE: ThrottleRule = {
  failuresBeforeWait: 3,
  firstWaitMs: 5 * MINUTE,
  maxWaitMs: 60 * MINUTE,
  forgetAfterMs: 60 * MINUTE,
};

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: string,
  keylen: number,
) => Promise<Buffer>;

async function hashCode(code: string, salt: string): Promise<string> {
  return (await scryptAsync(code, salt, 32)).toString('hex');
}

const notAMobile = () =>
  new ApiError('invalid_request', {
    message:
      'That is not a mobile number a text can go to. Type the mobile number the school has for you, such as 07700 900123.',
  });

export async function requestCode(
  deps: Pick<AppDeps, 'db' | 'clock' | 'sms' | 'logger' | 'config'>,
  c: Context<AppEnv>,
  phone: string,
): Promise<void> {
  const international = internationalNumber(phone);
  if (international === null || !isMobile(phone)) throw notAMobile();
  const key = phoneKey(international);
  await throttle(
    deps,
    throttleKey('address', clientAddress(c, deps.config.trustProxy)),
    PARENT_REQUESTS_PER_ADDRESS,
    'requests from this network',
  );
  await throttle(deps, throttleKey('code', key), CODE_REQUESTS_PER_PHONE, 'codes for this number');
  const now = deps.clock.now();
  const schools = await schoolsOfParent(deps.db, key);
  await audit(deps.db, {
    schoolId: schools[0]?.id ?? null,
    email: key,
    action: 'code_requested',
    at: now,
    detail: { known: schools.length > 0 },
  });
  const school = schools[0];
  if (school === undefined) return;
  if (deps.sms === null) {
    deps.logger.warn('a parent asked for a sign-in code but no SMS gateway is set up (ESENDEX_*)');
    return;
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  const salt = randomBytes(16).toString('hex');
  await deps.db.query(
    `INSERT INTO parent_code (id, school_id, phone, salt, code_hash, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      randomUUID(),
      school.id,
      `+${international}`,
      salt,
      await hashCode(code, salt),
      now,
      new Date(now.getTime() + CODE_MINUTES * MINUTE),
    ],
  );
  try {
    await deps.sms.send({
      to: phone,
      body: `${code} is your code to sign in to ${school.name}'s parent page. It works once, for ${CODE_MINUTES} minutes. Do not share it.`,
    });
  } catch (err) {
    if (!(err instanceof SmsError)) throw err;
    // The answer never says whether the number is known; the server's log has the failure.
    deps.logger.error('a parent sign-in code could not be texted', { error: err.message });
  }
}

/** Signs the parent in with the newest live code for their number; returns their key. */
export async function signInWithCode(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  c: Context<AppEnv>,
  input: { phone: string; code: string },
): Promise<string> {
  const international = internationalNumber(input.phone);
  if (international === null || !isMobile(input.phone)) throw notAMobile();
  const key = phoneKey(international);
  const addressKey = throttleKey('address', clientAddress(c, deps.config.trustProxy));
  const now = deps.clock.now();
  const wait = await waitSeconds(deps.db, addressKey, PARENT_REQUESTS_PER_ADDRESS, now);
  if (wait !== null) {
    throw new ApiError('rate_limited', {
      message: `Too many tries from this network. Wait ${Math.ceil(wait / 60)} minutes and try again.`,
      details: { retryAfterSeconds: wait },
    });
  }
  const { rows } = await deps.db.query<{
    id: string;
    school_id: string;
    salt: string;
    code_hash: string;
  }>(
    `SELECT id, school_id, salt, code_hash FROM parent_code
      WHERE phone = $1 AND used_at IS NULL AND expires_at > $2 AND wrong_tries < $3
      ORDER BY created_at DESC LIMIT 1`,
    [`+${international}`, now, CODE_WRONG_TRIES],
  );
  const live = rows[0];
  const given = live === undefined ? null : await hashCode(input.code, live.salt);
  const right =
    live !== undefined &&
    given !== null &&
    timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(live.code_hash, 'hex'));
  if (!right) {
    await recordFailure(deps.db, addressKey, PARENT_REQUESTS_PER_ADDRESS, now);
    if (live !== undefined) {
      await deps.db.query('UPDATE parent_code SET wrong_tries = wrong_tries + 1 WHERE id = $1', [
        live.id,
      ]);
    }
    await audit(deps.db, {
      schoolId: live?.school_id ?? null,
      email: key,
      action: 'code_refused',
      at: now,
    });
    throw new ApiError('code_invalid', {
      message:
        'That code is not right, has expired or has been used. Check the newest text from the school, or ask for a new code.',
    });
  }
  // Single use, even when two tabs send the same code at once: only one update wins.
  const used = await deps.db.query(
    'UPDATE parent_code SET used_at = $2 WHERE id = $1 AND used_at IS NULL',
    [live.id, now],
  );
  if (used.rowCount !== 1) {
    throw new ApiError('code_invalid', {
      message: 'That code has been used already. Ask for a new code.',
    });
  }
  await startParentSession(deps, c, { schoolId: live.school_id, key, now });
  return key;
}
