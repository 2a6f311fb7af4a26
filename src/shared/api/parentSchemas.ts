/**
 * Parents in the loop on the wire (docs/api.md, "Parents"): pupils' contacts, first-day messages,
 * the parent page's sign-in and absence reports, and the office's queue of those reports.
 * Contacts are office data: no schema here is part of the sync roster or pull.
 */
import { z } from 'zod';
import { WEEK_SESSION_STATES } from '../../domain/index';
import { freeText, lineText } from './plainText';
import { localDateSchema, wireDateSchema } from './wireTime';

export const MAX_FIRST_DAY_PUPILS = 200;
export const MAX_REPORT_DAYS = 20;

const sessionPartSchema = z.enum(['AM', 'PM']);
const sessionSchema = z.strictObject({ date: wireDateSchema, part: sessionPartSchema });

export const parentIdParamSchema = z.strictObject({ id: z.uuid() });

// ── Contacts ───────────────────────────────────────────────────────────────────────────────────

const phoneSchema = z
  .string()
  .trim()
  .regex(
    /^\+?[0-9 ()-]{7,20}$/,
    'is not a phone number: write digits, spaces and an optional leading +',
  );

/** What the office may set on a contact. */
export const contactFieldsSchema = z.strictObject({
  name: lineText({ min: 1, max: 200, trim: true }),
  relationship: lineText({ min: 1, max: 60, trim: true }),
  parentalResponsibility: z.boolean(),
  priority: z.number().int().min(1).max(99),
  phones: z.array(phoneSchema).max(3),
  email: z
    .email('is not an email address')
    .max(254)
    .transform((e) => e.toLowerCase())
    .nullable(),
  language: z
    .string()
    .trim()
    .regex(/^[A-Za-z][A-Za-z0-9 -]{1,34}$/, 'is not a language tag such as en-GB'),
  doNotContact: z.boolean(),
  courtOrder: freeText({ min: 1, max: 500, trim: true }).nullable(),
});
export type ContactFields = z.infer<typeof contactFieldsSchema>;

export const createPupilContactSchema = contactFieldsSchema.extend({ pupilId: z.uuid() });

export const pupilContactSchema = z.strictObject({
  id: z.uuid(),
  pupilId: z.uuid(),
  name: z.string(),
  relationship: z.string(),
  parentalResponsibility: z.boolean(),
  priority: z.number().int(),
  phones: z.array(z.string()),
  email: z.string().nullable(),
  language: z.string(),
  doNotContact: z.boolean(),
  courtOrder: z.string().nullable(),
  /** False for a do-not-contact or court-order-restricted contact: never call or message them. */
  mayContact: z.boolean(),
});
export type PupilContact = z.infer<typeof pupilContactSchema>;

export const pupilContactsQuerySchema = z.strictObject({ pupilId: z.uuid() });
export const pupilContactsResponseSchema = z.strictObject({
  /** Priority order: who to call first, then next. */
  contacts: z.array(pupilContactSchema),
});
export const pupilContactResponseSchema = z.strictObject({ contact: pupilContactSchema });

// ── First-day messages ────────────────────────────────────────────────────────────────────────

export const MERGE_FIELDS = ['{first_name}', '{session}', '{school_phone}'] as const;

export const messageSettingsSchema = z.strictObject({
  schoolPhone: lineText({ min: 1, max: 40, trim: true }),
  smsBody: freeText({ min: 1, max: 612, trim: true }),
  emailSubject: lineText({ min: 1, max: 200, trim: true }),
  emailBody: freeText({ min: 1, max: 5000, trim: true }),
});
export type MessageSettings = z.infer<typeof messageSettingsSchema>;
export const messageSettingsResponseSchema = z.strictObject({
  settings: messageSettingsSchema,
  /** Whether SMS and email can be sent from this server (a gateway and an SMTP server are set). */
  channels: z.strictObject({ sms: z.boolean(), email: z.boolean() }),
});

export const channelSchema = z.enum(['sms', 'email']);
export type Channel = z.infer<typeof channelSchema>;

export const sendFirstDayRequestSchema = z.strictObject({
  session: sessionSchema,
  channel: channelSchema,
  pupilIds: z.array(z.uuid()).min(1).max(MAX_FIRST_DAY_PUPILS),
});

export const sendOutcomeSchema = z.enum([
  /** Sent now. */
  'sent',
  /** Sent before for this pupil, session, contact and channel: not sent again. */
  'already_sent',
  /** A send was started before and its outcome is unknown: not sent again (check with the gateway). */
  'pending',
  /** Refused by the gateway or mail server: nothing went out; try again later. */
  'failed',
  /** No contact with parental responsibility who may be contacted by this channel. */
  'no_contact',
]);
export const firstDayResultSchema = z.strictObject({
  pupilId: z.uuid(),
  contactId: z.uuid().nullable(),
  outcome: sendOutcomeSchema,
  /** Why it failed or nobody was reachable, in plain words. */
  problem: z.string().nullable(),
});
export type FirstDayResult = z.infer<typeof firstDayResultSchema>;
export const sendFirstDayResponseSchema = z.strictObject({
  results: z.array(firstDayResultSchema),
});

export const messagesQuerySchema = z.strictObject({
  date: wireDateSchema,
  part: sessionPartSchema,
});
export const sentMessageSchema = z.strictObject({
  id: z.uuid(),
  pupilId: z.uuid(),
  contactId: z.uuid(),
  channel: channelSchema,
  status: z.enum(['pending', 'sent', 'failed']),
  error: z.string().nullable(),
  at: z.string(),
});
export const messagesResponseSchema = z.strictObject({ messages: z.array(sentMessageSchema) });

// ── The parent page ───────────────────────────────────────────────────────────────────────────

export const parentLinkRequestSchema = z.strictObject({
  email: z
    .email('is not an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
});
export const parentLinkResponseSchema = z.strictObject({ status: z.literal('sent_if_known') });

export const parentSignInRequestSchema = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{20,100}$/, 'is not a sign-in link'),
});

const sessionCountsSchema = z.strictObject({
  sessionsPossible: z.int().nonnegative(),
  /** Absent, authorised or not: the page says it in days (two sessions a day). */
  sessionsMissed: z.int().nonnegative(),
});

export const parentChildSchema = z.strictObject({
  pupilId: z.uuid(),
  firstName: z.string(),
  schoolName: z.string(),
  /** The contact's preferred language, for the page's words where a translation exists. */
  language: z.string(),
  attendance: z.strictObject({
    /** This term so far; null outside term. */
    term: sessionCountsSchema.nullable(),
    /** This academic year so far. */
    year: sessionCountsSchema,
    /** Hours in the school's day, to say time missed in hours (familyTimeMissed). */
    schoolDayHours: z.number().positive(),
    /** This school week, Monday to Friday, morning then afternoon (weekStrip). */
    week: z.array(
      z.strictObject({
        date: localDateSchema,
        part: sessionPartSchema,
        state: z.enum(WEEK_SESSION_STATES),
      }),
    ),
  }),
});
export const parentChildrenResponseSchema = z.strictObject({
  children: z.array(parentChildSchema),
});

export const absenceReportRequestSchema = z.strictObject({
  pupilId: z.uuid(),
  from: wireDateSchema,
  to: wireDateSchema,
  reason: freeText({ min: 3, max: 500, trim: true }),
  expectedReturn: wireDateSchema.nullable(),
});

export const absenceReportSchema = z.strictObject({
  id: z.uuid(),
  pupilId: z.uuid(),
  pupilName: z.string(),
  reportedBy: z.strictObject({ name: z.string(), relationship: z.string() }),
  from: localDateSchema,
  to: localDateSchema,
  reason: z.string(),
  expectedReturn: localDateSchema.nullable(),
  at: z.string(),
  status: z.enum(['new', 'accepted', 'declined']),
  /** Register entries the acceptance changed or entered. */
  entriesChanged: z.number().int().nullable(),
});
export type AbsenceReport = z.infer<typeof absenceReportSchema>;
export const absenceReportResponseSchema = z.strictObject({ report: absenceReportSchema });
export const absenceReportsResponseSchema = z.strictObject({
  reports: z.array(absenceReportSchema),
});
export const absenceReportsQuerySchema = z.strictObject({
  status: z.enum(['new', 'accepted', 'declined']).default('new'),
});

/** The code the office records for an accepted report (an authorised absence code). */
export const acceptReportRequestSchema = z.strictObject({
  code: z.enum(['I', 'M', 'C', 'R', 'E', 'J', 'S', 'X', 'N']),
});
