/**
 * A small in-memory casework server for the screen tests: it answers the casework endpoints by
 * method and path with answers parsed by the contract's own schemas (so a change to the contract
 * breaks the tests), keeps the actions added, and records every request.
 */
import {
  actionResponseSchema,
  dueResponseSchema,
  pupilCaseResponseSchema,
  type CaseAction,
  type DueResponse,
  type Proposal,
} from '../../shared/api/caseworkSchemas';
import { PUPIL } from '../testSupport.fixture';

export const LEAD_ID = '00000000-0000-4000-8000-00000000a010';
export const ADA = { id: PUPIL.ada, displayName: 'Ada Adams' };
export const BEN = { id: PUPIL.ben, displayName: 'Ben Brown' };
export const TODAY = '2025-09-08';

export const LETTER_PROPOSAL: Proposal = {
  stageId: 'stage-1',
  stageName: 'Stage 1 letter',
  kind: 'letter',
  letter: 'stage-1',
  reason: 'Attendance is 91.7 %, below 93 %.',
  dueOn: TODAY,
  reviewInDays: 28,
};

let counter = 0;
function newId(): string {
  counter += 1;
  return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
}

export function caseAction(patch: Partial<CaseAction> & Pick<CaseAction, 'pupilId'>): CaseAction {
  return {
    id: newId(),
    caseId: '00000000-0000-4000-8000-0000000ca5e1',
    kind: 'call',
    title: 'Phone call home',
    stageId: null,
    status: 'planned',
    owner: { id: LEAD_ID, name: 'Mrs Lead' },
    dueOn: TODAY,
    reviewOn: null,
    doneOn: null,
    attendanceThen: null,
    notes: '',
    createdBy: { id: LEAD_ID, name: 'Mrs Lead' },
    createdAt: '2025-09-05T09:00:00.000Z',
    letters: [],
    ...patch,
  };
}

export interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export class FakeCaseworkServer {
  readonly requests: Recorded[] = [];
  actions: CaseAction[] = [];
  proposals: { pupil: { id: string; displayName: string }; proposal: Proposal }[] = [];

  readonly fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const { pathname } = new URL(url, 'http://tickmark.test');
    const method = init.method ?? 'GET';
    const body: unknown = typeof init.body === 'string' ? JSON.parse(init.body) : undefined;
    this.requests.push({ method, path: pathname, body });
    const answer = this.answer(method, pathname, body);
    return new Response(JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'Content-Type': 'application/json' },
    });
  };

  private pupilOf(id: string) {
    return [ADA, BEN].find((p) => p.id === id) ?? { id, displayName: 'Someone' };
  }

  protected answer(method: string, path: string, body: unknown): { status: number; body: unknown } {
    if (method === 'GET' && path === '/api/casework/due') {
      const due: DueResponse = {
        on: TODAY,
        actions: this.actions
          .filter((a) => a.status === 'planned' && a.dueOn <= TODAY)
          .map((a) => ({
            pupil: this.pupilOf(a.pupilId),
            action: a,
            why: a.dueOn < TODAY ? ('overdue' as const) : ('due' as const),
          })),
        proposals: this.proposals,
      };
      return { status: 200, body: dueResponseSchema.parse(due) };
    }
    const pupilCase = /^\/api\/casework\/pupils\/([^/]+)$/.exec(path);
    if (method === 'GET' && pupilCase?.[1] !== undefined) {
      const pupilId = pupilCase[1];
      const actions = this.actions.filter((a) => a.pupilId === pupilId);
      return {
        status: 200,
        body: pupilCaseResponseSchema.parse({
          pupil: this.pupilOf(pupilId),
          case:
            actions.length === 0
              ? null
              : { id: '00000000-0000-4000-8000-0000000ca5e1', openedOn: TODAY, closedOn: null },
          actions,
          proposals: this.proposals.filter((p) => p.pupil.id === pupilId).map((p) => p.proposal),
          attendance: { attended: 22, possible: 24 },
        }),
      };
    }
    const add = /^\/api\/casework\/pupils\/([^/]+)\/actions$/.exec(path);
    if (method === 'POST' && add?.[1] !== undefined) {
      const pupilId = add[1];
      const request = body as {
        kind: CaseAction['kind'];
        title?: string;
        stageId?: string;
        status?: 'planned' | 'declined';
        dueOn: string;
        reviewOn?: string;
        notes?: string;
      };
      const action = caseAction({
        pupilId,
        kind: request.kind,
        title: request.title ?? request.kind,
        stageId: request.stageId ?? null,
        status: request.status ?? 'planned',
        dueOn: request.dueOn,
        reviewOn: request.reviewOn ?? null,
        notes: request.notes ?? '',
        createdAt: '2025-09-08T09:30:00.000Z',
      });
      this.actions.push(action);
      this.proposals = this.proposals.filter(
        (p) => !(p.pupil.id === pupilId && p.proposal.stageId === request.stageId),
      );
      return { status: 201, body: actionResponseSchema.parse({ action }) };
    }
    const update = /^\/api\/casework\/actions\/([^/]+)$/.exec(path);
    if (method === 'PUT' && update?.[1] !== undefined) {
      const request = body as { status?: 'done' | 'cancelled'; doneOn?: string; notes?: string };
      const found = this.actions.find((a) => a.id === update[1]);
      if (found === undefined) return notFound();
      const changed: CaseAction = {
        ...found,
        ...(request.status === undefined ? {} : { status: request.status }),
        ...(request.status === 'done' ? { doneOn: request.doneOn ?? TODAY } : {}),
        ...(request.notes === undefined ? {} : { notes: request.notes }),
      };
      this.actions = this.actions.map((a) => (a.id === changed.id ? changed : a));
      return { status: 200, body: actionResponseSchema.parse({ action: changed }) };
    }
    return notFound();
  }
}

function notFound(): { status: number; body: unknown } {
  return {
    status: 404,
    body: { status: 'error', reason: 'not_found', message: 'No such case or action.' },
  };
}
