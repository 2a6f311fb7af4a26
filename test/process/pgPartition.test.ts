/**
 * A silent network partition between the server and PostgreSQL: the server process reaches
 * PostgreSQL through a TCP proxy that the test turns into a black hole (every connection stays
 * open but carries nothing, new ones are accepted and ignored; nothing is ever reset, so neither
 * end learns anything is wrong). A device pushes batches back to back and resends a batch that
 * got no 200 under the same numbers until it does.
 *
 * With the server's database time limits at their defaults (src/server/README.md, "Database time
 * limits"): `/api/health` answers 503 within a few seconds while the partition lasts; every push
 * is answered 503 or abandoned by the device (never a 500, never a lasting wedge); once the
 * partition heals pushes are acknowledged again within the idle-in-transaction limit, and every
 * acknowledged event is in the log exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { skipWithoutPostgres } from './freshPostgres';
import { Browser } from './httpClient';
import { cleanUpProxied, startServerBehindProxy } from './proxiedPostgres';
import { sleep } from './serverProcess';
import { AckBook, demoOutbox, logProblems, pullAll, resendUntilAcknowledged } from './syncDevice';

const skipPostgres = await skipWithoutPostgres('silent partition from PostgreSQL (process tests)');

const BATCH = 25;
/** How long the partition lasts. */
const PARTITION_MS = 8000;
/** "Within a few seconds" for the health check (the server's own limit is 3 s). */
const HEALTH_BUDGET_MS = 5000;
/**
 * The worst case after the heal: a push caught mid-transaction by the partition leaves a session
 * holding the school's log lock that PostgreSQL ends only at the idle-in-transaction limit (30 s
 * by default, counted from before the partition), plus one retry.
 */
const RECOVERY_BUDGET_MS = 30_000;
/** The device abandons a push that has had no answer for this long, and resends it. */
const PUSH_TIMEOUT_MS = 10_000;

afterEach(cleanUpProxied);

describe('a silent network partition between the server and PostgreSQL', () => {
  it.skipIf(skipPostgres)(
    'health answers 503 within seconds, no push is answered 500, and after the heal pushes are acknowledged again, each event once',
    async () => {
      const { proxy: blackHole, server } = await startServerBehindProxy('server via black hole');
      const tablet = new Browser();
      const { demoLog, outbox } = await demoOutbox(tablet, server.origin);
      const acks = new AckBook();
      const answers = new Map<number, number>();
      let sent = 0;
      let healedAt: number | null = null;
      let firstAckAfterHeal: number | null = null;

      /** Health's status (0: no answer within 15 s) and how long it took. */
      async function health(): Promise<{ status: number; ms: number }> {
        const started = Date.now();
        const res = await tablet
          .get(server.origin, '/api/health', { timeoutMs: 15_000 })
          .catch(() => null);
        return { status: res?.status ?? 0, ms: Date.now() - started };
      }

      const healthDuring: { status: number; ms: number }[] = [];
      // Pushes in flight when the partition starts, and back to back until one is acknowledged
      // after it heals.
      const stream = (async () => {
        while (firstAckAfterHeal === null) {
          const batch = outbox.nextBatch(BATCH);
          sent += batch.length;
          const answer = await resendUntilAcknowledged(
            tablet,
            server.origin,
            outbox.deviceId,
            batch,
            { answers, giveUpAfterMs: 150_000, requestTimeoutMs: PUSH_TIMEOUT_MS },
          );
          acks.record(answer.acks);
          if (healedAt !== null) firstAckAfterHeal ??= Date.now();
        }
      })();
      let streamError: unknown = null;
      stream.catch((err: unknown) => (streamError = err));
      await sleep(300 + Math.round(Math.random() * 400));
      blackHole.blackHole();
      const partitionStarted = Date.now();
      while (Date.now() - partitionStarted < PARTITION_MS) healthDuring.push(await health());
      blackHole.heal();
      healedAt = Date.now();

      // During the partition: a prompt, honest 503 every time.
      expect(healthDuring.length).toBeGreaterThan(0);
      expect(healthDuring.map((h) => h.status)).toEqual(healthDuring.map(() => 503));
      expect(Math.max(...healthDuring.map((h) => h.ms))).toBeLessThan(HEALTH_BUDGET_MS);

      while (firstAckAfterHeal === null && streamError === null) {
        if (Date.now() - healedAt > RECOVERY_BUDGET_MS + PUSH_TIMEOUT_MS) {
          throw new Error(
            `no push was acknowledged within ${RECOVERY_BUDGET_MS + PUSH_TIMEOUT_MS} ms of the heal; answers ${JSON.stringify(Object.fromEntries(answers))}\n${server.describeOutput()}`,
          );
        }
        await sleep(100);
      }
      if (streamError !== null) {
        throw new Error(
          `${(streamError as Error).message}\nserver exited: ${String(server.hasExited)}\n${server.describeOutput()}`,
          { cause: streamError },
        );
      }
      await stream;
      const recoveryMs = (firstAckAfterHeal ?? Number.NaN) - healedAt;
      // No push was answered with anything but 200 or 503 (or, while a connection was stuck
      // in the partition, not at all), and at least one met the partition.
      expect([...answers.keys()].filter((s) => s !== 200 && s !== 503 && s !== 0)).toEqual([]);
      expect((answers.get(503) ?? 0) + (answers.get(0) ?? 0)).toBeGreaterThan(0);
      // After the heal: acknowledged again promptly, and the server is healthy again.
      expect(recoveryMs).toBeLessThan(RECOVERY_BUDGET_MS);
      expect((await health()).status).toBe(200);
      // Every acknowledged event exactly once.
      expect(acks.size).toBe(sent);
      const log = await pullAll(tablet, server.origin);
      expect(logProblems(log, acks)).toEqual([]);
      expect(log.headSeq).toBe(demoLog.headSeq + sent);
      console.info(
        `partition of ${PARTITION_MS} ms (${blackHole.stalledConnections} connections stalled): health answered ${JSON.stringify(healthDuring)}; pushes acknowledged again ${recoveryMs} ms after the heal; ${sent} events exactly once; answers ${JSON.stringify(Object.fromEntries(answers))}`,
      );
    },
  );
});
