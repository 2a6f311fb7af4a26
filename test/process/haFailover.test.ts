/**
 * High availability on PostgreSQL: a real Tickmark server on a pg_auto_failover pair (monitor,
 * primary, synchronous secondary; haFormation.ts), reached through the multi-host connection
 * string `pg_autoctl show uri` prints (`…h1:p1,h2:p2/tickmark?target_session_attrs=read-write`).
 *
 * Several tablets push batches back to back, each resending a batch that got no 200 under the
 * same numbers, as a real device does. Mid-stream the primary machine dies: its pg_autoctl and
 * PostgreSQL are SIGKILLed together. The monitor promotes the secondary; the server finds it by
 * itself (no restart, no new setting). Afterwards every acknowledged mark is on the new primary
 * exactly once, the numbering has no hole, and every tablet's pushes were acknowledged again
 * within RESUME_LIMIT_MS of the kill (the measured time is printed; docs/reliability.md).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../src/shared/api/syncSchemas';
import { HaFormation, skipWithoutHa } from './haFormation';
import { Browser } from './httpClient';
import { cleanUpProcesses, freePort, sleep, startServer } from './serverProcess';
import {
  AckBook,
  cellKey,
  DEMO_OFFICE,
  DEMO_OFFICE_2,
  DeviceOutbox,
  fetchSnapshot,
  freeCells,
  logProblems,
  pullAll,
  resendUntilAcknowledged,
  signIn,
} from './syncDevice';

const skipHa = skipWithoutHa('PostgreSQL failover with pg_auto_failover (process tests)');

const TABLETS = 6;
const BATCH = 10;
/** Acknowledged marks before the kill, so the log is well under way when the primary dies. */
const ACKED_BEFORE_KILL = 200;
/** Each tablet keeps pushing until this many of its batches were acknowledged after the kill. */
const BATCHES_AFTER_KILL = 3;
/** The promise: pushes are acknowledged again this soon after the primary dies. */
const RESUME_LIMIT_MS = 30_000;

let formation: HaFormation | null = null;
afterEach(async () => {
  await cleanUpProcesses();
  await formation?.stop();
  formation = null;
});

interface Tablet {
  readonly browser: Browser;
  readonly outbox: DeviceOutbox;
  /** When the first push answered 200 after the kill (ms since the kill), or null. */
  resumedAfterMs: number | null;
  ackedAfterKill: number;
}

describe('the PostgreSQL primary dies during a stream of pushes from many tablets', () => {
  it.skipIf(skipHa)(
    'the server follows the promoted secondary by itself; every acknowledged mark is there exactly once',
    async () => {
      formation = await HaFormation.start();
      const [firstPort, secondPort] = formation.nodePorts;
      const url = formation.connectionString();
      expect(url).toContain(`127.0.0.1:${firstPort},127.0.0.1:${secondPort}`);
      expect(url).toContain('target_session_attrs=read-write');
      const server = await startServer({
        label: 'server on the pair',
        env: { DATABASE_URL: url, PORT: String(await freePort()) },
      });

      const first = new Browser();
      await signIn(first, server.origin, DEMO_OFFICE);
      const demoLog = await pullAll(first, server.origin);
      const roster = (await fetchSnapshot(first, server.origin)).roster;
      const cells = freeCells(
        roster,
        new Set(demoLog.events.map((e) => cellKey(e.pupilId, e.session))),
      );
      const tablets: Tablet[] = [];
      for (let i = 0; i < TABLETS; i += 1) {
        const browser = i === 0 ? first : new Browser();
        const session = await signIn(
          browser,
          server.origin,
          i % 2 === 0 ? DEMO_OFFICE : DEMO_OFFICE_2,
        );
        const outbox = new DeviceOutbox(
          session.device.id,
          session.staff.id,
          cells.filter((_, index) => index % TABLETS === i),
        );
        tablets.push({ browser, outbox, resumedAfterMs: null, ackedAfterKill: 0 });
      }
      expect(new Set(tablets.map((t) => t.outbox.deviceId)).size).toBe(TABLETS);

      const acks = new AckBook();
      const answers = new Map<number, number>();
      let sent = 0;
      let killedAt: number | null = null;

      /** Delivers the batch as a device does, noting when the tablet was first answered after the kill. */
      async function deliver(tablet: Tablet, batch: readonly PushEvent[]): Promise<void> {
        const answer = await resendUntilAcknowledged(
          tablet.browser,
          server.origin,
          tablet.outbox.deviceId,
          batch,
          { answers, giveUpAfterMs: 2 * RESUME_LIMIT_MS },
        );
        acks.record(answer.acks);
        if (killedAt !== null) {
          tablet.resumedAfterMs ??= Date.now() - killedAt;
          tablet.ackedAfterKill += 1;
        }
      }

      const streams = tablets.map(async (tablet) => {
        while (killedAt === null || tablet.ackedAfterKill < BATCHES_AFTER_KILL) {
          const batch = tablet.outbox.nextBatch(BATCH);
          sent += batch.length;
          await deliver(tablet, batch);
        }
      });
      const failed = Promise.all(streams).then(
        () => new Error('the tablets stopped before the kill'),
        (err: unknown) => err as Error,
      );

      let primaryName = '';
      let promotedAfterMs: number;
      try {
        // Kill once the log is well under way, with pushes in flight from every tablet.
        const underWay = (async () => {
          const deadline = Date.now() + 60_000;
          while (acks.size < ACKED_BEFORE_KILL) {
            if (Date.now() > deadline) throw new Error('the tablets were too slow to start');
            await sleep(20);
          }
        })();
        const early = await Promise.race([
          underWay.then(
            () => null,
            (err: unknown) => err as Error,
          ),
          failed,
        ]);
        if (early !== null) throw early;

        const primary = await formation.primary();
        primaryName = primary.name;
        expect(primary.port).toBe(firstPort);
        killedAt = Date.now();
        formation.kill(primary.name);

        const promoted = await formation.waitFor(
          'the secondary to be promoted',
          Date.now() + 2 * RESUME_LIMIT_MS,
          (nodes) => nodes.some((n) => n.name !== primaryName && n.reported === 'wait_primary'),
        );
        promotedAfterMs = Date.now() - killedAt;
        expect(promoted.find((n) => n.reported === 'wait_primary')?.port).toBe(secondPort);
        await Promise.all(streams);
      } catch (err) {
        throw new Error(
          `${(err as Error).message}\nserver exited: ${String(server.hasExited)}\n${server.describeOutput()}\n${formation.describeOutput()}`,
          { cause: err },
        );
      }

      // The tablets saw only 200s and 503s ("try again"), never another failure.
      expect([...answers.keys()].filter((s) => s !== 200 && s !== 503)).toEqual([]);
      expect(acks.size).toBe(sent);
      const resumedAfter = tablets.map((t) => t.resumedAfterMs ?? Infinity);
      expect(Math.max(...resumedAfter)).toBeLessThan(RESUME_LIMIT_MS);

      // Through the server: numbers 1…head in order, each acknowledged event once under its number.
      const log = await pullAll(first, server.origin);
      expect(logProblems(log, acks)).toEqual([]);
      expect(log.headSeq).toBe(demoLog.headSeq + sent);

      // And on the new primary itself, read directly: the same log, nothing twice, no hole.
      const [onNewPrimary] = await formation.query(
        secondPort,
        'tickmark',
        `SELECT pg_is_in_recovery() AS standby, count(*)::int AS events,
                count(DISTINCT event_id)::int AS distinct_ids, max(server_seq)::int AS head
           FROM mark_event`,
      );
      expect(onNewPrimary).toEqual({
        standby: false,
        events: log.headSeq,
        distinct_ids: log.headSeq,
        head: log.headSeq,
      });

      console.info(
        `HA failover: ${sent} marks from ${TABLETS} tablets, all on the new primary exactly once; ` +
          `secondary promoted ${promotedAfterMs} ms after the kill; pushes acknowledged again after ` +
          `${Math.min(...resumedAfter)}–${Math.max(...resumedAfter)} ms; answers ${JSON.stringify(Object.fromEntries(answers))}`,
      );
    },
  );
});
