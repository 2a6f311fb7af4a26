/**
 * An in-memory stand-in for the office server's sync API, for client tests: it speaks the shared
 * wire schemas over a `fetch` function and follows the server's protocol (research/sync.md §1.8):
 * per-device `clientSeq` with resend → stored ack and gap → 409, rejected events acked and never
 * pulled, heads decided with the domain's `stepEntry`, a pull cursor, snapshots and resets.
 * Faults can be queued: a status answer without committing, or a lost response after committing.
 */
import {
  entryKey,
  localDate,
  stepEntry,
  type EntryState,
  type MarkActor,
} from '../../domain/index';
import {
  pullQuerySchema,
  pushRequestSchema,
  type AckStatus,
  type PullResponse,
  type PushAck,
  type PushResponse,
  type Roster,
  type ServerEvent,
  type SnapshotResponse,
} from '../../shared/api/syncSchemas';
import type { FetchLike } from './syncClient';

export const SCHOOL_EPOCH = '00000000-0000-4000-8000-00000000e0c1';

export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly body?: unknown }
  | { readonly kind: 'lose_response' };

interface StoredEvent extends ServerEvent {
  readonly clientSeq: number | null;
}

interface Head {
  state: EntryState;
  headSeq: number;
  pupilId: string;
  session: ServerEvent['session'];
}

export interface FakeServerOptions {
  readonly staff: readonly MarkActor[];
  readonly roster: Roster;
  /** Server time as an ISO instant (default 2025-09-08T08:00:00Z). */
  readonly now?: () => string;
}

export class FakeSyncServer {
  epoch = SCHOOL_EPOCH;
  seq = 0;
  readonly events: StoredEvent[] = [];
  readonly devices = new Map<string, number>();
  readonly heads = new Map<string, Head>();
  readonly faults: Fault[] = [];
  readonly requests: string[] = [];
  /** Codes the server refuses (stands in for the server's rule checks). */
  readonly refusedCodes = new Set<string>();
  roster: Roster;
  snapshotFrom = '2025-07-28';
  now: () => string;
  private readonly staff: Map<string, MarkActor>;

  constructor(options: FakeServerOptions) {
    this.staff = new Map(options.staff.map((s) => [s.staffId, s]));
    this.roster = options.roster;
    this.now = options.now ?? (() => '2025-09-08T08:00:00.000Z');
  }

  /** A `fetch` that answers the sync routes. */
  readonly fetch: FetchLike = async (input, init) => {
    const url = new URL(input, 'http://tablet.test');
    this.requests.push(`${init.method ?? 'GET'} ${url.pathname}`);
    const fault = this.faults.shift();
    if (fault?.kind === 'status') return json(fault.status, fault.body ?? errorBody(fault.status));
    let answer: Response;
    if (url.pathname === '/api/sync/push' && init.method === 'POST') {
      answer = this.handlePush(JSON.parse(String(init.body)) as unknown);
    } else if (url.pathname === '/api/sync/pull') {
      answer = this.handlePull(Object.fromEntries(url.searchParams));
    } else if (url.pathname === '/api/sync/snapshot') {
      answer = json(200, this.snapshot());
    } else {
      answer = json(404, errorBody(404));
    }
    if (fault?.kind === 'lose_response') throw new TypeError('Failed to fetch');
    return answer;
  };

  /** Records an event from another device, as if pushed there. */
  recordFromElsewhere(
    event: Omit<ServerEvent, 'serverSeq' | 'receivedAt' | 'status' | 'statusDetail'>,
  ): ServerEvent {
    return this.record(event, null).stored;
  }

  /** Who the server thinks pushed what: pulled events only (rejected ones are not sent). */
  visibleEvents(): ServerEvent[] {
    return this.events.filter((e) => e.status !== 'rejected').map(stripClientSeq);
  }

  private handlePush(body: unknown): Response {
    const parsed = pushRequestSchema.safeParse(body);
    if (!parsed.success) return json(400, errorBody(400));
    const request = parsed.data;
    const events = [...request.events].sort((a, b) => a.clientSeq - b.clientSeq);
    // The real server runs the batch in one transaction: a gap anywhere commits nothing.
    let last = this.devices.get(request.deviceId) ?? 0;
    for (const event of events) {
      if (event.clientSeq <= last) continue;
      if (event.clientSeq > last + 1) {
        return json(409, {
          status: 'error',
          reason: 'sequence_gap',
          message: `Events must arrive in order: expected clientSeq ${last + 1}, got ${event.clientSeq}.`,
          details: { expected: last + 1 },
        });
      }
      last = event.clientSeq;
    }
    last = this.devices.get(request.deviceId) ?? 0;
    const acks: PushAck[] = [];
    for (const event of events) {
      if (event.clientSeq <= last) {
        const stored = this.events.find(
          (e) => e.deviceId === request.deviceId && e.clientSeq === event.clientSeq,
        );
        if (stored === undefined) throw new Error('fake server lost an event');
        acks.push(this.ackOf(stored, event.clientSeq));
        continue;
      }
      last = event.clientSeq;
      const existing = this.events.find((e) => e.eventId === event.eventId);
      if (existing !== undefined) {
        acks.push(this.ackOf(existing, event.clientSeq));
        continue;
      }
      const actor = this.staff.get(event.actorStaffId);
      const { stored } = this.record(
        {
          eventId: event.eventId,
          pupilId: event.pupilId,
          session: event.session,
          code: event.code,
          minutesLate: event.minutesLate,
          arrivedAt: event.arrivedAt,
          reason: event.reason,
          baseEventId: event.baseEventId,
          actor: actor ?? { staffId: event.actorStaffId, name: 'Unknown', role: 'teacher' },
          deviceId: request.deviceId,
          recordedAt: event.recordedAt,
        },
        event.clientSeq,
        actor === undefined
          ? 'This mark was made by someone who has not signed in on this device.'
          : this.refusedCodes.has(event.code)
            ? `The code ${event.code} cannot be used here.`
            : null,
      );
      acks.push(this.ackOf(stored, event.clientSeq));
    }
    this.devices.set(request.deviceId, last);
    const response: PushResponse = {
      acks,
      lastClientSeq: last,
      headSeq: this.seq,
      serverTime: this.now(),
    };
    return json(200, response);
  }

  private record(
    event: Omit<ServerEvent, 'serverSeq' | 'receivedAt' | 'status' | 'statusDetail'>,
    clientSeq: number | null,
    rejection: string | null = null,
  ): { stored: StoredEvent } {
    this.seq += 1;
    const serverSeq = this.seq;
    const key = entryKey(event.pupilId, {
      date: localDate(event.session.date),
      part: event.session.part,
    });
    let status: AckStatus = 'rejected';
    let detail: string | null = rejection;
    if (rejection === null) {
      const head = this.heads.get(key);
      const step = stepEntry(head?.state ?? null, event);
      status = step.outcome.status;
      detail =
        step.outcome.status === 'conflict'
          ? 'Someone else marked this pupil differently.'
          : step.outcome.status === 'superseded'
            ? 'The office had already amended this entry.'
            : null;
      if (step.state !== null) {
        this.heads.set(key, {
          state: step.state,
          headSeq: step.state.headEventId === event.eventId ? serverSeq : (head?.headSeq ?? 0),
          pupilId: event.pupilId,
          session: event.session,
        });
      }
    }
    const stored: StoredEvent = {
      ...event,
      serverSeq,
      receivedAt: this.now(),
      status,
      statusDetail: detail,
      clientSeq,
    };
    this.events.push(stored);
    return { stored };
  }

  private ackOf(stored: StoredEvent, clientSeq: number): PushAck {
    const head = this.heads.get(
      entryKey(stored.pupilId, { date: localDate(stored.session.date), part: stored.session.part }),
    );
    return {
      eventId: stored.eventId,
      clientSeq,
      serverSeq: stored.serverSeq,
      status: stored.status,
      reason: stored.statusDetail,
      entry:
        stored.status === 'rejected' || head === undefined
          ? null
          : {
              code: head.state.code,
              minutesLate: head.state.minutesLate,
              headEventId: head.state.headEventId,
              needsReview: head.state.needsReview,
            },
    };
  }

  private handlePull(query: Record<string, string>): Response {
    const parsed = pullQuerySchema.safeParse(query);
    if (!parsed.success) return json(400, errorBody(400));
    const { after, limit, epoch, rosterVersion } = parsed.data;
    const serverTime = this.now();
    if ((epoch !== undefined && epoch !== this.epoch) || after > this.seq) {
      const reset: PullResponse = {
        kind: 'reset',
        epoch: this.epoch,
        headSeq: this.seq,
        message: 'The office’s data was restored from a backup.',
        serverTime,
      };
      return json(200, reset);
    }
    const rows = this.events.filter((e) => e.serverSeq > after).slice(0, limit + 1);
    const page = rows.slice(0, limit);
    const response: PullResponse = {
      kind: 'events',
      epoch: this.epoch,
      events: page.filter((e) => e.status !== 'rejected').map(stripClientSeq),
      nextCursor: page.at(-1)?.serverSeq ?? after,
      headSeq: this.seq,
      hasMore: rows.length > limit,
      serverTime,
      roster: rosterVersion < this.roster.version ? this.roster : null,
    };
    return json(200, response);
  }

  snapshot(): SnapshotResponse {
    return {
      epoch: this.epoch,
      cursor: this.seq,
      from: this.snapshotFrom,
      entries: [...this.heads.values()].map((head) => ({
        pupilId: head.pupilId,
        session: head.session,
        code: head.state.code,
        minutesLate: head.state.minutesLate,
        headEventId: head.state.headEventId,
        headSeq: head.headSeq,
        headRole: head.state.headRole,
        needsReview: head.state.needsReview,
      })),
      roster: this.roster,
      serverTime: this.now(),
    };
  }

  /** Simulates a restore from a backup taken when the log ended at `seq`: a new epoch. */
  restoreTo(seq: number, newEpoch: string): void {
    const kept = this.events.filter((e) => e.serverSeq <= seq);
    this.events.length = 0;
    this.heads.clear();
    this.devices.clear();
    this.seq = 0;
    this.epoch = newEpoch;
    for (const { clientSeq, ...event } of kept) {
      const rejection = event.status === 'rejected' ? (event.statusDetail ?? 'rejected') : null;
      this.record(event, clientSeq, rejection);
      if (clientSeq !== null && event.deviceId !== null) {
        this.devices.set(
          event.deviceId,
          Math.max(this.devices.get(event.deviceId) ?? 0, clientSeq),
        );
      }
    }
  }
}

function stripClientSeq(event: StoredEvent): ServerEvent {
  const { clientSeq: _clientSeq, ...rest } = event;
  return rest;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

function errorBody(status: number): unknown {
  const reason =
    status === 401
      ? 'not_signed_in'
      : status === 413
        ? 'payload_too_large'
        : status === 503
          ? 'unavailable'
          : status === 404
            ? 'not_found'
            : status >= 500
              ? 'internal'
              : 'invalid_request';
  return { status: 'error', reason, message: `Fake server says ${status}.` };
}
