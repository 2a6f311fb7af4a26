/**
 * First-day messages: the office picks pupils on the chase list and sends each family one text or
 * email from the school's wording, in the contact's preferred language where Tickmark ships one
 * (messageWording.ts; en-GB otherwise). Each email's Reply-To and Message-ID carry a token of the
 * message, so a reply is filed against it in the pupil's record (emailReplies.ts). Each send has a key (pupil, session, contact, channel) stored
 * as `pending` before anything leaves, so a retried batch, a double click or two office PCs at
 * once send nothing twice: a key already `sent` or `pending` is skipped, and only a `failed` one
 * (refused, so nothing went out) is tried again. Every send is recorded as a first-day contact.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  DEFAULT_FIRST_DAY_WORDING,
  familyLanguageOf,
  fillWording,
  sessionWordsIn,
  type FamilyLanguage,
  type LocalDate,
  type SessionPart,
} from '../../domain/index';
import type { Channel, FirstDayResult, MessageSettings } from '../../shared/api/parentSchemas';
import type { AppDeps } from '../appDeps';
import type { Queryable } from '../db/database';
import { ApiError } from '../http/apiError';
import { MailError } from '../mail/mailer';
import { firstDayMessageId, replyAddress } from '../mail/replySettings';
import { isMobile, SmsError } from '../mail/sms';
import { contactsOf, mayContact, type ContactRow } from './contacts';
import { DEFAULT_SCHOOL_PHONE, readSchoolWording } from './messageWording';

export const DEFAULT_MESSAGE_SETTINGS: MessageSettings = {
  schoolPhone: DEFAULT_SCHOOL_PHONE,
  ...DEFAULT_FIRST_DAY_WORDING['en-GB'],
};

/** The most messages one school sends in a minute: a slip of the mouse cannot text the whole roll. */
export const MESSAGES_PER_MINUTE = 300;

export async function readMessageSettings(
  db: Queryable,
  schoolId: string,
): Promise<MessageSettings> {
  const { rows } = await db.query<{
    school_phone: string;
    sms_body: string;
    email_subject: string;
    email_body: string;
  }>(
    'SELECT school_phone, sms_body, email_subject, email_body FROM parent_message_settings WHERE school_id = $1',
    [schoolId],
  );
  const row = rows[0];
  if (row === undefined) return DEFAULT_MESSAGE_SETTINGS;
  return {
    schoolPhone: row.school_phone,
    smsBody: row.sms_body,
    emailSubject: row.email_subject,
    emailBody: row.email_body,
  };
}

export async function saveMessageSettings(
  db: Queryable,
  schoolId: string,
  s: MessageSettings,
  staffId: string,
  now: Date,
): Promise<void> {
  await db.query(
    `INSERT INTO parent_message_settings (school_id, school_phone, sms_body, email_subject, email_body, updated_at, updated_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (school_id) DO UPDATE SET school_phone = $2, sms_body = $3, email_subject = $4, email_body = $5,
       updated_at = $6, updated_by = $7`,
    [schoolId, s.schoolPhone, s.smsBody, s.emailSubject, s.emailBody, now, staffId],
  );
}

/** A reply token: lower-case letters and digits, as an email address's local part keeps them. */
const newReplyToken = (): string => randomBytes(20).toString('hex').slice(0, 32);

/** The first contact, in priority order, with parental responsibility who may be reached by `channel`. */
export function contactFor(
  contacts: readonly ContactRow[],
  channel: Channel,
): { contact: ContactRow; address: string } | null {
  for (const c of contacts) {
    if (!c.parental_responsibility || !mayContact(c)) continue;
    if (channel === 'email' && c.email !== null) return { contact: c, address: c.email };
    if (channel === 'sms') {
      const mobile = c.phones.find(isMobile);
      if (mobile !== undefined) return { contact: c, address: mobile };
    }
  }
  return null;
}

interface Actor {
  readonly schoolId: string;
  readonly staffId: string;
  readonly staffName: string;
  readonly role: 'office' | 'attendance_lead' | 'admin';
}

/** Stores the send's key as pending; says what to do when the key was there already. */
async function claim(
  db: Queryable,
  row: {
    id: string;
    pupilId: string;
    contactId: string;
    date: string;
    part: string;
    channel: Channel;
    body: string;
    language: FamilyLanguage;
    replyToken: string | null;
  },
  actor: Actor,
  now: Date,
): Promise<{ go: true; id: string } | { go: false; outcome: 'already_sent' | 'pending' }> {
  const inserted = await db.query<{ id: string }>(
    `INSERT INTO parent_message (id, school_id, pupil_id, contact_id, session_date, session_part, channel, status, body,
        staff_id, created_at, language, reply_token)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10, $11, $12)
     ON CONFLICT (school_id, pupil_id, session_date, session_part, contact_id, channel) DO NOTHING
     RETURNING id`,
    [
      row.id,
      actor.schoolId,
      row.pupilId,
      row.contactId,
      row.date,
      row.part,
      row.channel,
      row.body,
      actor.staffId,
      now,
      row.language,
      row.replyToken,
    ],
  );
  if (inserted.rows[0] !== undefined) return { go: true, id: inserted.rows[0].id };
  // Only a refused send (nothing went out) is tried again, and only by one caller at a time.
  const retried = await db.query<{ id: string }>(
    `UPDATE parent_message SET status = 'pending', body = $7, error = NULL, staff_id = $8, created_at = $9,
        language = $10, reply_token = $11
      WHERE school_id = $1 AND pupil_id = $2 AND contact_id = $3 AND session_date = $4 AND session_part = $5
        AND channel = $6 AND status = 'failed'
      RETURNING id`,
    [
      actor.schoolId,
      row.pupilId,
      row.contactId,
      row.date,
      row.part,
      row.channel,
      row.body,
      actor.staffId,
      now,
      row.language,
      row.replyToken,
    ],
  );
  if (retried.rows[0] !== undefined) return { go: true, id: retried.rows[0].id };
  const { rows } = await db.query<{ status: string }>(
    `SELECT status FROM parent_message WHERE school_id = $1 AND pupil_id = $2 AND contact_id = $3
        AND session_date = $4 AND session_part = $5 AND channel = $6`,
    [actor.schoolId, row.pupilId, row.contactId, row.date, row.part, row.channel],
  );
  return { go: false, outcome: rows[0]?.status === 'sent' ? 'already_sent' : 'pending' };
}

export async function sendFirstDayMessages(
  deps: Pick<AppDeps, 'db' | 'clock' | 'mailer' | 'sms' | 'logger' | 'config'>,
  actor: Actor,
  request: {
    session: { date: LocalDate; part: SessionPart };
    channel: Channel;
    pupilIds: readonly string[];
  },
): Promise<FirstDayResult[]> {
  const { db, clock, sms, mailer } = deps;
  const pupilIds = [...new Set(request.pupilIds)];
  const { date, part } = request.session;
  if (request.channel === 'sms' && sms === null) {
    throw new ApiError('invalid_request', {
      message:
        'No SMS gateway is set up on this server, so texts cannot be sent. Send email instead, or ask whoever runs the server to set ESENDEX_ACCOUNT_REFERENCE.',
    });
  }
  if (request.channel === 'email' && mailer === null) {
    throw new ApiError('invalid_request', {
      message:
        'No mail server is set up on this server, so emails cannot be sent. Send texts instead, or ask whoever runs the server to set SMTP_HOST.',
    });
  }
  const { rows: pupils } = await db.query<{ id: string; first_name: string }>(
    `SELECT id, coalesce(preferred_forename, legal_forename) AS first_name FROM pupil
      WHERE school_id = $1 AND id = ANY($2::uuid[])`,
    [actor.schoolId, pupilIds],
  );
  if (pupils.length !== pupilIds.length) {
    const unknown = pupilIds.length - pupils.length;
    throw new ApiError('not_found', {
      message: `${unknown} of the chosen pupils ${unknown === 1 ? 'is' : 'are'} not at this school, so nothing was sent. Reload the chase list and choose again.`,
    });
  }
  const minuteAgo = new Date(clock.now().getTime() - 60_000);
  const { rows: recent } = await db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM parent_message WHERE school_id = $1 AND created_at > $2',
    [actor.schoolId, minuteAgo],
  );
  if ((recent[0]?.n ?? 0) + pupilIds.length > MESSAGES_PER_MINUTE) {
    throw new ApiError('rate_limited', {
      message: `This school may send at most ${MESSAGES_PER_MINUTE} messages a minute, and nothing was sent. Wait a minute and send again: pupils already messaged are not messaged twice.`,
    });
  }
  const wording = await readSchoolWording(db, actor.schoolId);
  const contacts = await contactsOf(db, actor.schoolId, pupilIds);
  const firstNames = new Map(pupils.map((p) => [p.id, p.first_name]));
  const results: FirstDayResult[] = [];
  for (const pupilId of pupilIds) {
    const chosen = contactFor(
      contacts.filter((c) => c.pupil_id === pupilId),
      request.channel,
    );
    if (chosen === null) {
      results.push({
        pupilId,
        contactId: null,
        outcome: 'no_contact',
        problem:
          request.channel === 'sms'
            ? 'No contact with parental responsibility who may be contacted has a mobile number.'
            : 'No contact with parental responsibility who may be contacted has an email address.',
      });
      continue;
    }
    // The contact's language where Tickmark ships it, else en-GB (familyLanguageOf).
    const language = familyLanguageOf(chosen.contact.language);
    const words = wording.wordings.get(language)?.wording ?? DEFAULT_FIRST_DAY_WORDING[language];
    const fields = {
      first_name: firstNames.get(pupilId) ?? '',
      session: sessionWordsIn(language, date, part),
      school_phone: wording.schoolPhone,
    };
    const body = fillWording(request.channel === 'sms' ? words.smsBody : words.emailBody, fields);
    const replyToken = request.channel === 'email' ? newReplyToken() : null;
    const claimed = await claim(
      db,
      {
        id: randomUUID(),
        pupilId,
        contactId: chosen.contact.id,
        date,
        part,
        channel: request.channel,
        body,
        language,
        replyToken,
      },
      actor,
      clock.now(),
    );
    if (!claimed.go) {
      results.push({
        pupilId,
        contactId: chosen.contact.id,
        outcome: claimed.outcome,
        problem: null,
      });
      continue;
    }
    let outcome: 'sent' | 'failed' | 'pending' = 'sent';
    let problem: string | null = null;
    let providerId: string | null = null;
    try {
      if (request.channel === 'sms' && sms !== null) {
        providerId = (await sms.send({ to: chosen.address, body })).providerId;
      } else if (mailer !== null) {
        const replyTo = deps.config.replies.replyTo;
        await mailer.send({
          to: chosen.address,
          subject: fillWording(words.emailSubject, fields),
          text: body,
          ...(replyToken === null ? {} : { messageId: firstDayMessageId(replyToken) }),
          ...(replyToken === null || replyTo === null
            ? {}
            : { replyTo: replyAddress(replyTo, replyToken) }),
        });
      }
    } catch (err) {
      if (!(err instanceof SmsError) && !(err instanceof MailError)) throw err;
      problem = `Not sent: ${err.message}.`;
      outcome = err instanceof SmsError && err.outcome === 'unknown' ? 'pending' : 'failed';
    }
    await db.query(
      `UPDATE parent_message SET status = $2, provider_id = $3, error = $4, finished_at = $5 WHERE id = $1`,
      [claimed.id, outcome, providerId, problem, outcome === 'pending' ? null : clock.now()],
    );
    if (outcome === 'sent') {
      await db.query(
        `INSERT INTO first_day_contact (id, school_id, pupil_id, session_date, session_part, method, note,
            staff_id, staff_name, staff_role, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          randomUUID(),
          actor.schoolId,
          pupilId,
          date,
          part,
          request.channel === 'sms' ? 'texted' : 'emailed',
          `First-day ${request.channel === 'sms' ? 'text' : 'email'} to ${chosen.contact.relationship.toLowerCase()} (${chosen.contact.full_name}).`,
          actor.staffId,
          actor.staffName,
          actor.role,
          clock.now(),
        ],
      );
    } else {
      deps.logger.warn('first-day message not sent', {
        message: claimed.id,
        channel: request.channel,
        outcome,
      });
    }
    results.push({ pupilId, contactId: chosen.contact.id, outcome, problem });
  }
  return results;
}

export async function listFirstDayMessages(
  db: Queryable,
  schoolId: string,
  date: string,
  part: string,
) {
  const { rows } = await db.query<{
    id: string;
    pupil_id: string;
    contact_id: string;
    channel: Channel;
    status: 'pending' | 'sent' | 'failed';
    error: string | null;
    created_at: Date;
  }>(
    `SELECT id, pupil_id, contact_id, channel, status, error, created_at FROM parent_message
      WHERE school_id = $1 AND session_date = $2 AND session_part = $3 ORDER BY created_at, id`,
    [schoolId, date, part],
  );
  return rows.map((r) => ({
    id: r.id,
    pupilId: r.pupil_id,
    contactId: r.contact_id,
    channel: r.channel,
    status: r.status,
    error: r.error,
    at: r.created_at.toISOString(),
  }));
}
