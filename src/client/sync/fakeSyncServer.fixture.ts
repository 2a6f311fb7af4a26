/**
 * An in-memory stand-in for the office server's sync API, for client tests: it speaks the shared
 * wire schemas over a `fetch` function and follows the server's push rules
 * (src/server/sync/pushService.ts, docs/api.md "Sync"): per-device `clientSeq`; a number at or
 * below the device's last is a resend, answered with the stored acknowledgement (409
 * `client_seq_reused` if it names another event); a number beyond the next is a gap (409 with
 * `details.expected`); an event already stored, sent under a new number, is acknowledged as
 * stored; a batch with any refused event is refused whole (422 `events_rejected` with
 * `details.expected` and each refused event) and NOTHING from it is stored. Every error rolls the
 * whole batch back. Acks carry the entry as it stands (`headSeq`, `headRole`); heads are decided
 * with the domain's `stepEntry`; pulls have a cursor; snapshots and resets (restores) work.
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
  type EventsRejectedDetails,
  type PullResponse,
  type PushAck,
  type PushEvent,
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
  /** Codes the server's rules refuse (stands in for its checks); an unknown author is refused too. */
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
    return stripClientSeq(this.record(event, null));
  }

  /** Every stored event, as a pull sends it. */
  visibleEvents(): ServerEvent[] {
    return this.events.map(stripClientSeq);
  }

  /** The numbers this device's stored events carry, in server order. */
  clientSeqsOf(deviceId: string): number[] {
    return this.events.filter((e) => e.deviceId === deviceId).map((e) => e.clientSeq ?? -1);
  }

  private handlePush(body: unknown): Response {
    const parsed = pushRequestSchema.safeParse(body);
    if (!parsed.success) return json(400, errorBody(400));
    const request = parsed.data;
    const events = [...request.events].sort((a, b) => a.clientSeq - b.clientSeq);
    for (let i = 1; i < events.length; i += 1) {
      if (events[i]?.clientSeq === events[i - 1]?.clientSeq) return json(400, errorBody(400));
    }
    // The real server runs the batch in one transaction: any error stores nothing at all.
    const saved = this.saveState();
    const answer = this.applyPush(request.deviceId, request.events.length, events);
    if (answer.status !== 200) this.restoreState(saved);
    return answer;
  }

  private applyPush(deviceId: string, batchSize: number, events: readonly PushEvent[]): Response {
    const first = this.devices.get(deviceId) ?? 0;
    let last = first;
    const acks: PushAck[] = [];
    const refused: EventsRejectedDetails['rejected'] = [];
    for (const event of events) {
      if (event.clientSeq <= last) {
        // A resend: the stored acknowledgement, nothing written.
        const stored =
          this.events.find((e) => e.deviceId === deviceId && e.clientSeq === event.clientSeq) ??
          this.events.find((e) => e.eventId === event.eventId);
        if (stored === undefined || stored.eventId !== event.eventId) {
          return json(409, {
            status: 'error',
            reason: 'client_seq_reused',
            message: `This device already sent a different event as clientSeq ${event.clientSeq}. Each clientSeq must stay with its event.`,
          });
        }
        acks.push(this.ackOf(stored, event.clientSeq));
        continue;
      }
      if (event.clientSeq > last + 1) {
        return json(409, {
          status: 'error',
          reason: 'sequence_gap',
          message: `Events must arrive in order: expected clientSeq ${last + 1}, got ${event.clientSeq}.`,
          details: { expected: last + 1 },
        });
      }
      last = event.clientSeq;
      // The same event queued again under a new number: acknowledged as it was stored.
      const existing = this.events.find((e) => e.eventId === event.eventId);
      if (existing !== undefined) {
        acks.push(this.ackOf(existing, event.clientSeq));
        continue;
      }
      const actor = this.staff.get(event.actorStaffId);
      const refusal =
        actor === undefined
          ? 'This mark was made by someone who has not signed in on this device.'
          : this.refusedCodes.has(event.code)
            ? `The code ${event.code} cannot be used here.`
            : null;
      if (actor === undefined || refusal !== null) {
        refused.push({
          eventId: event.eventId,
          clientSeq: event.clientSeq,
          message: refusal ?? '',
        });
        continue;
      }
      const stored = this.record(
        {
          ...(event.kind === 'withdrawn' ? { kind: 'withdrawn' as const } : {}),
          eventId: event.eventId,
          pupilId: event.pupilId,
          session: event.session,
          code: event.code,
          minutesLate: event.minutesLate,
          arrivedAt: event.arrivedAt,
          reason: event.reason,
          baseEventId: event.baseEventId,
          actor,
          deviceId,
          recordedAt: event.recordedAt,
        },
        event.clientSeq,
      );
      acks.push(this.ackOf(stored, event.clientSeq));
    }
    if (refused.length > 0) {
      const only = refused.length === 1 ? refused[0] : undefined;
      const summary =
        only === undefined
          ? `${refused.length} of ${batchSize} marks were refused; see details for each.`
          : `A mark was refused: ${only.message}`;
      const details: EventsRejectedDetails = { expected: first + 1, rejected: refused };
      return json(422, {
        status: 'error',
        reason: 'events_rejected',
        message: `${summary} Nothing from this batch was saved; send the other marks again.`,
        details,
      });
    }
    this.devices.set(deviceId, last);
    const response: PushResponse = {
      acks,
      lastClientSeq: last,
      headSeq: this.seq,
      serverTime: this.now(),
    };
    return json(200, response);
  }

  private saveState() {
    return {
      seq: this.seq,
      eventCount: this.events.length,
      heads: new Map(this.heads),
      devices: new Map(this.devices),
    };
  }

  private restoreState(saved: ReturnType<FakeSyncServer['saveState']>): void {
    this.seq = saved.seq;
    this.events.length = saved.eventCount;
    this.heads.clear();
    for (const [key, head] of saved.heads) this.heads.set(key, head);
    this.devices.clear();
    for (const [key, last] of saved.devices) this.devices.set(key, last);
  }

  private record(
    event: Omit<ServerEvent, 'serverSeq' | 'receivedAt' | 'status' | 'statusDetail'>,
    clientSeq: number | null,
  ): StoredEvent {
    this.seq += 1;
    const serverSeq = this.seq;
    const key = entryKey(event.pupilId, {
      date: localDate(event.session.date),
      part: event.session.part,
    });
    const head = this.heads.get(key);
    const step = stepEntry(head?.state ?? null, event);
    const status: AckStatus = step.outcome.status;
    const detail =
      status === 'conflict'
        ? 'Someone else marked this pupil differently.'
        : status === 'superseded'
          ? 'The office had already amended this entry.'
          : null;
    // A withdrawal took the mark back: the entry has no mark (its events stay).
    if (step.outcome.status === 'applied' && step.outcome.rule === 'withdrawal') {
      this.heads.delete(key);
    } else if (step.state !== null) {
      this.heads.set(key, {
        state: step.state,
        headSeq: step.state.headEventId === event.eventId ? serverSeq : (head?.headSeq ?? 0),
        pupilId: event.pupilId,
        session: event.session,
      });
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
    return stored;
  }

  /** The acknowledgement of `stored`, with its entry as it stands now (head seq and role too). */
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
        head === undefined
          ? null
          : {
              code: head.state.code,
              minutesLate: head.state.minutesLate,
              headEventId: head.state.headEventId,
              headSeq: head.headSeq,
              headRole: head.state.headRole,
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
      events: page.map(stripClientSeq),
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
      this.record(event, clientSeq);
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
