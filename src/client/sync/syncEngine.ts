/**
 * The sync engine (docs/design.md §7): push the outbox, then pull the school's
 * log, and tell the UI how it went.
 *
 * - Push sends `pending` outbox rows in wire order, in batches of at most 500, and records each
 *   batch's acknowledgements in one transaction (applyAcks.ts). Rows are given their wire number
 *   (`clientSeq`) when first sent (wireNumbers.ts); the outbox's own key `localSeq` never changes.
 * - Pull starts from a snapshot when there is no cursor, then takes pages after the cursor, each
 *   applied with its cursor in one transaction (applyPull.ts). A reset clears the pulled copy,
 *   never drops an outbox row (it queues the acknowledged ones again, see 409 below), and starts
 *   again from a snapshot.
 * - Transient failures (network, 5xx, 429) retry after exponential backoff with full jitter;
 *   other failures are shown and retried by the next trigger.
 * - One flush at a time: within the page flushes coalesce, across tabs a Web Lock serialises them.
 * - Every answer's `serverTime` updates the clock-offset estimate.
 *
 * What each answer to a push does to the wire numbers (the server's rules: docs/api.md "Sync"):
 *
 * - 200: every row acknowledged becomes `acked` (it keeps the number it was acknowledged under).
 * - No answer (network, timeout, 5xx): the server may or may not have committed. The rows keep
 *   their numbers and go again under them; the server answers numbers it holds with the stored
 *   acknowledgements, so a mark is never recorded twice.
 * - 413: the same rows, under the same numbers, in smaller batches.
 * - 422 `events_rejected`: nothing was stored. The refused rows become `rejected` with the
 *   server's message (shown to the teacher, never sent again, never dropped), the other rows
 *   numbered at or after `details.expected` lose their numbers, the counter goes back to
 *   `expected`, and the push goes on at once: the rest are numbered afresh, in device order.
 *   Each refusal takes at least one row out of the queue, so this always ends.
 * - 409 `sequence_gap`: the server's last number for this device is `expected - 1`, the batch
 *   started above `expected`, and nothing was stored. This device's numbering never leaves a
 *   hole of its own (numbers come from one counter in one transaction, and are taken back only
 *   from the top), so the numbers in between belong to rows the server acknowledged and has
 *   since lost: it was restored from a backup (its pull then answers `reset`). The rows still
 *   `pending` and numbered `expected` or above are numbered afresh from `expected`, once per
 *   flush. That is always safe: the server holds nothing of this device's at or above
 *   `expected`, so no number is reused, and a mark it does hold under another number is
 *   recognised by its `eventId` and acknowledged as stored, never recorded twice.
 *   A gap alone does not resend ACKNOWLEDGED rows: the server's word that a mark is in the
 *   statutory record stands until its log says otherwise. The pull that follows does: a
 *   restored server answers `reset` (a new epoch, or a cursor beyond its head), and then every
 *   acknowledged row goes back in the queue and is sent again in the same flush
 *   (applyPull.ts `resetAfterRestore`). The server acknowledges the marks it still holds as
 *   stored (matched by `eventId`, never judged again) and records the ones the restore lost,
 *   judged against the register as it is now (an office amendment made since makes the resent
 *   mark superseded or a conflict for the office, never silently lost). If renumbering cannot help
 *   (no pending row at or above `expected`) or the gap comes back in the same flush, the error
 *   is shown, nothing is dropped, and it is not retried in a loop.
 * - 409 `client_seq_reused`, 403 `device_mismatch` and other refusals: shown; rows kept as they
 *   are. A reused number cannot arise from this numbering; a device mismatch needs a sign-in,
 *   which enrols the id the server gave (enrolDevice.ts restarts the numbering at 1).
 */
import {
  MAX_PULL_LIMIT,
  MAX_PUSH_EVENTS,
  SYNC_PROTOCOL_VERSION,
  type PushEvent,
} from '../../shared/api/syncSchemas';
import { systemClock, systemTimers, type Clock, type Timers } from '../clock';
import type { AppDb } from '../db/appDb';
import { getMeta, setMeta } from '../db/meta';
import { StoredRowError } from '../db/storedRowError';
import { outboxCounts, outboxCountsFeed } from '../marks/outboxCounts';
import { applyAcks } from './applyAcks';
import { applyPullPage, applySnapshot, resetAfterRestore } from './applyPull';
import { backoffDelay } from './backoff';
import { estimateClockOffset, isClockWrong } from './clockOffset';
import type { SyncClient } from './syncClient';
import { initialSyncStatus, type SyncError, type SyncStatus } from './syncStatus';
import { defaultSyncLock, type SyncLock } from './syncLock';
import { numberNextBatch, recordRefusal, renumberFrom, type NumberedRow } from './wireNumbers';

export { INITIAL_SYNC_STATUS, type SyncError, type SyncStatus } from './syncStatus';

export interface FlushResult {
  readonly ok: boolean;
  /** Outbox rows the server acknowledged in this flush. */
  readonly pushed: number;
  /** Outbox rows the server refused in this flush (each kept with the server's message). */
  readonly rejected: number;
  /** Events pulled in this flush. */
  readonly pulled: number;
  readonly error: SyncError | null;
}

/** What asked for a flush. A timer tick waits out a backoff; the others flush at once. */
export type SyncTrigger = 'start' | 'online' | 'visible' | 'mark' | 'timer' | 'manual';

export interface SyncEngine {
  /** Push then pull now (or join the flush already running); never throws. */
  flush(): Promise<FlushResult>;
  /** Fire-and-forget flush for a trigger. */
  requestFlush(trigger: SyncTrigger): void;
  getStatus(): SyncStatus;
  /** Calls `listener` now and on every change; keeps the outbox counts live while subscribed. */
  subscribe(listener: (status: SyncStatus) => void): () => void;
  setOnline(isOnline: boolean): void;
  /** Re-reads counts and stored sync facts (last synced, clock offset) into the status. */
  refreshStatus(): Promise<void>;
  /** Stops timers and subscriptions; later flushes do nothing. */
  dispose(): void;
}

export interface SyncEngineDeps {
  readonly db: AppDb;
  readonly client: SyncClient;
  readonly clock?: Clock;
  /** [0, 1); the backoff's jitter. */
  readonly random?: () => number;
  readonly timers?: Timers;
  readonly lock?: SyncLock;
  readonly pushBatchSize?: number;
  readonly pullLimit?: number;
  /** Pages pulled per flush before yielding (the next trigger carries on). */
  readonly maxPullPages?: number;
  /**
   * The status to start from: what the status bar already shows (stored facts read at start-up,
   * syncStatusStore.ts `showStoredSyncStatus`), so the engine's first report does not blank the
   * last sync or the clock warning until its own read of them ends. Else the initial status.
   */
  readonly initialStatus?: SyncStatus;
}

type Step<T> = { ok: true; value: T } | { ok: false; error: SyncError };

const NOT_ENROLLED: SyncError = {
  kind: 'not_enrolled',
  message: 'This tablet has not been signed in online yet, so marks cannot be sent.',
};

export function createSyncEngine(deps: SyncEngineDeps): SyncEngine {
  const { db, client } = deps;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? Math.random;
  const timers = deps.timers ?? systemTimers;
  const lock = deps.lock ?? defaultSyncLock();
  const pushBatchSize = Math.min(deps.pushBatchSize ?? MAX_PUSH_EVENTS, MAX_PUSH_EVENTS);
  const pullLimit = Math.min(deps.pullLimit ?? MAX_PULL_LIMIT, MAX_PULL_LIMIT);
  const maxPullPages = deps.maxPullPages ?? 50;

  let status: SyncStatus = deps.initialStatus ?? initialSyncStatus();
  const listeners = new Set<(status: SyncStatus) => void>();
  let stopCounts: (() => void) | null = null;
  let running: Promise<FlushResult> | null = null;
  let again = false;
  let attempt = 0;
  let retryHandle: unknown = null;
  let disposed = false;

  function update(patch: Partial<SyncStatus>): void {
    const merged = { ...status, ...patch };
    status = { ...merged, clockWarning: isClockWrong(merged.clockOffsetMs) };
    for (const listener of listeners) listener(status);
  }

  function noteClockOffset(offset: number): void {
    update({ clockOffsetMs: offset });
  }

  async function refreshCounts(): Promise<void> {
    const counts = await outboxCounts(db);
    update({ pendingCount: counts.pending, rejectedCount: counts.rejected });
  }

  async function refreshStatus(): Promise<void> {
    const [lastSyncedAt, clockOffsetMs] = await Promise.all([
      getMeta(db, 'lastSyncedAt'),
      getMeta(db, 'clockOffsetMs'),
    ]);
    update({ lastSyncedAt: lastSyncedAt ?? null, clockOffsetMs: clockOffsetMs ?? null });
    await refreshCounts();
  }

  function cancelRetry(): void {
    if (retryHandle !== null) timers.clearTimeout(retryHandle);
    retryHandle = null;
  }

  function scheduleRetry(): void {
    cancelRetry();
    const delay = backoffDelay(attempt, random);
    attempt += 1;
    update({ nextRetryAt: clock.now() + delay });
    retryHandle = timers.setTimeout(() => {
      retryHandle = null;
      void flush();
    }, delay);
  }

  // ---- push ----------------------------------------------------------------------------------

  const toPushEvent = (row: NumberedRow): PushEvent => ({
    clientSeq: row.wireSeq,
    ...(row.kind === 'withdrawn' ? { kind: 'withdrawn' as const } : {}),
    eventId: row.eventId,
    actorStaffId: row.actorStaffId,
    pupilId: row.pupilId,
    session: { date: row.session.date, part: row.session.part },
    code: row.code,
    minutesLate: row.minutesLate,
    arrivedAt: row.arrivedAt,
    reason: row.reason,
    baseEventId: row.baseEventId,
    recordedAt: row.recordedAt,
    ...(row.tripId === undefined || row.tripId === null ? {} : { tripId: row.tripId }),
  });

  /** Pushes until nothing is pending; `counts` keeps what was done even when a batch fails. */
  async function pushAll(counts: { pushed: number; rejected: number }): Promise<Step<null>> {
    let batchSize = pushBatchSize;
    let renumberedAfterGap = false;
    for (;;) {
      const { deviceId, rows } = await numberNextBatch(db, batchSize);
      if (deviceId === undefined) {
        const waiting = await db.outbox.where('status').equals('pending').count();
        return waiting === 0 ? { ok: true, value: null } : { ok: false, error: NOT_ENROLLED };
      }
      if (rows.length === 0) return { ok: true, value: null };
      const clockOffsetMs = await getMeta(db, 'clockOffsetMs');
      const sentAt = clock.now();
      const result = await client.push({
        protocolVersion: SYNC_PROTOCOL_VERSION,
        deviceId,
        clockOffsetMs: clockOffsetMs === undefined ? null : Math.round(clockOffsetMs),
        events: rows.map(toPushEvent),
      });
      const receivedAt = clock.now();
      if (!result.ok) {
        const error = result.error;
        if (error.kind === 'too_large' && rows.length > 1) {
          batchSize = Math.ceil(rows.length / 2);
          continue;
        }
        if (error.kind === 'events_rejected') {
          const rejected = await recordRefusal(db, deviceId, rows, error.details);
          if (rejected > 0) {
            counts.rejected += rejected;
            continue;
          }
          return {
            ok: false,
            error: {
              kind: 'bad_response',
              status: 422,
              message: `${error.message} (The refused marks named are not among those sent.)`,
            },
          };
        }
        if (error.kind === 'sequence_gap' && !renumberedAfterGap) {
          renumberedAfterGap = true;
          if ((await renumberFrom(db, deviceId, error.expected)) > 0) continue;
        }
        return { ok: false, error };
      }
      const offset = estimateClockOffset(result.value.serverTime, sentAt, receivedAt);
      noteClockOffset(offset);
      const acknowledged = await applyAcks(db, rows, result.value, offset);
      if (acknowledged === 0) {
        return {
          ok: false,
          error: {
            kind: 'bad_response',
            status: 200,
            message: 'The office server answered without acknowledging the marks sent.',
          },
        };
      }
      counts.pushed += acknowledged;
    }
  }

  // ---- pull ----------------------------------------------------------------------------------

  /** Acknowledged marks a reset put back in the queue during this flush (resetAfterRestore). */
  let requeued = 0;

  async function pullAll(): Promise<Step<number>> {
    let pulled = 0;
    let resets = 0;
    for (let page = 0; page < maxPullPages;) {
      const cursor = await getMeta(db, 'pullCursor');
      if (cursor === undefined) {
        const sentAt = clock.now();
        const snapshot = await client.snapshot();
        if (!snapshot.ok) return { ok: false, error: snapshot.error };
        const offset = estimateClockOffset(snapshot.value.serverTime, sentAt, clock.now());
        noteClockOffset(offset);
        await applySnapshot(db, snapshot.value, offset);
        continue;
      }
      const epoch = await getMeta(db, 'epoch');
      const rosterVersion = (await getMeta(db, 'rosterVersion')) ?? 0;
      const sentAt = clock.now();
      const result = await client.pull({
        after: cursor,
        limit: pullLimit,
        rosterVersion,
        ...(epoch === undefined ? {} : { epoch }),
      });
      if (!result.ok) return { ok: false, error: result.error };
      const answer = result.value;
      const offset = estimateClockOffset(answer.serverTime, sentAt, clock.now());
      noteClockOffset(offset);
      if (answer.kind === 'reset') {
        if (resets > 0) {
          return {
            ok: false,
            error: { kind: 'bad_response', status: 200, message: answer.message },
          };
        }
        resets += 1;
        requeued += await resetAfterRestore(db);
        continue;
      }
      await applyPullPage(db, answer, offset);
      pulled += answer.events.length;
      page += 1;
      if (!answer.hasMore) return { ok: true, value: pulled };
      if (answer.nextCursor <= cursor) {
        return {
          ok: false,
          error: {
            kind: 'bad_response',
            status: 200,
            message: 'The office server said there was more to fetch but did not move on.',
          },
        };
      }
    }
    // More pages remain; the next trigger carries on from the stored cursor.
    return { ok: true, value: pulled };
  }

  // ---- flush ---------------------------------------------------------------------------------

  /**
   * A governor's session reads no register, so the server refuses it every sync route (403
   * `forbidden`, docs/governors.md). With nothing of this tablet's waiting to be sent there is
   * nothing to report; a mark waiting is reported, so it is never quietly left unsent.
   */
  async function isGovernorsQuietRefusal(error: SyncError): Promise<boolean> {
    if (error.kind !== 'refused' || error.reason !== 'forbidden') return false;
    const waiting = await db.outbox.where('status').equals('pending').count();
    if (waiting > 0) return false;
    update({ error: null });
    return true;
  }

  async function flushOnce(): Promise<FlushResult> {
    cancelRetry();
    update({ isSyncing: true });
    const counts = { pushed: 0, rejected: 0 };
    let pulled = 0;
    try {
      // Nobody has signed in on this tablet yet: there is no session to push or pull with, so
      // asking the server would only earn a 401. Marks cannot exist yet either; say so if they do.
      if ((await getMeta(db, 'deviceId')) === undefined) {
        const waiting = await db.outbox.where('status').equals('pending').count();
        update({ isSyncing: false });
        return waiting === 0
          ? { ok: true, ...counts, pulled, error: null }
          : fail(NOT_ENROLLED, counts, pulled);
      }
      requeued = 0;
      let push = await pushAll(counts);
      // A push refused for a reason that pulling cannot share (a gap, a device mismatch) still
      // lets the device see everyone else's marks; no network or no session stops both.
      const stopsPull = !push.ok && ['transient', 'not_signed_in'].includes(push.error.kind);
      let pull: Step<number> = stopsPull ? { ok: true, value: 0 } : await pullAll();
      if (pull.ok) pulled = pull.value;
      // The server was restored and this tablet's acknowledged marks are queued again: send
      // them now rather than at the next trigger, then take what they changed.
      if (requeued > 0 && push.ok && pull.ok) {
        push = await pushAll(counts);
        pull = push.ok ? await pullAll() : pull;
        if (pull.ok) pulled += pull.value;
      }
      const error = !push.ok ? push.error : !pull.ok ? pull.error : null;
      if (error !== null && (await isGovernorsQuietRefusal(error))) {
        return { ok: true, ...counts, pulled, error: null };
      }
      if (error === null) {
        const lastSyncedAt = new Date(clock.now()).toISOString();
        await setMeta(db, 'lastSyncedAt', lastSyncedAt);
        attempt = 0;
        update({ error: null, isOnline: true, lastSyncedAt, nextRetryAt: null });
        return { ok: true, ...counts, pulled, error: null };
      }
      return fail(error, counts, pulled);
    } catch (thrown) {
      const message =
        thrown instanceof StoredRowError
          ? thrown.message
          : `This tablet's storage could not be used (${thrown instanceof Error ? thrown.message : String(thrown)}). Marks already saved are kept.`;
      return fail({ kind: 'storage', message }, counts, pulled);
    } finally {
      update({ isSyncing: false });
      await refreshCounts().catch(() => undefined);
    }
  }

  function fail(
    error: SyncError,
    counts: { pushed: number; rejected: number },
    pulled: number,
  ): FlushResult {
    if (error.kind === 'transient') {
      // No status: the request never reached a server, so the tablet is effectively offline.
      update({ error, ...(error.status === null ? { isOnline: false } : { isOnline: true }) });
      scheduleRetry();
    } else {
      attempt = 0;
      update({ error, isOnline: true, nextRetryAt: null });
    }
    return { ok: false, ...counts, pulled, error };
  }

  function flush(): Promise<FlushResult> {
    if (disposed) {
      return Promise.resolve({ ok: true, pushed: 0, rejected: 0, pulled: 0, error: null });
    }
    if (running !== null) {
      // Something changed while a flush was under way (a new mark): go round once more.
      again = true;
      return running;
    }
    running = (async () => {
      let result: FlushResult;
      do {
        again = false;
        result = await lock.run(flushOnce);
      } while (again && !disposed);
      return result;
    })().finally(() => {
      running = null;
    });
    return running;
  }

  function requestFlush(trigger: SyncTrigger): void {
    const waitingOutBackoff = status.nextRetryAt !== null && clock.now() < status.nextRetryAt;
    if (trigger === 'timer' && waitingOutBackoff) return;
    // A new mark while the tablet is known to be offline (or a retry is already booked) cannot
    // reach the office; flushing would only take the outbox's write lock from under the
    // teacher's next tap. Coming online, the booked retry and the timer
    // send it.
    if (trigger === 'mark' && (waitingOutBackoff || !status.isOnline)) return;
    void flush();
  }

  function subscribe(listener: (status: SyncStatus) => void): () => void {
    listeners.add(listener);
    if (stopCounts === null && !disposed) {
      // The counts the status bar follows too: one read per write for both (outboxCounts.ts).
      stopCounts = outboxCountsFeed(db).subscribe(
        (counts) => update({ pendingCount: counts.pending, rejectedCount: counts.rejected }),
        (thrown: unknown) =>
          update({
            error: {
              kind: 'storage',
              message: `This tablet's storage could not be read (${thrown instanceof Error ? thrown.message : String(thrown)}).`,
            },
          }),
      );
      void refreshStatus().catch(() => undefined);
    }
    listener(status);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        stopCounts?.();
        stopCounts = null;
      }
    };
  }

  return {
    flush,
    requestFlush,
    getStatus: () => status,
    subscribe,
    setOnline: (isOnline) => {
      if (isOnline !== status.isOnline) update({ isOnline });
    },
    refreshStatus,
    dispose: () => {
      disposed = true;
      cancelRetry();
      stopCounts?.();
      stopCounts = null;
      listeners.clear();
    },
  };
}
