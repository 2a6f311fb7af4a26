/**
 * Families' replies to first-day emails, filed in the pupil's record. Each first-day email
 * carries a token in its Reply-To (`replies+TOKEN@…`, from `MAIL_REPLY_TO`) and its Message-ID;
 * the school's mail provider routes mail for that inbox to `POST /api/parents/inbound-email` as
 * the raw message (MIME), with the shared secret `INBOUND_MAIL_SECRET` (HTTP Basic password or a
 * Bearer token). The reply is parsed with mailparser, matched to its message by the token (the
 * `+token` recipient, or else In-Reply-To/References), and kept against that message and its
 * pupil; the same reply posted twice is filed once. Nothing of the reply is logged.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { simpleParser, type AddressObject } from 'mailparser';
import { stripFormatting } from '../../shared/api/plainText';
import type { MessageReply } from '../../shared/api/familySchemas';
import type { AppDeps } from '../appDeps';
import { recordFailure, waitSeconds } from '../auth/rateLimit';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import type { AppEnv } from '../http/appEnv';
import { clientAddress } from '../http/requestInfo';
import { tokenOfReply } from '../mail/replySettings';
import { PARENT_REQUESTS_PER_ADDRESS, throttleKey } from './parentAccess';

const MAX_REPLY_CHARACTERS = 20_000;

/** Whether a character is a control character other than tab and line breaks (PostgreSQL refuses NUL). */
function isControl(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  return (code < 0x20 && char !== '\t' && char !== '\n' && char !== '\r') || code === 0x7f;
}

const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

/** The secret the request presents: a Bearer token, or the password of HTTP Basic. */
function presentedSecret(header: string | undefined): string | null {
  if (header === undefined) return null;
  const bearer = /^Bearer\s+(.+)$/i.exec(header);
  if (bearer?.[1] !== undefined) return bearer[1].trim();
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : decoded.slice(colon + 1);
  }
  return null;
}

/** Refuses (401) a post without the shared secret; throttles wrong secrets per address. */
async function checkSecret(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  c: Context<AppEnv>,
): Promise<void> {
  const secret = deps.config.replies.inboundSecret;
  if (secret === null) {
    throw new ApiError('not_signed_in', {
      message:
        'This server takes no replies by mail: set INBOUND_MAIL_SECRET, and give the same secret to your mail provider’s inbound route.',
    });
  }
  const addressKey = throttleKey('inbound', clientAddress(c, deps.config.trustProxy));
  const now = deps.clock.now();
  const wait = await waitSeconds(deps.db, addressKey, PARENT_REQUESTS_PER_ADDRESS, now);
  if (wait !== null) {
    throw new ApiError('rate_limited', {
      message: `Too many wrong secrets from this address. Wait ${Math.ceil(wait / 60)} minutes.`,
      details: { retryAfterSeconds: wait },
    });
  }
  const given = presentedSecret(c.req.header('authorization'));
  if (given === null || !timingSafeEqual(digest(given), digest(secret))) {
    await recordFailure(deps.db, addressKey, PARENT_REQUESTS_PER_ADDRESS, now);
    throw new ApiError('not_signed_in', {
      message:
        'The inbound route needs the shared secret INBOUND_MAIL_SECRET, as the password of HTTP Basic or as a Bearer token.',
    });
  }
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field === undefined ? [] : [field])
    .flatMap((a) => a.value)
    .map((v) => v.address ?? '')
    .filter((a) => a !== '');

/** Readable text for the record: no invisible or control characters, within the limit. */
function recordText(text: string, max: number): string {
  const clean = [...stripFormatting(text)].filter((ch) => !isControl(ch)).join('');
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export async function fileEmailReply(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config' | 'logger'>,
  c: Context<AppEnv>,
  raw: string,
): Promise<'filed' | 'already_filed'> {
  await checkSecret(deps, c);
  if (raw.trim() === '') {
    throw new ApiError('invalid_request', {
      message: 'The request body is empty: post the whole email, as raw MIME.',
    });
  }
  const mail = await simpleParser(raw);
  const from = addressesOf(mail.from)[0];
  if (from === undefined) {
    throw new ApiError('invalid_request', {
      message: 'The email has no From address, so it is not a reply that can be filed.',
    });
  }
  const headerList = (name: string): string[] => {
    const value = mail.headers.get(name);
    return typeof value === 'string' ? [value] : [];
  };
  const recipients = [
    ...addressesOf(mail.to),
    ...addressesOf(mail.cc),
    ...headerList('delivered-to'),
    ...headerList('x-original-to'),
  ];
  const references = [
    ...(mail.inReplyTo === undefined ? [] : [mail.inReplyTo]),
    ...(Array.isArray(mail.references)
      ? mail.references
      : mail.references === undefined
        ? []
        : [mail.references]),
  ];
  const token = tokenOfReply(recipients, references);
  const { rows } = await deps.db.query<{
    id: string;
    school_id: string;
    pupil_id: string;
  }>(
    `SELECT id, school_id, pupil_id FROM parent_message WHERE reply_token = $1 AND channel = 'email'`,
    [token ?? ''],
  );
  const message = rows[0];
  if (message === undefined) {
    throw new ApiError('not_found', {
      message:
        'This email answers no first-day message Tickmark sent (no known token in its To address, In-Reply-To or References), so it was not filed.',
    });
  }
  const mimeId = mail.messageId ?? `<sha256.${digest(raw).toString('hex')}@tickmark.invalid>`;
  const inserted = await deps.db.query(
    `INSERT INTO parent_message_reply (id, school_id, message_id, pupil_id, mime_message_id, from_address, subject,
        body, received_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (school_id, mime_message_id) DO NOTHING`,
    [
      randomUUID(),
      message.school_id,
      message.id,
      message.pupil_id,
      mimeId.slice(0, 998),
      from.slice(0, 320).toLowerCase(),
      recordText(mail.subject ?? '', 998),
      recordText(mail.text ?? '', MAX_REPLY_CHARACTERS),
      deps.clock.now(),
    ],
  );
  deps.logger.info('a reply to a first-day email was received', {
    message: message.id,
    filed: inserted.rowCount === 1,
  });
  return inserted.rowCount === 1 ? 'filed' : 'already_filed';
}

/** The replies about one pupil, newest first. */
export async function repliesOfPupil(
  db: Queryable,
  schoolId: string,
  pupilId: string,
): Promise<MessageReply[]> {
  const { rows: pupils } = await db.query('SELECT 1 FROM pupil WHERE id = $1 AND school_id = $2', [
    pupilId,
    schoolId,
  ]);
  if (pupils.length === 0) {
    throw new ApiError('not_found', {
      message: 'There is no such pupil at this school. Reload the pupil record and try again.',
    });
  }
  const { rows } = await db.query<{
    id: string;
    message_id: string;
    session_date: string;
    session_part: 'AM' | 'PM';
    from_address: string;
    contact_email: string | null;
    subject: string;
    body: string;
    received_at: Date;
  }>(
    `SELECT r.id, r.message_id, to_char(m.session_date, 'YYYY-MM-DD') AS session_date, m.session_part,
            r.from_address, c.email AS contact_email, r.subject, r.body, r.received_at
       FROM parent_message_reply r
       JOIN parent_message m ON m.id = r.message_id
       JOIN pupil_contact c ON c.id = m.contact_id
      WHERE r.school_id = $1 AND r.pupil_id = $2
      ORDER BY r.received_at DESC, r.id`,
    [schoolId, pupilId],
  );
  return rows.map((r) => ({
    id: r.id,
    messageId: r.message_id,
    session: { date: r.session_date, part: r.session_part },
    from: r.from_address,
    fromContact: r.from_address === r.contact_email,
    subject: r.subject,
    text: r.body,
    at: r.received_at.toISOString(),
  }));
}
