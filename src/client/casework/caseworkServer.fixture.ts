/**
 * A small in-memory casework server for the screen tests: it answers the casework endpoints by
 * method and path with answers parsed by the contract's own schemas (so a change to the contract
 * breaks the tests), keeps the actions added, and records every request.
 */
import { DEFAULT_LETTER_TEMPLATES, LETTER_FIELDS } from '../../domain/index';
import {
  penaltyNoticeListResponseSchema,
  penaltyNoticeResponseSchema,
  type PenaltyNoticeDto,
} from '../../shared/api/penaltyNoticeSchemas';
import {
  actionResponseSchema,
  letterPreviewResponseSchema,
  letterResponseSchema,
  partTimeListResponseSchema,
  partTimeResponseSchema,
  templatesResponseSchema,
  type PartTime,
  type CaseLetter,
  dueResponseSchema,
  pupilCaseResponseSchema,
  type CaseAction,
  type DueResponse,
  type Proposal,
} from '../../shared/api/caseworkSchemas';
import { render } from '@testing-library/react';
import { createElement } from 'react';
import type { FetchLike } from '../api/call';
import type { AppDb } from '../db/appDb';
import { ManualTimers, PUPIL } from '../testSupport.fixture';
import { fixedClock, LONDON, profile } from '../ui/screens.fixture';
import { CaseworkSection } from './CaseworkSection';

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
          parents: PARENTS,
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
    if (method === 'GET' && path === '/api/casework/letter-templates') {
      return {
        status: 200,
        body: templatesResponseSchema.parse({
          templates: DEFAULT_LETTER_TEMPLATES,
          fields: { ...LETTER_FIELDS },
        }),
      };
    }
    const preview = /^\/api\/casework\/actions\/([^/]+)\/letters\/preview$/.exec(path);
    if (method === 'POST' && preview?.[1] !== undefined) {
      return {
        status: 200,
        body: letterPreviewResponseSchema.parse({
          template: (body as { templateId: string }).templateId,
          sentTo: 'Jane Adams and John Adams',
          subject: 'Attendance concern (stage one): Ada Adams',
          paragraphs: ['Dear Jane Adams and John Adams,', 'Ada attended 91.7 % of sessions.'],
        }),
      };
    }
    const make = /^\/api\/casework\/actions\/([^/]+)\/letters$/.exec(path);
    if (method === 'POST' && make?.[1] !== undefined) {
      const found = this.actions.find((a) => a.id === make[1]);
      if (found === undefined) return notFound();
      const templateId = (body as { templateId: string }).templateId;
      const letter: CaseLetter = {
        id: newId(),
        fileName: `${templateId}-Ada-Adams-2025-09-08.pdf`,
        template: templateId,
        sentTo: 'Jane Adams and John Adams',
        how: 'printed',
        madeAt: '2025-09-08T09:40:00.000Z',
        madeBy: { id: LEAD_ID, name: 'Mrs Lead' },
        deliveries: [],
      };
      this.replaceAction({ ...found, letters: [...found.letters, letter] });
      return { status: 201, body: letterResponseSchema.parse({ letter }) };
    }
    const email = /^\/api\/casework\/letters\/([^/]+)\/email$/.exec(path);
    if (method === 'POST' && email?.[1] !== undefined) {
      const found = this.actions.find((a) => a.letters.some((l) => l.id === email[1]));
      const letter = found?.letters.find((l) => l.id === email[1]);
      if (found === undefined || letter === undefined) return notFound();
      const at = '2025-09-08T09:45:00.000Z';
      const by = { id: LEAD_ID, name: 'Mrs Lead' };
      const emailed: CaseLetter = {
        ...letter,
        how: 'email',
        deliveries: [
          {
            contact: { id: PARENTS[0].id, name: PARENTS[0].name },
            email: PARENTS[0].email,
            outcome: 'sent',
            detail: null,
            at,
            by,
          },
          {
            contact: { id: PARENTS[1].id, name: PARENTS[1].name },
            email: null,
            outcome: 'not_sent',
            detail:
              'Not emailed: the school holds no email address for them. Post or hand the letter.',
            at,
            by,
          },
        ],
      };
      this.replaceAction({
        ...found,
        letters: found.letters.map((l) => (l.id === emailed.id ? emailed : l)),
      });
      return { status: 200, body: letterResponseSchema.parse({ letter: emailed }) };
    }
    if (method === 'GET' && path === '/api/casework/part-time') {
      return {
        status: 200,
        body: partTimeListResponseSchema.parse({ timetables: this.timetables }),
      };
    }
    const createPt = /^\/api\/casework\/pupils\/([^/]+)\/part-time$/.exec(path);
    if (method === 'POST' && createPt?.[1] !== undefined) {
      const request = body as Omit<
        PartTime,
        'id' | 'pupil' | 'endedEarlyOn' | 'reviewDue' | 'offSessions' | 'laNotifiedOn'
      > & { laNotifiedOn?: string };
      const timetable: PartTime = {
        id: newId(),
        pupil: this.pupilOf(createPt[1]),
        attends: request.attends,
        startsOn: request.startsOn,
        reviewOn: request.reviewOn,
        endsOn: request.endsOn,
        endedEarlyOn: null,
        agreement: request.agreement,
        agreedOn: request.agreedOn,
        laNotifiedOn: request.laNotifiedOn ?? null,
        reviewDue: false,
        offSessions: 25,
      };
      this.timetables.push(timetable);
      return {
        status: 201,
        body: partTimeResponseSchema.parse({
          timetable,
          preEntered: { applied: 25, unchanged: 0, conflict: 0 },
        }),
      };
    }
    const updatePt = /^\/api\/casework\/part-time\/([^/]+)$/.exec(path);
    if (method === 'PUT' && updatePt?.[1] !== undefined) {
      const found = this.timetables.find((x) => x.id === updatePt[1]);
      if (found === undefined) return notFound();
      const request = body as { endOn?: string; laNotifiedOn?: string };
      const changed: PartTime = {
        ...found,
        ...(request.endOn === undefined
          ? {}
          : { endsOn: request.endOn, endedEarlyOn: TODAY, offSessions: 3 }),
        ...(request.laNotifiedOn === undefined ? {} : { laNotifiedOn: request.laNotifiedOn }),
      };
      this.timetables = this.timetables.map((x) => (x.id === changed.id ? changed : x));
      return {
        status: 200,
        body: partTimeResponseSchema.parse({
          timetable: changed,
          ...(request.endOn === undefined ? {} : { withdrawn: { withdrawn: 12, leftChanged: 1 } }),
        }),
      };
    }
    if (method === 'GET' && path === '/api/casework/penalty-notices') {
      return {
        status: 200,
        body: penaltyNoticeListResponseSchema.parse({ notices: this.notices }),
      };
    }
    const step = /^\/api\/casework\/penalty-notices\/([^/]+)\/steps$/.exec(path);
    if (method === 'POST' && step?.[1] !== undefined) {
      const found = this.notices.find((n) => n.id === step[1]);
      if (found === undefined) return notFound();
      if (this.refuseNextStep !== null) {
        return {
          status: 400,
          body: { status: 'error', reason: 'invalid_request', message: this.refuseNextStep },
        };
      }
      return { status: 200, body: penaltyNoticeResponseSchema.parse({ notice: found }) };
    }
    return notFound();
  }

  notices: PenaltyNoticeDto[] = [];
  timetables: PartTime[] = [];
  /** The rule's words the server answers the next step with, or null to accept it. */
  refuseNextStep: string | null = null;

  private replaceAction(changed: CaseAction): void {
    this.actions = this.actions.map((a) => (a.id === changed.id ? changed : a));
  }
}

export const PARENTS = [
  {
    id: '00000000-0000-4000-8000-0000000cc001',
    name: 'Jane Adams',
    relationship: 'Mother',
    email: 'jane@family.example',
    mayContact: true,
  },
  {
    id: '00000000-0000-4000-8000-0000000cc002',
    name: 'John Adams',
    relationship: 'Father',
    email: null,
    mayContact: true,
  },
] as const;

function notFound(): { status: number; body: unknown } {
  return {
    status: 404,
    body: { status: 'error', reason: 'not_found', message: 'No such case or action.' },
  };
}

const PIN = {
  algorithm: 'PBKDF2-SHA-256',
  iterations: 1,
  salt: 'c2FsdA==',
  hash: 'aGFzaA==',
} as const;

/** The attendance lead signed in on the device. */
export const LEAD = profile({ staffId: LEAD_ID, name: 'Mrs Lead', role: 'attendance_lead' }, PIN);

/** The casework section as the lead sees it on Monday 8 September 2025, talking to `server`. */
export function renderCasework(db: AppDb, fetch: FetchLike): ReturnType<typeof render> {
  return render(
    createElement(CaseworkSection, {
      db,
      staff: LEAD,
      clock: fixedClock(LONDON.amOpen),
      timers: new ManualTimers(LONDON.amOpen),
      fetch,
    }),
  );
}
