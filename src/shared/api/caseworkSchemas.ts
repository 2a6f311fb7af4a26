/**
 * The casework API on the wire (docs/api.md, "Casework"): a pupil's case and its actions, the
 * attendance lead's list of actions due, and the school's escalation ladder, whose schema is the
 * domain's (src/domain/casework/ladder.ts). Objects are strict, as elsewhere.
 */
import { z } from 'zod';
import {
  CASE_ACTION_KINDS,
  ladderSchema,
  letterTemplateSchema,
  weeklySessionSchema,
} from '../../domain/index';
import { freeText, lineText } from './plainText';
import { wireDateSchema } from './syncSchemas';

export const CASE_ACTION_STATUSES = ['planned', 'done', 'declined', 'cancelled'] as const;

const person = z.strictObject({ id: z.uuid(), name: z.string() });
const kind = z.enum(CASE_ACTION_KINDS);
const notes = freeText({ max: 5000, trim: true, tooLong: 'must be 5000 characters or fewer' });
const title = lineText({
  min: 1,
  max: 200,
  trim: true,
  tooShort: 'is required',
  tooLong: 'must be 200 characters or fewer',
});

export const pupilIdParamSchema = z.strictObject({ pupilId: z.uuid() });
export const actionIdParamSchema = z.strictObject({ actionId: z.uuid() });

/** One email of a letter to a contact with parental responsibility, and what came of it. */
export const letterDeliverySchema = z.strictObject({
  contact: z.strictObject({ id: z.uuid(), name: z.string() }),
  /** The address used; null when the contact has none. */
  email: z.string().nullable(),
  /** `not_sent`: the contact could not be emailed (no address, do not contact, a court order). */
  outcome: z.enum(['sent', 'failed', 'not_sent']),
  /** Why it failed or was not sent, in plain words; null when sent. */
  detail: z.string().nullable(),
  at: z.iso.datetime({ offset: true }),
  by: person,
});
export type LetterDelivery = z.infer<typeof letterDeliverySchema>;

/** A letter made for an action: what was sent to whom and when. */
export const caseLetterSchema = z.strictObject({
  id: z.uuid(),
  fileName: z.string(),
  template: z.string(),
  /** Who it is addressed to: the contacts with parental responsibility by name. */
  sentTo: z.string(),
  /** `printed` until it has been emailed to at least one contact. */
  how: z.enum(['printed', 'email']),
  madeAt: z.iso.datetime({ offset: true }),
  madeBy: person,
  /** Every email of it, oldest first. */
  deliveries: z.array(letterDeliverySchema),
});
export type CaseLetter = z.infer<typeof caseLetterSchema>;

export const caseActionSchema = z.strictObject({
  id: z.uuid(),
  caseId: z.uuid(),
  pupilId: z.uuid(),
  kind,
  title: z.string(),
  stageId: z.string().nullable(),
  status: z.enum(CASE_ACTION_STATUSES),
  owner: person.nullable(),
  dueOn: wireDateSchema,
  reviewOn: wireDateSchema.nullable(),
  doneOn: wireDateSchema.nullable(),
  /** Attendance when it was done: sessions attended of possible this school year. */
  attendanceThen: z.strictObject({ attended: z.int(), possible: z.int() }).nullable(),
  notes: z.string(),
  createdBy: person,
  createdAt: z.iso.datetime({ offset: true }),
  letters: z.array(caseLetterSchema),
});
export type CaseAction = z.infer<typeof caseActionSchema>;

export const proposalSchema = z.strictObject({
  stageId: z.string(),
  stageName: z.string(),
  kind,
  letter: z.string().nullable(),
  reason: z.string(),
  dueOn: wireDateSchema,
  reviewInDays: z.int().nullable(),
});
export type Proposal = z.infer<typeof proposalSchema>;

const casePupil = z.strictObject({ id: z.uuid(), displayName: z.string() });

export const pupilCaseResponseSchema = z.strictObject({
  pupil: casePupil,
  case: z
    .strictObject({ id: z.uuid(), openedOn: wireDateSchema, closedOn: wireDateSchema.nullable() })
    .nullable(),
  /** The timeline, oldest first. */
  actions: z.array(caseActionSchema),
  /** What the ladder proposes today; a person accepts (adds the action) or declines each. */
  proposals: z.array(proposalSchema),
  /** Attendance this school year: sessions attended of possible. */
  attendance: z.strictObject({ attended: z.int(), possible: z.int() }),
  /** The contacts with parental responsibility: letters are addressed and emailed to them. */
  parents: z.array(
    z.strictObject({
      id: z.uuid(),
      name: z.string(),
      relationship: z.string(),
      email: z.string().nullable(),
      /** False with "do not contact" or a court order: never emailed. */
      mayContact: z.boolean(),
    }),
  ),
});
export type PupilCaseResponse = z.infer<typeof pupilCaseResponseSchema>;

export const addActionRequestSchema = z.strictObject({
  kind,
  title: title.optional(),
  /** The ladder stage being accepted or declined. */
  stageId: z.string().min(1).max(40).optional(),
  /** `declined`: the lead decided against a proposal (kept, so it is not proposed again). */
  status: z.enum(['planned', 'declined']).default('planned'),
  ownerId: z.uuid().optional(),
  dueOn: wireDateSchema,
  reviewOn: wireDateSchema.optional(),
  notes: notes.optional(),
});
export type AddActionRequest = z.input<typeof addActionRequestSchema>;

export const updateActionRequestSchema = z.strictObject({
  /** `done` records the day it was done (and the attendance then); `cancelled` drops it. */
  status: z.enum(['done', 'cancelled']).optional(),
  doneOn: wireDateSchema.optional(),
  reviewOn: wireDateSchema.nullable().optional(),
  ownerId: z.uuid().nullable().optional(),
  notes: notes.optional(),
});
export type UpdateActionRequest = z.input<typeof updateActionRequestSchema>;

export const actionResponseSchema = z.strictObject({ action: caseActionSchema });

export const dueQuerySchema = z.strictObject({ on: wireDateSchema.optional() });

export const dueResponseSchema = z.strictObject({
  on: wireDateSchema,
  /** Planned actions due on or before the day, and actions whose review is due. */
  actions: z.array(
    z.strictObject({
      pupil: casePupil,
      action: caseActionSchema,
      why: z.enum(['due', 'overdue', 'review']),
    }),
  ),
  /** What the ladder proposes today for every pupil on roll. */
  proposals: z.array(z.strictObject({ pupil: casePupil, proposal: proposalSchema })),
});
export type DueResponse = z.infer<typeof dueResponseSchema>;

export const ladderResponseSchema = z.strictObject({
  /** The school's ladder, or null when it has none yet (nothing is proposed). */
  ladder: ladderSchema.nullable(),
});
export const saveLadderRequestSchema = z.strictObject({ ladder: ladderSchema });

export const letterIdParamSchema = z.strictObject({ letterId: z.uuid() });
export const templateIdParamSchema = z.strictObject({
  templateId: z.string().regex(/^[a-z0-9-]{1,40}$/),
});

export const makeLetterRequestSchema = z.strictObject({
  /** The template; by default the one the action's ladder stage names. */
  templateId: z.string().min(1).max(40).optional(),
});
export const letterResponseSchema = z.strictObject({ letter: caseLetterSchema });

export const templatesResponseSchema = z.strictObject({
  templates: z.array(letterTemplateSchema),
  /** The merge fields a template may use, with what each holds. */
  fields: z.record(z.string(), z.string()),
});
export const saveTemplateRequestSchema = z.strictObject({
  name: z.string(),
  subject: z.string(),
  body: z.string(),
});
export const templateResponseSchema = z.strictObject({ template: letterTemplateSchema });

export const timetableIdParamSchema = z.strictObject({ timetableId: z.uuid() });

export const createPartTimeRequestSchema = z.strictObject({
  attends: z.array(weeklySessionSchema).max(9),
  startsOn: wireDateSchema,
  reviewOn: wireDateSchema,
  endsOn: wireDateSchema,
  /** Who agreed it and what (the parents, the school, the local authority). */
  agreement: freeText({ min: 1, max: 2000, trim: true, tooShort: 'is required' }),
  agreedOn: wireDateSchema,
  laNotifiedOn: wireDateSchema.optional(),
});

export const updatePartTimeRequestSchema = z.strictObject({
  reviewOn: wireDateSchema.optional(),
  laNotifiedOn: wireDateSchema.optional(),
  /** Ends the timetable early: its last day. Its off sessions after today and after it are withdrawn. */
  endOn: wireDateSchema.optional(),
});

export const partTimeSchema = z.strictObject({
  id: z.uuid(),
  pupil: z.strictObject({ id: z.uuid(), displayName: z.string() }),
  attends: z.array(weeklySessionSchema),
  startsOn: wireDateSchema,
  reviewOn: wireDateSchema,
  endsOn: wireDateSchema,
  endedEarlyOn: wireDateSchema.nullable(),
  agreement: z.string(),
  agreedOn: wireDateSchema,
  laNotifiedOn: wireDateSchema.nullable(),
  reviewDue: z.boolean(),
  /** Off sessions entered as C2 (and still entered). */
  offSessions: z.int(),
});
export type PartTime = z.infer<typeof partTimeSchema>;

const counted = z.strictObject({ applied: z.int(), unchanged: z.int(), conflict: z.int() });

export const partTimeResponseSchema = z.strictObject({
  timetable: partTimeSchema,
  /** C2 entered in advance: applied, already C2, or a conflict for the office's review. */
  preEntered: counted.optional(),
  /** On ending early: C2 withdrawn, and entries left because someone changed them since. */
  withdrawn: z.strictObject({ withdrawn: z.int(), leftChanged: z.int() }).optional(),
});

export const partTimeListResponseSchema = z.strictObject({ timetables: z.array(partTimeSchema) });
