/**
 * Leave of absence on the wire (docs/api.md, "Leave requests"; docs/parents.md): a parent's
 * request from the parent page with an optional evidence file, the queue of the person who
 * decides, the decision, and the school's leave rules. The evidence file travels as base64 inside
 * JSON, like a pupil photo, so both ends parse it with a schema; the server checks its content.
 */
import { z } from 'zod';
import { LEAVE_DECIDERS, localDate, type LeaveRules } from '../../domain/index';
import { freeText, lineText } from './plainText';
import { localDateSchema, wireDateSchema } from './wireTime';

/** The largest evidence file kept: a phone photo of an invitation or a scanned letter. */
export const LEAVE_EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
/** The evidence file types kept, recognised by their first bytes, not their names. */
export const LEAVE_EVIDENCE_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type LeaveEvidenceType = (typeof LEAVE_EVIDENCE_TYPES)[number];
/** The request body of the one endpoint that carries a file: the file in base64 and the rest. */
export const LEAVE_REQUEST_MAX_BODY_BYTES = Math.ceil(LEAVE_EVIDENCE_MAX_BYTES / 3) * 4 + 16 * 1024;
/** The longest leave one request may ask for, in calendar days. */
export const MAX_LEAVE_DAYS = 60;

const sessionSchema = z.strictObject({
  date: wireDateSchema,
  part: z.enum(['AM', 'PM']),
});
const storedSessionSchema = z.strictObject({ date: localDateSchema, part: z.enum(['AM', 'PM']) });

export const leaveIdParamSchema = z.strictObject({ id: z.uuid() });

const evidenceUploadSchema = z.strictObject({
  fileName: lineText({ min: 1, max: 255, trim: true }),
  data: z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/u, { message: 'The file is not base64.' })
    .min(4, { message: 'The file is empty. Choose the file again.' }),
});

export const leaveRequestBodySchema = z.strictObject({
  pupilId: z.uuid(),
  from: sessionSchema,
  to: sessionSchema,
  reason: freeText({ min: 3, max: 1000, trim: true }),
  evidence: evidenceUploadSchema.nullable(),
});
export type LeaveRequestBody = z.input<typeof leaveRequestBodySchema>;

const statusSchema = z.enum(['requested', 'granted', 'refused']);
export type LeaveStatus = z.infer<typeof statusSchema>;

/** A request as its parent sees it. */
export const parentLeaveSchema = z.strictObject({
  id: z.uuid(),
  pupilId: z.uuid(),
  pupilName: z.string(),
  from: storedSessionSchema,
  to: storedSessionSchema,
  reason: z.string(),
  evidenceName: z.string().nullable(),
  at: z.string(),
  status: statusSchema,
  /** The decider's reason, once decided. */
  decisionReason: z.string().nullable(),
  /** Whether the decision letter can be downloaded. */
  hasLetter: z.boolean(),
});
export type ParentLeave = z.infer<typeof parentLeaveSchema>;
export const parentLeaveResponseSchema = z.strictObject({ request: parentLeaveSchema });
export const parentLeavesResponseSchema = z.strictObject({ requests: z.array(parentLeaveSchema) });

const brokenRuleSchema = z.strictObject({
  rule: z.enum(['notice', 'autumn_start', 'blackout', 'attendance']),
  message: z.string(),
});
const countsSchema = z.strictObject({ attended: z.int(), possible: z.int() });

/** A request as the office and the decider see it. */
export const leaveRequestSchema = parentLeaveSchema.extend({
  requestedBy: z.strictObject({ name: z.string(), relationship: z.string() }),
  evidenceType: z.enum(LEAVE_EVIDENCE_TYPES).nullable(),
  /** School sessions the leave covers. */
  sessions: z.int(),
  /** This term and this school year until today, from the register's code categories. */
  attendance: z.strictObject({ term: countsSchema.nullable(), year: countsSchema }),
  /** The school's rules this request breaks (at the decision, as the decider saw them). */
  rulesBroken: z.array(brokenRuleSchema),
  decidedBy: z.strictObject({ name: z.string(), role: z.enum(LEAVE_DECIDERS) }).nullable(),
  decidedAt: z.string().nullable(),
  /** The letter by email: to whom, when, and how it went. */
  emailed: z
    .strictObject({ to: z.string().nullable(), at: z.string(), outcome: z.string() })
    .nullable(),
  /** Register entries the decision entered (`C`) or later recorded `G`. */
  entriesChanged: z.int().nullable(),
});
export type LeaveRequest = z.infer<typeof leaveRequestSchema>;

export const leaveQueueQuerySchema = z.strictObject({
  status: statusSchema.default('requested'),
});
export const leaveQueueResponseSchema = z.strictObject({
  requests: z.array(leaveRequestSchema),
  /** Whether the person asking may decide (the school's "leave decided by"). */
  mayDecide: z.boolean(),
  decidedBy: z.enum(LEAVE_DECIDERS),
});
export const leaveRequestResponseSchema = z.strictObject({ request: leaveRequestSchema });

export const leaveDecisionSchema = z.strictObject({
  decision: z.enum(['grant', 'refuse']),
  reason: freeText({ min: 3, max: 1000, trim: true }),
});

export const leaveEvidenceResponseSchema = z.strictObject({
  fileName: z.string(),
  mediaType: z.enum(LEAVE_EVIDENCE_TYPES),
  data: z.string(),
});

const blackoutSchema = z
  .strictObject({
    name: lineText({ min: 1, max: 80, trim: true }),
    from: wireDateSchema,
    to: wireDateSchema,
  })
  .refine((b) => b.to >= b.from, {
    message: 'ends before it starts: check the dates',
    path: ['to'],
  });

export const leaveRulesSchema = z
  .strictObject({
    decidedBy: z.enum(LEAVE_DECIDERS),
    noticeSchoolDays: z.int().min(0).max(60),
    autumnStartSchoolDays: z.int().min(0).max(60),
    blackouts: z.array(blackoutSchema).max(30),
    minAttendancePercent: z.number().min(0).max(100).nullable(),
  })
  .transform((r): LeaveRules => ({
    ...r,
    blackouts: r.blackouts.map((b) => ({
      name: b.name,
      from: localDate(b.from),
      to: localDate(b.to),
    })),
  }));
export const leaveSettingsResponseSchema = z.strictObject({
  rules: leaveRulesSchema,
});
