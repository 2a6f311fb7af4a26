/**
 * Parents in their own language, on the wire (docs/api.md, "Parents"): the school's first-day
 * wording per language, a sign-in code by text, and families' replies to first-day emails filed
 * in the pupil's record. The wording rules (merge fields, lengths) are the domain's
 * (src/domain/parents/firstDayWording.ts), so the screen's preview and the server agree.
 */
import { z } from 'zod';
import { FAMILY_LANGUAGES, wordingProblems } from '../../domain/index';
import { freeText, lineText } from './plainText';
import { localDateSchema } from './wireTime';

// ── Sign-in code by text ──────────────────────────────────────────────────────────────────────

const mobileSchema = z
  .string()
  .trim()
  .regex(
    /^\+?[0-9 ()-]{7,20}$/,
    'is not a phone number: type the mobile number the school has for you, such as 07700 900123',
  );

export const parentCodeRequestSchema = z.strictObject({ phone: mobileSchema });
export const parentCodeResponseSchema = z.strictObject({ status: z.literal('sent_if_known') });
export const parentCodeSignInSchema = z.strictObject({
  phone: mobileSchema,
  code: z
    .string()
    .trim()
    .regex(/^[0-9]{6}$/, 'is not a sign-in code: type the six digits from the text message'),
});

// ── The school's first-day wording, per language ──────────────────────────────────────────────

export const familyLanguageSchema = z.enum(FAMILY_LANGUAGES);
export const wordingLanguageParamSchema = z.strictObject({ language: familyLanguageSchema });

export const firstDayWordingSchema = z.strictObject({
  smsBody: freeText({ min: 1, max: 612, trim: true }),
  emailSubject: lineText({ min: 1, max: 200, trim: true }),
  emailBody: freeText({ min: 1, max: 5000, trim: true }),
});

/** What the wording screen saves: the school's phone (one for every language) and one language's wording. */
export const saveWordingRequestSchema = firstDayWordingSchema
  .extend({ schoolPhone: lineText({ min: 1, max: 40, trim: true }) })
  .superRefine((w, ctx) => {
    for (const message of wordingProblems(w)) ctx.addIssue({ code: 'custom', message });
  });

export const wordingResponseSchema = z.strictObject({
  schoolPhone: z.string(),
  languages: z.array(
    z.strictObject({
      language: familyLanguageSchema,
      /** The language's name in English, for the office. */
      name: z.string(),
      wording: firstDayWordingSchema,
      /** False while the school uses the wording Tickmark ships for this language. */
      saved: z.boolean(),
    }),
  ),
  /** Whether SMS and email can be sent from this server. */
  channels: z.strictObject({ sms: z.boolean(), email: z.boolean() }),
});
export type WordingResponse = z.infer<typeof wordingResponseSchema>;

// ── Replies to first-day emails ───────────────────────────────────────────────────────────────

export const inboundReplyResponseSchema = z.strictObject({
  /** `filed`: now in the pupil's record; `already_filed`: the same reply was posted before. */
  status: z.enum(['filed', 'already_filed']),
});

export const pupilRepliesQuerySchema = z.strictObject({ pupilId: z.uuid() });
export const messageReplySchema = z.strictObject({
  id: z.uuid(),
  /** The first-day message this answers. */
  messageId: z.uuid(),
  session: z.strictObject({ date: localDateSchema, part: z.enum(['AM', 'PM']) }),
  from: z.string(),
  /** Whether `from` is the address the message was sent to. */
  fromContact: z.boolean(),
  subject: z.string(),
  text: z.string(),
  at: z.string(),
});
export type MessageReply = z.infer<typeof messageReplySchema>;
export const pupilRepliesResponseSchema = z.strictObject({
  replies: z.array(messageReplySchema),
});
