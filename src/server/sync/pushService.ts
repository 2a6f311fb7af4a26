/**
 * `POST /api/sync/push`: one ordered batch from one device, applied in one transaction
 * (docs/design.md §7.3). Exactly-once is at-least-once delivery plus an idempotent apply:
 *
 * - the device row is locked (`FOR UPDATE`), so two tabs or a retry storm from one device queue up;
 * - `clientSeq ≤ last` is a resend: the stored acknowledgement is returned, nothing is written;
 * - `clientSeq > last + 1` is a gap (lost local data or a client bug): 409, nothing committed;
 * - every new event takes the next number from the school's counter row, whose lock is held to
 *   commit, so commit order equals `serverSeq` order and a pull cursor never skips an event
 *   (docs/design.md §7.4); the lock is taken before the first new event is looked at, so each event
 *   is decided against the entry as the pushes before it committed it, never against an older view;
 * - a batch in which any new event breaks a rule is refused whole with 422 `events_rejected`,
 *   naming each refused event and why; nothing is stored and no number is used up, so the device
 *   marks those events refused (the teacher sees why) and sends the rest again under fresh
 *   numbers. The queue never wedges, and a mark the server refused leaves no trace in the
 *   statutory record. An event whose own fields do not fit the schema (a date out of range) is
 *   refused the same way (push/parsePush.ts), never with a 400 for the whole batch.
 *
 * The entry's new value comes from folding all its recorded events with the domain core, so the
 * server's projection is by construction the same as what any tablet folds from the same events.
 *
 * The batch is read in bulk, decided in memory and written in bulk (eventBatch.ts), so a push
 * costs the same dozen statements whether it carries one event or five hundred.
 *
 * Group commit: pushes for one school that arrive while the school's previous group is being
 * applied wait here, in this process, without a database connection, and then go together as
 * the next group: one transaction, one wait for each lock, one set of reads and writes, one
 * commit (push/pushGroup.ts), each push answered with its own outcome. A school's burst of
 * sixty registers therefore holds one connection of the pool at a time, and other schools'
 * pushes are not queued behind it. The batching is only an optimisation: the database's locks
 * stay the guard, so two server processes on one database (docs/reliability.md) are as correct
 * as one. A group whose transaction fails (not a push's own refusal: a lost connection, a
 * database error) is tried again one push at a time, so no push fails for its batch-mate.
 *
 * Each push reads as its steps, each in its own file under push/: parse (parsePush.ts, in the
 * route, then the batch put in order here), lock (lockPush.ts), load (loadPush.ts), decide
 * (decidePush.ts, which takes the school's log lock), write (writePush.ts) and acknowledge
 * (acknowledgePush.ts), run for the group by pushGroup.ts.
 */
import type { PushRequest, PushResponse } from '../../shared/api/syncSchemas';
import type { Database } from '../db/database';
import { ApiError } from '../http/apiError';
import type { Logger } from '../logger';
import type { InvalidEvent } from './push/parsePush';
import type { PushContext } from './push/pushContext';
import { applyGroup, type PushJob } from './push/pushGroup';

/**
 * A group takes waiting pushes, in the order they came, up to this many events (a push of 500
 * always goes, alone if need be), so one group's transaction stays short.
 */
export const MAX_GROUP_EVENTS = 5000;

interface Waiting {
  readonly job: PushJob;
  resolve(response: PushResponse): void;
  reject(error: unknown): void;
}

/** Applies pushes, each school's in groups (one process's side of the group commit). */
export class PushService {
  /** Per school with a group under way, the pushes waiting for the next one. */
  private readonly waiting = new Map<string, Waiting[]>();

  constructor(
    private readonly db: Database,
    private readonly logger?: Logger,
  ) {}

  /**
   * Applies one batch, with the next group of its school. `invalid` are the batch's events whose
   * fields did not fit the schema (parsePush.ts): a resent one is answered with its stored
   * acknowledgement like any resend, and a new one refuses the batch as a mark the rules refuse
   * does.
   */
  push(
    ctx: PushContext,
    request: PushRequest,
    invalid: readonly InvalidEvent[] = [],
  ): Promise<PushResponse> {
    const { events, numbered } = inOrder(request, invalid);
    const job: PushJob = { ctx, events, numbered, invalid, clockOffsetMs: request.clockOffsetMs };
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(ctx.schoolId);
      if (queue !== undefined) {
        queue.push({ job, resolve, reject });
        return;
      }
      const started: Waiting[] = [{ job, resolve, reject }];
      this.waiting.set(ctx.schoolId, started);
      void this.drain(ctx.schoolId, started);
    });
  }

  /** Applies the school's waiting pushes, group after group, until none is left. */
  private async drain(schoolId: string, queue: Waiting[]): Promise<void> {
    while (queue.length > 0) await this.run(schoolId, takeGroup(queue));
    this.waiting.delete(schoolId);
  }

  /** Applies one group and answers each of its pushes; never throws. */
  private async run(schoolId: string, group: readonly Waiting[]): Promise<void> {
    const started = performance.now();
    try {
      const outcomes = await this.db.transaction((tx) =>
        applyGroup(
          tx,
          schoolId,
          group.map((w) => w.job),
        ),
      );
      this.logger?.debug('push group committed', {
        pushes: group.length,
        events: group.reduce((n, w) => n + w.job.numbered.length, 0),
        ms: Math.round(performance.now() - started),
      });
      outcomes.forEach((outcome, i) => {
        const waiting = group[i];
        if (outcome.ok) waiting?.resolve(outcome.response);
        else waiting?.reject(outcome.error);
      });
    } catch (err) {
      const [only] = group;
      if (group.length === 1 && only !== undefined) {
        only.reject(err);
        return;
      }
      this.logger?.warn('a group of pushes failed; each is tried on its own', {
        pushes: group.length,
        error: err instanceof Error ? err.message : String(err),
      });
      for (const one of group) await this.run(schoolId, [one]);
    }
  }
}

/**
 * Takes the next group off the queue: waiting pushes in order, one per device (a device's next
 * push must see its last one's numbers, so it waits for the group after), up to
 * {@link MAX_GROUP_EVENTS} events.
 */
function takeGroup(queue: Waiting[]): Waiting[] {
  const group: Waiting[] = [];
  const devices = new Set<string>();
  let events = 0;
  for (let i = 0; i < queue.length;) {
    const next = queue[i];
    if (next === undefined) break;
    const size = next.job.numbered.length;
    if (group.length > 0 && events + size > MAX_GROUP_EVENTS) break;
    if (devices.has(next.job.ctx.deviceId)) {
      i += 1;
      continue;
    }
    devices.add(next.job.ctx.deviceId);
    events += size;
    group.push(next);
    queue.splice(i, 1);
  }
  return group;
}

/** The batch's events by number, with the unfit ones among them; two with one number: refused. */
function inOrder(request: PushRequest, invalid: readonly InvalidEvent[]) {
  const bySeq = (a: { clientSeq: number }, b: { clientSeq: number }) => a.clientSeq - b.clientSeq;
  const events = [...request.events].sort(bySeq);
  const numbered = [...events, ...invalid].sort(bySeq);
  for (let i = 1; i < numbered.length; i += 1) {
    if (numbered[i]?.clientSeq === numbered[i - 1]?.clientSeq) {
      throw new ApiError('invalid_request', {
        message: `The batch has two events with clientSeq ${numbered[i]?.clientSeq}; each event needs its own.`,
      });
    }
  }
  return { events, numbered };
}
