/**
 * A group of pushes for one school, applied in one transaction (group commit: sync/pushService.ts
 * gathers them). Each push is decided as it would be alone, in the order the pushes came, and
 * answered with its own outcome; the group shares the locks, the reads, the writes and the
 * commit:
 *
 * - the lock step locks every device of the group in one statement (lockPush.ts);
 * - the load step reads the school's rules, each device's staff, the pupils and the trips once
 *   (loadPush.ts);
 * - the school's log lock is taken once, and the head, the stored events and the entries' events
 *   are read once under it (decidePush.ts, `openSchoolLog`);
 * - each push's new events go into one batch, numbered in turn; a push the rules refuse (422),
 *   or whose numbers leave a gap (409), takes its events back out and the rest go on;
 * - the batch, its entries and every device's last number are written with a fixed number of
 *   statements (writePush.ts), and the whole group commits once.
 *
 * So a morning's sixty registers cost one lock wait and a dozen statements instead of sixty of
 * each. Only an `ApiError` is one push's own outcome; any other error aborts the transaction, and
 * the service tries each push of the group again on its own.
 */
import { setImmediate } from 'node:timers/promises';
import type { PushAck, PushEvent, PushResponse } from '../../../shared/api/syncSchemas';
import type { Queryable } from '../../db/database';
import { ApiError } from '../../http/apiError';
import { readHeadSeq } from '../../register/syncHead';
import { acknowledgePush, resentAcks } from './acknowledgePush';
import { decideNew, freshEvents, openSchoolLog, type SchoolLog } from './decidePush';
import { loadPushFacts } from './loadPush';
import { lockDevices } from './lockPush';
import type { InvalidEvent } from './parsePush';
import type { PushContext } from './pushContext';
import { writePush, type DeviceWrite } from './writePush';

/** One push, parsed and put in order (sync/pushService.ts). */
export interface PushJob {
  readonly ctx: PushContext;
  /** The events that fit the schema, by `clientSeq`. */
  readonly events: readonly PushEvent[];
  /** Those and the unfit ones together, by `clientSeq`. */
  readonly numbered: readonly (PushEvent | InvalidEvent)[];
  /** The events whose fields did not fit the schema (parsePush.ts). */
  readonly invalid: readonly InvalidEvent[];
  readonly clockOffsetMs: number | null;
}

/** What one push of a group is answered with, once the group has committed. */
export type PushOutcome =
  | { readonly ok: true; readonly response: PushResponse }
  | { readonly ok: false; readonly error: ApiError };

/** A push still in the running, with what it has so far. */
interface Live {
  readonly index: number;
  readonly job: PushJob;
  readonly last: number;
  resent: PushAck[];
  fresh: PushEvent[];
  acks: PushAck[];
}

/**
 * Applies the group's pushes (all of `schoolId`, each from a different device) in `tx`, and
 * returns each one's outcome in the order given.
 */
export async function applyGroup(
  tx: Queryable,
  schoolId: string,
  jobs: readonly PushJob[],
): Promise<PushOutcome[]> {
  const outcomes = new Map<number, PushOutcome>();
  /**
   * Runs one push's step for each push in turn; an ApiError is that push's answer, and it drops
   * out of the group. Between pushes the event loop gets a turn, so deciding a large group does
   * not hold up other schools' requests in this process for the whole of it.
   */
  const step = (live: Live[], run: (one: Live) => void | Promise<void>) =>
    (async () => {
      const kept: Live[] = [];
      for (const one of live) {
        try {
          await run(one);
          kept.push(one);
        } catch (err) {
          if (!(err instanceof ApiError)) throw err;
          outcomes.set(one.index, { ok: false, error: err });
        }
        if (live.length > 1) await setImmediate();
      }
      return kept;
    })();

  // Lock: the devices' rows.
  const devices = await lockDevices(
    tx,
    jobs.map((j) => j.ctx.deviceId),
  );
  let live: Live[] = [];
  jobs.forEach((job, index) => {
    const device = devices.get(job.ctx.deviceId);
    if (device === undefined || device.schoolId !== schoolId || job.ctx.schoolId !== schoolId) {
      outcomes.set(index, { ok: false, error: new ApiError('device_mismatch') });
    } else {
      live.push({ index, job, last: device.lastClientSeq, resent: [], fresh: [], acks: [] });
    }
  });

  if (live.length > 0) {
    // Load: what every push's events are checked against.
    const facts = await loadPushFacts(
      tx,
      schoolId,
      live.map((l) => l.job.ctx.deviceId),
      live.flatMap((l) => l.job.events),
    );
    // Resends are answered from the log; the new events must follow without a gap.
    live = await step(live, async (one) => {
      const { job } = one;
      one.resent = await resentAcks(
        tx,
        job.ctx,
        job.numbered.filter((e) => e.clientSeq <= one.last),
      );
      one.fresh = freshEvents(job.events, job.numbered, job.invalid, one.last);
    });
    // Decide: under the school's log lock, taken once for the group.
    const withNew = live.filter((l) => l.fresh.length > 0);
    const log: SchoolLog | null =
      withNew.length === 0
        ? null
        : await openSchoolLog(
            tx,
            schoolId,
            withNew.flatMap((l) => l.fresh),
          );
    if (log !== null) {
      live = await step(live, (one) => {
        if (one.fresh.length === 0) return;
        one.acks = decideNew(log, {
          ctx: one.job.ctx,
          ...facts,
          actors: facts.actorsOf(one.job.ctx.deviceId),
          events: one.fresh,
          clockOffsetMs: one.job.clockOffsetMs,
          expected: one.last + 1,
        });
      });
    }
    // Write, then answer each push with the head the group commits.
    const writes: DeviceWrite[] = live.map((l) => ({
      deviceId: l.job.ctx.deviceId,
      lastClientSeq: l.last + l.fresh.length,
      seenAt: l.job.ctx.now,
    }));
    await writePush(tx, log?.batch ?? null, writes);
    const headSeq = log?.batch.headSeq ?? (await readHeadSeq(tx, schoolId));
    for (const one of live) {
      outcomes.set(one.index, {
        ok: true,
        response: acknowledgePush(
          one.job.ctx,
          one.resent,
          one.acks,
          one.last + one.fresh.length,
          headSeq,
        ),
      });
    }
  }
  return jobs.map((_, index) => {
    const outcome = outcomes.get(index);
    if (outcome === undefined) throw new Error(`Push ${index} of the group has no outcome`);
    return outcome;
  });
}
