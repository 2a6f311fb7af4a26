/**
 * Casework (docs/api.md, "Casework"): a case per pupil with its timeline of actions, the
 * attendance lead's list of actions due, and the school's escalation ladder. For the attendance
 * lead and admins: cases hold sensitive notes about families.
 */
import {
  actionIdParamSchema,
  actionResponseSchema,
  addActionRequestSchema,
  createPartTimeRequestSchema,
  partTimeListResponseSchema,
  partTimeResponseSchema,
  timetableIdParamSchema,
  updatePartTimeRequestSchema,
  dueQuerySchema,
  dueResponseSchema,
  ladderResponseSchema,
  letterIdParamSchema,
  letterResponseSchema,
  makeLetterRequestSchema,
  saveTemplateRequestSchema,
  templateIdParamSchema,
  templateResponseSchema,
  templatesResponseSchema,
  pupilCaseResponseSchema,
  pupilIdParamSchema,
  saveLadderRequestSchema,
  updateActionRequestSchema,
} from '../caseworkSchemas';
import { defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  advanceNoticeRequestSchema,
  considerNoticeRequestSchema,
  noticeIdParamSchema,
  penaltyNoticeListQuerySchema,
  penaltyNoticeListResponseSchema,
  penaltyNoticeResponseSchema,
} from '../penaltyNoticeSchemas';

const lead = { roles: ['attendance_lead', 'admin'] } as const;

export const due = defineEndpoint({
  name: 'casework.due',
  method: 'GET',
  path: '/api/casework/due',
  summary: 'Actions due and reviews due on a day, and what the ladder proposes today.',
  access: lead,
  query: dueQuerySchema,
  response: jsonResponse(dueResponseSchema),
  errors: [],
});

export const pupilCase = defineEndpoint({
  name: 'casework.pupil',
  method: 'GET',
  path: '/api/casework/pupils/:pupilId',
  summary: "A pupil's case: the timeline of actions and what the ladder proposes.",
  access: lead,
  params: pupilIdParamSchema,
  response: jsonResponse(pupilCaseResponseSchema),
  errors: ['not_found'],
});

export const addAction = defineEndpoint({
  name: 'casework.addAction',
  method: 'POST',
  path: '/api/casework/pupils/:pupilId/actions',
  summary: "Adds an action to the pupil's case (opening one), or declines a proposal.",
  access: lead,
  params: pupilIdParamSchema,
  body: jsonBody(addActionRequestSchema),
  response: jsonResponse(actionResponseSchema, { status: 201 }),
  errors: ['not_found', 'already_exists'],
});

export const updateAction = defineEndpoint({
  name: 'casework.updateAction',
  method: 'PUT',
  path: '/api/casework/actions/:actionId',
  summary: 'Records an action done or cancelled, or changes its owner, review date or notes.',
  access: lead,
  params: actionIdParamSchema,
  body: jsonBody(updateActionRequestSchema),
  response: jsonResponse(actionResponseSchema),
  errors: ['not_found'],
});

export const ladder = defineEndpoint({
  name: 'casework.ladder',
  method: 'GET',
  path: '/api/casework/ladder',
  summary: "The school's escalation ladder.",
  access: lead,
  response: jsonResponse(ladderResponseSchema),
  errors: [],
});

export const saveLadder = defineEndpoint({
  name: 'casework.saveLadder',
  method: 'PUT',
  path: '/api/casework/ladder',
  summary: "Saves the school's escalation ladder.",
  access: lead,
  body: jsonBody(saveLadderRequestSchema),
  response: jsonResponse(ladderResponseSchema),
  errors: [],
});

export const makeLetter = defineEndpoint({
  name: 'casework.makeLetter',
  method: 'POST',
  path: '/api/casework/actions/:actionId/letters',
  summary: "Makes an action's letter as a PDF from a template and keeps it in the case.",
  access: lead,
  params: actionIdParamSchema,
  body: jsonBody(makeLetterRequestSchema),
  response: jsonResponse(letterResponseSchema, { status: 201 }),
  errors: ['not_found'],
});

export const letterPdf = defineEndpoint({
  name: 'casework.letterPdf',
  method: 'GET',
  path: '/api/casework/letters/:letterId',
  summary: 'A letter kept in a case, as its PDF.',
  access: lead,
  params: letterIdParamSchema,
  response: { kind: 'file', mediaType: 'application/pdf' },
  errors: ['not_found'],
});

export const letterTemplates = defineEndpoint({
  name: 'casework.letterTemplates',
  method: 'GET',
  path: '/api/casework/letter-templates',
  summary: "The school's letter templates and the merge fields they may use.",
  access: lead,
  response: jsonResponse(templatesResponseSchema),
  errors: [],
});

export const saveLetterTemplate = defineEndpoint({
  name: 'casework.saveLetterTemplate',
  method: 'PUT',
  path: '/api/casework/letter-templates/:templateId',
  summary: 'Saves one of the school’s letter templates (replacing a built-in one of that id).',
  access: lead,
  params: templateIdParamSchema,
  body: jsonBody(saveTemplateRequestSchema),
  response: jsonResponse(templateResponseSchema),
  errors: [],
});

export const CASEWORK_ENDPOINTS = [
  makeLetter,
  letterPdf,
  letterTemplates,
  saveLetterTemplate,
  due,
  pupilCase,
  addAction,
  updateAction,
  ladder,
  saveLadder,
] as const;

export const partTimeList = defineEndpoint({
  name: 'casework.partTimeList',
  method: 'GET',
  path: '/api/casework/part-time',
  summary: "The school's part-time timetables: the list the local authority asks for.",
  access: lead,
  response: jsonResponse(partTimeListResponseSchema),
  errors: [],
});

export const createPartTime = defineEndpoint({
  name: 'casework.createPartTime',
  method: 'POST',
  path: '/api/casework/pupils/:pupilId/part-time',
  summary: 'Agrees a part-time timetable and enters C2 for its off sessions in advance.',
  access: lead,
  params: pupilIdParamSchema,
  body: jsonBody(createPartTimeRequestSchema),
  response: jsonResponse(partTimeResponseSchema, { status: 201 }),
  errors: ['not_found'],
});

export const updatePartTime = defineEndpoint({
  name: 'casework.updatePartTime',
  method: 'PUT',
  path: '/api/casework/part-time/:timetableId',
  summary: 'Changes the review or the day the local authority was told, or ends it early.',
  access: lead,
  params: timetableIdParamSchema,
  body: jsonBody(updatePartTimeRequestSchema),
  response: jsonResponse(partTimeResponseSchema),
  errors: ['not_found'],
});

export const PART_TIME_ENDPOINTS = [partTimeList, createPartTime, updatePartTime] as const;

export const emailLetter = defineEndpoint({
  name: 'casework.emailLetter',
  method: 'POST',
  path: '/api/casework/letters/:letterId/email',
  summary:
    'Emails a letter kept in a case, with its PDF, to each contact with parental responsibility, and records what came of each.',
  access: lead,
  params: letterIdParamSchema,
  response: jsonResponse(letterResponseSchema),
  errors: ['not_found', 'mail_failed'],
});

export const LETTER_EMAIL_ENDPOINTS = [emailLetter] as const;

export const penaltyNotices = defineEndpoint({
  name: 'casework.penaltyNotices',
  method: 'GET',
  path: '/api/casework/penalty-notices',
  summary:
    "The school's penalty notices (or one pupil's), each with its steps: the local authority's record, also as CSV.",
  access: lead,
  query: penaltyNoticeListQuerySchema,
  response: jsonResponse(penaltyNoticeListResponseSchema, { csv: true }),
  errors: [],
});

export const considerNotice = defineEndpoint({
  name: 'casework.considerNotice',
  method: 'POST',
  path: '/api/casework/pupils/:pupilId/penalty-notices',
  summary: 'Records a penalty notice considered for one parent of the pupil.',
  access: lead,
  params: pupilIdParamSchema,
  body: jsonBody(considerNoticeRequestSchema),
  response: jsonResponse(penaltyNoticeResponseSchema, { status: 201 }),
  errors: ['not_found'],
});

export const advanceNotice = defineEndpoint({
  name: 'casework.advanceNotice',
  method: 'POST',
  path: '/api/casework/penalty-notices/:noticeId/steps',
  summary:
    'Records the next step of a penalty notice: a notice to improve, issued, paid, withdrawn or escalated (refused, with the reason, when the rules do not allow it).',
  access: lead,
  params: noticeIdParamSchema,
  body: jsonBody(advanceNoticeRequestSchema),
  response: jsonResponse(penaltyNoticeResponseSchema),
  errors: ['not_found'],
});

export const PENALTY_NOTICE_ENDPOINTS = [penaltyNotices, considerNotice, advanceNotice] as const;
