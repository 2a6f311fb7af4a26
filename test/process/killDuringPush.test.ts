/**
 * kill the server (SIGKILL, no chance to clean up) during a stream of pushes,
 * restart it on the same data, and find every acknowledged event exactly once. On the built-in
 * database (its own PostgreSQL in a data folder, left running by the kill and taken over by the
 * restart) and on PostgreSQL.
 *
 * A device pushes batches back to back; at a random moment the server is killed, usually with a
 * push in flight. That batch is unacknowledged: the server may have committed it (the answer was
 * lost) or not. After the restart the device resends it under the same numbers, as a real device
 * does: the server acknowledges what it had committed and applies the rest. The batch is one
 * transaction, so before the resend it must be wholly in the log or wholly absent.
 *
 * Then the same with several tablets pushing at once, so the server commits their pushes in
 * groups (src/server/sync/pushService.ts): a kill mid-group loses nothing and stores nothing
 * twice, each unanswered batch is wholly in the log or wholly absent, and the resends (sent all
 * at once, so they are grouped too) are acknowledged as stored or applied now.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../src/shared/api/syncSchemas';
import { createFreshDatabase, skipWithoutPostgres } from './freshPostgres';
import type { FreshDatabase } from './freshPostgres';
import { Browser } from './httpClient';
import { copyCreatedDataDir } from './builtInTemplate';
import { cleanUpProcesses, freePort, makeTempDir, startServer } from './serverProcess';
import type { ServerProcess } from './serverProcess';
import {
  AckBook,
  cellKey,
  checkPushAnswer,
  DEMO_OFFICE,
  demoOutbox,
  DeviceOutbox,
  fetchSnapshot,
  freeCells,
  logProblems,
  pullAll,
  pushOk,
  sendPush,
  signIn,
} from './syncDevice';

const skipPostgres = await skipWithoutPostgres(
  'SIGKILL during pushes on PostgreSQL (process tests)',
);

const KILLS = 3;
const BATCH = 20;
/** The kill comes this long after the stream (re)starts: several pushes in, one usually in flight. */
const KILL_DELAY_MS = { min: 150, max: 1200 };

let database: FreshDatabase | null = null;
afterEach(async () => {
  await cleanUpProcesses();
  await database?.drop();
  database = null;
});

interface KillRecord {
  readonly delayMs: number;
  /** Whether a push was unanswered when the server died. */
  readonly inFlight: boolean;
  /** Whether the server had committed the unanswered push before it died (its answer was lost). */
  readonly committedBeforeDeath: boolean;
  readonly restartMs: number;
}

async function killScenario(
  label: string,
  env: Readonly<Record<string, string>>,
): Promise<KillRecord[]> {
  const port = String(await freePort());
  let run = 1;
  let server: ServerProcess = await startServer({
    label: `${label} run ${run}`,
    env: { ...env, PORT: port },
  });
  const tablet = new Browser();
  const { session, demoLog, outbox } = await demoOutbox(tablet, server.origin);
  const acks = new AckBook();
  const kills: KillRecord[] = [];
  let newEvents = 0;

  for (let k = 0; k < KILLS; k += 1) {
    const delayMs = Math.round(
      KILL_DELAY_MS.min + Math.random() * (KILL_DELAY_MS.max - KILL_DELAY_MS.min),
    );
    let killed = false;
    let inFlightAtKill = false;
    let inFlight = false;
    const victim = server;
    const timer = setTimeout(() => {
      inFlightAtKill = inFlight;
      killed = true;
      victim.signal('SIGKILL');
    }, delayMs);

    // The stream: a new batch as soon as the last is acknowledged, until a push gets no answer
    // because the server has died. That batch is in the outbox, numbered, unacknowledged.
    let unanswered: PushEvent[];
    try {
      for (;;) {
        const batch = outbox.nextBatch(BATCH);
        newEvents += batch.length;
        inFlight = true;
        const res = await sendPush(tablet, victim.origin, outbox.deviceId, batch, {
          timeoutMs: 30_000,
        }).catch((err: unknown) => {
          if (killed) return null;
          throw new Error(
            `a push failed before the kill: ${(err as Error).message}\n${victim.describeOutput()}`,
            { cause: err },
          );
        });
        inFlight = false;
        if (res === null) {
          unanswered = batch;
          break;
        }
        acks.record(checkPushAnswer(res, batch).acks);
      }
    } finally {
      clearTimeout(timer);
    }
    const death = await victim.exited;
    expect(death.signal).toBe('SIGKILL');

    run += 1;
    const restartStart = Date.now();
    server = await startServer({ label: `${label} run ${run}`, env: { ...env, PORT: port } });
    const restartMs = Date.now() - restartStart;

    // The same cookies still work: the session outlived the process. One transaction per batch:
    // the unanswered batch survived the kill whole, or not at all.
    const inLog = new Set((await pullAll(tablet, server.origin)).events.map((e) => e.eventId));
    const present = unanswered.filter((e) => inLog.has(e.eventId)).length;
    expect([0, unanswered.length]).toContain(present);
    const committedBeforeDeath = present > 0;
    // Resent under the same numbers: acknowledged as stored, or applied now.
    const resent = await pushOk(tablet, server.origin, outbox.deviceId, unanswered);
    expect(resent.acks.map((a) => a.status)).toEqual(unanswered.map(() => 'applied'));
    acks.record(resent.acks);
    kills.push({ delayMs, inFlight: inFlightAtKill, committedBeforeDeath, restartMs });
  }

  // The device carries on after the last restart, then reads the whole log back.
  for (let i = 0; i < 2; i += 1) {
    const batch = outbox.nextBatch(BATCH);
    newEvents += batch.length;
    acks.record((await pushOk(tablet, server.origin, outbox.deviceId, batch)).acks);
  }
  expect(acks.size).toBe(newEvents);
  const log = await pullAll(tablet, server.origin);
  expect(logProblems(log, acks)).toEqual([]);
  expect(log.headSeq).toBe(demoLog.headSeq + newEvents);
  const ours = log.events.slice(demoLog.events.length);
  expect(ours.map((e) => e.eventId).sort()).toEqual([...acks.byEventId.keys()].sort());
  expect(ours.every((e) => e.deviceId === session.device.id && e.status === 'applied')).toBe(true);
  // The demo's history is untouched by the kills.
  expect(log.events.slice(0, demoLog.events.length)).toEqual(demoLog.events);

  console.info(
    `${label}: ${newEvents} events acknowledged exactly once across ${KILLS} kills: ${kills
      .map(
        (k) =>
          `kill at ${k.delayMs} ms (${k.inFlight ? 'push in flight' : 'between pushes'}, ${k.committedBeforeDeath ? 'it had committed' : 'not committed'}; restart ${k.restartMs} ms)`,
      )
      .join(', ')}`,
  );
  return kills;
}

describe('SIGKILL during a stream of pushes', () => {
  it('on the built-in database (data folder): every acknowledged event is there exactly once after restarts', async () => {
    const dataDir = await copyCreatedDataDir(await makeTempDir('tickmark-kill-built-in-'));
    const kills = await killScenario('built-in', { DATA_DIR: dataDir });
    expect(kills).toHaveLength(KILLS);
  });

  it.skipIf(skipPostgres)(
    'on PostgreSQL: every acknowledged event is there exactly once after restarts',
    async () => {
      database = await createFreshDatabase();
      const kills = await killScenario('PostgreSQL', { DATABASE_URL: database.url });
      expect(kills).toHaveLength(KILLS);
    },
  );
});

/** Tablets pushing at once in the grouped scenario. */
const TABLETS = 6;

describe('SIGKILL while several tablets push at once', () => {
  it('on the built-in database: a group cut off by the kill loses nothing and stores nothing twice', async () => {
    const dataDir = await copyCreatedDataDir(await makeTempDir('tickmark-kill-group-'));
    const env = { DATA_DIR: dataDir, PORT: String(await freePort()) };
    let server = await startServer({ label: 'grouped run 1', env });
    const first = new Browser();
    const { session, demoLog } = await demoOutbox(first, server.origin);
    // Each tablet its own device, marking its own share of the empty entries.
    const cells = freeCells(
      (await fetchSnapshot(first, server.origin)).roster,
      new Set(demoLog.events.map((e) => cellKey(e.pupilId, e.session))),
    );
    const tablets: { browser: Browser; outbox: DeviceOutbox }[] = [];
    for (let i = 0; i < TABLETS; i += 1) {
      const browser = i === 0 ? first : new Browser();
      const device = i === 0 ? session : await signIn(browser, server.origin, DEMO_OFFICE);
      const share = cells.filter((_, n) => n % TABLETS === i);
      tablets.push({ browser, outbox: new DeviceOutbox(device.device.id, device.staff.id, share) });
    }
    const acks = new AckBook();
    let newEvents = 0;

    // Every tablet streams batches until the kill; each keeps its unanswered batch, if any.
    const victim = server;
    let killed = false;
    const timer = setTimeout(
      () => {
        killed = true;
        victim.signal('SIGKILL');
      },
      400 + Math.random() * 800,
    );
    const unanswered = await Promise.all(
      tablets.map(async ({ browser, outbox }) => {
        for (;;) {
          const batch = outbox.nextBatch(BATCH);
          newEvents += batch.length;
          const res = await sendPush(browser, victim.origin, outbox.deviceId, batch, {
            timeoutMs: 30_000,
          }).catch((err: unknown) => {
            if (killed) return null;
            throw err;
          });
          if (res === null) return batch;
          acks.record(checkPushAnswer(res, batch).acks);
        }
      }),
    ).finally(() => clearTimeout(timer));
    expect((await victim.exited).signal).toBe('SIGKILL');

    server = await startServer({ label: 'grouped run 2', env });
    const inLog = new Set((await pullAll(first, server.origin)).events.map((e) => e.eventId));
    for (const batch of unanswered) {
      expect([0, batch.length]).toContain(batch.filter((e) => inLog.has(e.eventId)).length);
    }
    // All resent at once under the same numbers: acknowledged as stored, or applied now.
    const resent = await Promise.all(
      tablets.map(({ browser, outbox }, i) =>
        pushOk(browser, server.origin, outbox.deviceId, unanswered[i] ?? []),
      ),
    );
    for (const answer of resent) {
      expect(answer.acks.every((a) => a.status === 'applied')).toBe(true);
      acks.record(answer.acks);
    }

    expect(acks.size).toBe(newEvents);
    const log = await pullAll(first, server.origin);
    expect(logProblems(log, acks)).toEqual([]);
    expect(log.headSeq).toBe(demoLog.headSeq + newEvents);
    expect(log.events.slice(0, demoLog.events.length)).toEqual(demoLog.events);
    console.info(
      `grouped: ${newEvents} events from ${TABLETS} tablets acknowledged exactly once across a kill; ${
        unanswered.filter((b) => b.some((e) => inLog.has(e.eventId))).length
      } of ${TABLETS} unanswered batches had committed`,
    );
  });
});
