/**
 * The background writer: every minute, for each school that writes to an MIS, queue the marks
 * the register gained and send the ones due, a batch at a time (docs/mis.md, "Never twice, never
 * silently unwritten").
 *
 * - Before a send, each mark is marked `unsure` (misStore.claimDueWrites). A clear answer settles
 *   it: written, or refused (not written). No answer (a timeout, a broken connection, a 5xx, an
 *   answer it cannot read) leaves it `unsure`, and so does a process that stops mid-send.
 * - An `unsure` mark is never sent again blind: the next try reads the MIS's marks for its dates
 *   first. If the MIS holds the same mark it is recorded as written and not sent; if not, it is
 *   sent. If the MIS cannot be read, it waits.
 * - A failed try waits 1, 2, 4… minutes (an hour at most; domain/mis/misWrites.ts); after six it
 *   stops as `failed`, shown on the MIS screen with its error and a "Try again" button. A mark the
 *   MIS refuses outright (no such pupil or code) stops at once.
 */
import {
  misBackoffMs,
  misMayRetry,
  reconcileMisMarks,
  type MisComparableMark,
} from '../../domain/index';
import type { Clock } from '../clock';
import type { Database } from '../db/database';
import type { Logger } from '../logger';
import type { MisConnection } from './misConnection';
import {
  claimDueWrites,
  queueMarks,
  recordNotWritten,
  recordWritten,
  type ClaimedWrite,
} from './misStore';
import { MisError, type MisWriter } from './misWriter';

/** Marks sent in one request. */
export const MIS_BATCH_SIZE = 100;
/** Batches a school gets in one pass, so one school cannot hold up the others for long. */
const BATCHES_PER_PASS = 20;

export interface MisPassDeps {
  readonly db: Database;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface MisPassResult {
  readonly queued: number;
  readonly written: number;
  /** Found in the MIS on a check after an unknown outcome, so not sent again. */
  readonly foundOnCheck: number;
  readonly notWritten: number;
}

const sameMark = (w: ClaimedWrite): MisComparableMark => ({
  upn: (w.upn ?? '').toUpperCase(),
  date: w.date,
  session: w.session,
  code: w.code,
  minutesLate: w.minutesLate,
});

/** Records a failed try of `rows`: they wait for the next, or stop when out of tries. */
async function notWritten(
  deps: MisPassDeps,
  schoolId: string,
  rows: readonly ClaimedWrite[],
  error: string,
  unsure: boolean,
): Promise<void> {
  const now = deps.clock.now();
  for (const final of [true, false]) {
    const these = rows.filter((r) => !misMayRetry(r.attempts) === final);
    // Each row's wait depends on its own tries: group by them.
    for (const attempts of new Set(these.map((r) => r.attempts))) {
      await recordNotWritten(
        deps.db,
        schoolId,
        these.filter((r) => r.attempts === attempts).map((r) => r.eventId),
        { error, unsure, final, retryAt: new Date(now.getTime() + misBackoffMs(attempts)) },
      );
    }
  }
}

/**
 * Of the claimed marks whose last outcome was unknown, records those the MIS already holds as
 * written. @returns the marks still to send, and how many were found.
 */
async function checkUnsure(
  deps: MisPassDeps,
  schoolId: string,
  writer: MisWriter,
  claimed: readonly ClaimedWrite[],
): Promise<{ toSend: ClaimedWrite[]; found: number }> {
  const unsure = claimed.filter((c) => c.wasUnsure);
  const toSend = claimed.filter((c) => !c.wasUnsure);
  if (unsure.length === 0) return { toSend, found: 0 };
  const dates = unsure.map((u) => u.date);
  const from = dates.reduce((a, b) => (b < a ? b : a));
  const to = dates.reduce((a, b) => (b > a ? b : a));
  let inMis;
  try {
    inMis = await writer.readMarks({ from, to });
  } catch (err) {
    if (!(err instanceof MisError)) throw err;
    // Cannot tell whether the MIS holds them: they wait, still unsure, and are not sent.
    await notWritten(deps, schoolId, unsure, `checking the MIS first: ${err.message}`, true);
    return { toSend, found: 0 };
  }
  const found: string[] = [];
  for (const u of unsure) {
    const r = reconcileMisMarks(
      [sameMark(u)],
      inMis.filter(
        (m) => m.upn === sameMark(u).upn && m.date === u.date && m.session === u.session,
      ),
    );
    if (u.upn !== null && r.matching === 1) found.push(u.eventId);
    else toSend.push(u);
  }
  await recordWritten(
    deps.db,
    schoolId,
    found,
    'found in the MIS when checked after an unanswered send',
    deps.clock.now(),
  );
  return { toSend, found: found.length };
}

/** Sends one batch and records each mark's outcome. */
async function sendBatch(
  deps: MisPassDeps,
  schoolId: string,
  writer: MisWriter,
  batch: readonly ClaimedWrite[],
): Promise<{ written: number; notWritten: number }> {
  if (batch.length === 0) return { written: 0, notWritten: 0 };
  let results;
  try {
    results = await writer.writeMarks(
      batch.map((b) => ({
        key: b.eventId,
        upn: b.upn,
        date: b.date,
        session: b.session,
        code: b.code,
        minutesLate: b.minutesLate,
        comment: b.comment,
      })),
    );
  } catch (err) {
    if (!(err instanceof MisError)) throw err;
    await notWritten(deps, schoolId, batch, err.message, err.outcome === 'unknown');
    return { written: 0, notWritten: batch.length };
  }
  const now = deps.clock.now();
  const byAck = new Map<string, string[]>();
  let refused = 0;
  for (const r of results) {
    if (r.written) byAck.set(r.ack, [...(byAck.get(r.ack) ?? []), r.key]);
  }
  for (const [ack, keys] of byAck) await recordWritten(deps.db, schoolId, keys, ack, now);
  // A mark the MIS cannot take (no such pupil or code) will not take it on a retry either.
  for (const r of results) {
    if (r.written) continue;
    refused += 1;
    await recordNotWritten(deps.db, schoolId, [r.key], {
      error: r.error,
      unsure: false,
      final: true,
      retryAt: now,
    });
  }
  // A mark the writer did not answer for was not sent: it waits for the next try.
  const answered = new Set(results.map((r) => r.key));
  const unanswered = batch.filter((b) => !answered.has(b.eventId));
  await notWritten(
    deps,
    schoolId,
    unanswered,
    'the MIS adapter gave no answer for this mark',
    false,
  );
  return { written: results.length - refused, notWritten: refused + unanswered.length };
}

/** One pass for one school: queue, then send what is due. */
export async function runMisPass(
  deps: MisPassDeps,
  schoolId: string,
  writer: MisWriter,
  writeFrom: string,
): Promise<MisPassResult> {
  const queued = await queueMarks(deps.db, schoolId, writeFrom, deps.clock.now());
  let written = 0;
  let foundOnCheck = 0;
  let failed = 0;
  for (let i = 0; i < BATCHES_PER_PASS; i += 1) {
    const claimed = await claimDueWrites(deps.db, schoolId, deps.clock.now(), MIS_BATCH_SIZE);
    if (claimed.length === 0) break;
    const checked = await checkUnsure(deps, schoolId, writer, claimed);
    foundOnCheck += checked.found;
    const sent = await sendBatch(deps, schoolId, writer, checked.toSend);
    written += sent.written;
    failed += sent.notWritten;
  }
  return { queued, written, foundOnCheck, notWritten: failed };
}

/**
 * Runs a pass for every connected school now and then every `intervalMs` (never two at once in
 * this process; two processes share the work through row claims). @returns a stop function.
 */
export function startMisWorker(
  deps: MisPassDeps,
  connection: MisConnection,
  intervalMs = 60_000,
): () => Promise<void> {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (running !== null || stopped) return;
    running = (async () => {
      try {
        for (const { schoolId, writer } of await connection.schools()) {
          const result = await runMisPass(deps, schoolId, writer, connection.writeFrom);
          if (result.queued + result.written + result.foundOnCheck + result.notWritten > 0)
            deps.logger.info('MIS writes', { school: schoolId, ...result });
        }
      } catch (err) {
        deps.logger.error('MIS writer pass failed; it runs again in a minute', { err });
      } finally {
        running = null;
      }
    })();
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  tick();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  };
}
