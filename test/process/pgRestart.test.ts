/**
 * PostgreSQL restarted in the middle of pushes (docs/reliability.md, "Fault matrix", T5): the
 * server process reaches PostgreSQL through a TCP proxy the test cuts (every connection reset, new
 * ones refused for a while), as a restart does. A device pushes batches back to back and resends a
 * batch that got no 200 under the same numbers until it does. While the database is away the server
 * answers 503 `unavailable` (never 500, never a hang); once it is back every acknowledged event is
 * in the log exactly once and no batch is half there.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '../../src/shared/api/syncSchemas';
import { skipWithoutPostgres } from './freshPostgres';
import { Browser } from './httpClient';
import { cleanUpProxied, startServerBehindProxy } from './proxiedPostgres';
import { sleep, waitUntil } from './serverProcess';
import { AckBook, demoOutbox, logProblems, pullAll, resendUntilAcknowledged } from './syncDevice';

const skipPostgres = await skipWithoutPostgres('PostgreSQL restarted mid-push (process tests)');

const OUTAGES = 3;
const BATCH = 25;

afterEach(cleanUpProxied);

describe('PostgreSQL restarted during a stream of pushes', () => {
  it.skipIf(skipPostgres)(
    'answers 503 while it is away, and after it returns every acknowledged event is stored exactly once',
    async () => {
      const { proxy, server } = await startServerBehindProxy('server via proxy');
      const tablet = new Browser();
      const { demoLog, outbox } = await demoOutbox(tablet, server.origin);
      const acks = new AckBook();
      const answers = new Map<number, number>();
      let sent = 0;

      /** Sends the batch until it gets a 200 (same numbers every time), counting the answers. */
      async function deliver(batch: readonly PushEvent[]): Promise<void> {
        const answer = await resendUntilAcknowledged(
          tablet,
          server.origin,
          outbox.deviceId,
          batch,
          {
            answers,
            giveUpAfterMs: 120_000,
          },
        );
        acks.record(answer.acks);
      }

      try {
        for (let outage = 0; outage < OUTAGES; outage += 1) {
          // Pushes in flight when the connections are cut, and during the outage: back to back
          // until the database is back (a fixed number of batches can all finish before the cut
          // on a fast machine, and then no push meets the outage).
          let isRestored = false;
          const stream = (async () => {
            for (let i = 0; i < 6 || !isRestored; i += 1) {
              const batch = outbox.nextBatch(BATCH);
              sent += batch.length;
              await deliver(batch);
            }
          })();
          await sleep(100 + Math.round(Math.random() * 300));
          const refusedBefore = answers.get(503) ?? 0;
          proxy.cut();
          // The database stays away until a push has met the outage (answered 503).
          await waitUntil(
            () => (answers.get(503) ?? 0) > refusedBefore,
            60_000,
            'no push was answered 503 while the database was away',
          );
          // Meanwhile the server answers quickly and honestly.
          const health = await tablet.get(server.origin, '/api/health', { timeoutMs: 10_000 });
          expect(health.status).toBe(503);
          proxy.restore();
          isRestored = true;
          await stream;
        }
      } catch (err) {
        throw new Error(
          `${(err as Error).message}\nserver exited: ${String(server.hasExited)}\n${server.describeOutput()}`,
          { cause: err },
        );
      }

      expect(answers.get(503) ?? 0).toBeGreaterThan(0);
      expect([...answers.keys()].filter((s) => s >= 500 && s !== 503)).toEqual([]);
      expect(acks.size).toBe(sent);
      const log = await pullAll(tablet, server.origin);
      expect(logProblems(log, acks)).toEqual([]);
      expect(log.headSeq).toBe(demoLog.headSeq + sent);
      console.info(
        `T5: ${sent} events exactly once across ${OUTAGES} outages (${proxy.cutConnections} connections cut); answers ${JSON.stringify(Object.fromEntries(answers))}`,
      );
    },
  );
});
