/**
 * Attendance targets and the governors' termly pack (docs/api.md, "Governors").
 *
 * Who may call:
 * - the attendance lead and admins propose targets and see every proposal and the pack;
 * - a governor (read-only, docs/governors.md) sees the pack and the targets of their school and
 *   approves or sends back a proposal; every endpoint naming a pupil refuses them (403).
 * Nothing here names a pupil.
 */
import { defineDownload, defineEndpoint, jsonBody, jsonResponse } from '../endpoint';
import {
  governorPackQuerySchema,
  governorPackResponseSchema,
  proposeTargetSchema,
  targetDecisionSchema,
  targetIdParamSchema,
  targetListQuerySchema,
  targetListResponseSchema,
  targetResponseSchema,
} from '../governorSchemas';

const readers = { roles: ['attendance_lead', 'admin', 'governor'] } as const;
const proposers = { roles: ['attendance_lead', 'admin'] } as const;
const governors = { roles: ['governor'] } as const;

export const targets = defineEndpoint({
  name: 'targets.list',
  method: 'GET',
  path: '/api/targets',
  summary: "A school year's attendance targets: every proposal and decision, newest first.",
  access: readers,
  query: targetListQuerySchema,
  response: jsonResponse(targetListResponseSchema),
  errors: [],
});

export const proposeTarget = defineEndpoint({
  name: 'targets.propose',
  method: 'POST',
  path: '/api/targets',
  summary: 'Proposes an attendance target for the school or one group, for governors to approve.',
  access: proposers,
  body: jsonBody(proposeTargetSchema),
  response: jsonResponse(targetResponseSchema, { status: 201 }),
  errors: [],
});

export const decideTarget = defineEndpoint({
  name: 'targets.decide',
  method: 'POST',
  path: '/api/targets/:id/decision',
  summary: "A governor's decision on a proposed target: approved or sent back.",
  access: governors,
  params: targetIdParamSchema,
  body: jsonBody(targetDecisionSchema),
  response: jsonResponse(targetResponseSchema),
  errors: ['not_found', 'changed_since'],
});

export const governorPack = defineEndpoint({
  name: 'governors.pack',
  method: 'GET',
  path: '/api/governors/pack',
  summary: "The governors' termly pack: figures, trends, groups, benchmarks and targets.",
  access: readers,
  query: governorPackQuerySchema,
  response: jsonResponse(governorPackResponseSchema),
  errors: ['not_found'],
});

export const governorPackPdf = defineDownload({
  name: 'governors.packPdf',
  path: '/api/governors/pack.pdf',
  summary: "The governors' termly pack as a PDF.",
  access: readers,
  query: governorPackQuerySchema,
  mediaType: 'application/pdf',
});

export const GOVERNOR_ENDPOINTS = [
  targets,
  proposeTarget,
  decideTarget,
  governorPack,
  governorPackPdf,
] as const;
