/**
 * a tap on a pupil to the painted mark, and to the committed outbox row, in
 * headless Chromium with 4× CPU throttling. Budget: p95 ≤ 50 ms (painted) and ≤ 100 ms
 * (committed). Limit beside it: a bare IndexedDB add in the same page, one read-write
 * transaction, strict durability as the app's Dexie uses (and the default, relaxed, for scale).
 *
 * Each run is a tablet prepared as in the cold start (signed in once, then offline), opened on a
 * throttled page and unlocked; then every one of the 35 unmarked pupils is tapped in turn, with a
 * pause between taps as a teacher's finger would leave. Measured in the page:
 *
 * - start: the click event's time stamp (when the input reached the page);
 * - painted: the tile shows its code (MutationObserver), then the frame after the next
 *   requestAnimationFrame (a message posted from it runs once that frame is painted);
 * - committed: the `complete` event of the IndexedDB transaction that added the outbox row
 *   (the page's IDBObjectStore.add is wrapped to listen for it).
 *
 * Offline, so no push follows the tap. `BENCH_RUNS` (default 3 tablets, 35 taps each).
 */
import type { Page } from 'playwright-core';
import { bench, describe } from 'vitest';
import type { Tablet } from '../e2e/support/browser';
import { RegisterPage } from '../e2e/pages/RegisterPage';
import { percentile, summarise, writeBenchSection } from './support/benchReport';
import {
  coldStart,
  CPU_THROTTLING,
  preparedTablet,
  readMarks,
  REGISTER_SIZE,
  startBrowserBench,
  stopBrowserBench,
  type BrowserBench,
} from './support/browserBench';
import { ms, ONCE, runs } from './support/once';

const RUNS = runs(3);
const PAINT_BUDGET = 50;
const COMMIT_BUDGET = 100;
const PAUSE_MS = 250;

/** `count` bare IndexedDB adds, one transaction each, with `durability`; milliseconds each. */
function bareAdds(page: Page, count: number, durability: 'strict' | 'relaxed'): Promise<number[]> {
  return page.evaluate(
    async ({ count, durability }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(`bench-bare-${durability}`, 1);
        open.onupgradeneeded = () =>
          open.result.createObjectStore('rows', { keyPath: 'localSeq', autoIncrement: true });
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      // The page's own clock: Playwright's fixed time replaces `performance` (browserBench.ts).
      const real = (window as unknown as { __benchPerformance: Performance }).__benchPerformance;
      const times: number[] = [];
      for (let i = 0; i < count; i += 1) {
        const started = real.now();
        await new Promise<void>((resolve, reject) => {
          const tx = db.transaction('rows', 'readwrite', { durability });
          // A row the size of an outbox row (~400 bytes of fields).
          tx.objectStore('rows').add({
            eventId: crypto.randomUUID(),
            pupilId: crypto.randomUUID(),
            session: { date: '2026-11-24', part: 'AM' },
            code: '/',
            status: 'pending',
            recordedAt: new Date().toISOString(),
            note: 'x'.repeat(200),
          });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
        times.push(real.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      db.close();
      return times;
    },
    { count, durability },
  );
}

async function measure(): Promise<void> {
  let bench: BrowserBench | undefined;
  const tablets: Tablet[] = [];
  try {
    bench = await startBrowserBench();
    const paints: number[] = [];
    const commits: number[] = [];
    const handlers: number[] = [];
    const strict: number[] = [];
    const relaxed: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const tablet = await preparedTablet(bench);
      tablets.push(tablet);
      const { page } = await coldStart(tablet, bench);
      const register = new RegisterPage(page);
      const names = await register.pupilNames();
      for (const [i, name] of names.entries()) {
        await register.tap(name);
        await page.waitForFunction(
          (n) => {
            const marks = (
              window as unknown as {
                __bench: { taps: { painted: number | null }[]; commits: unknown[] };
              }
            ).__bench;
            return (
              marks.taps.length === n &&
              marks.taps[n - 1]?.painted !== null &&
              marks.commits.length === n
            );
          },
          i + 1,
          { timeout: 30_000 },
        );
        await page.waitForTimeout(PAUSE_MS);
      }
      const marks = await readMarks(page);
      if (marks.taps.length !== REGISTER_SIZE || marks.commits.length !== REGISTER_SIZE) {
        throw new Error(`Expected ${REGISTER_SIZE} taps and commits: ${JSON.stringify(marks)}`);
      }
      marks.taps.forEach((tap, i) => {
        const commit = marks.commits[i];
        if (tap.painted === null || commit === undefined)
          throw new Error('A tap was not seen through.');
        paints.push(tap.painted - tap.start);
        commits.push(commit.committed - tap.start);
        handlers.push(tap.handler - tap.start);
      });
      strict.push(...(await bareAdds(page, REGISTER_SIZE, 'strict')));
      relaxed.push(...(await bareAdds(page, REGISTER_SIZE, 'relaxed')));
      await page.close();
    }
    const row = (name: string, values: number[], budget?: number) =>
      `| ${name} | ${ms(percentile(values, 50))} | **${ms(percentile(values, 95))}** | ${ms(Math.max(...values))} | ${budget === undefined ? '' : `≤ ${budget} ms: ${percentile(values, 95) <= budget ? 'within' : 'OVER'} (${((100 * percentile(values, 95)) / budget).toFixed(0)} %)`} |`;
    const strictP95 = percentile(strict, 95);
    writeBenchSection(
      'tap-latency',
      '3. Tap to painted mark and to committed outbox row',
      `
Headless Chromium, ${CPU_THROTTLING}× CPU throttling, offline; ${RUNS} tablets × ${REGISTER_SIZE} taps (${paints.length} taps), ${PAUSE_MS} ms between taps.

| | p50 | p95 | max | budget (p95) |
| --- | ---: | ---: | ---: | --- |
${row('tap → mark painted', paints, PAINT_BUDGET)}
${row('tap → outbox row committed', commits, COMMIT_BUDGET)}
| input → app's click handler starts (queueing) | ${ms(percentile(handlers, 50))} | ${ms(percentile(handlers, 95))} | ${ms(Math.max(...handlers))} | |
${row('limit: bare IndexedDB add, strict durability (as the app)', strict)}
${row('bare IndexedDB add, relaxed durability', relaxed)}

Committed p95 / bare strict add p95: ${(percentile(commits, 95) / strictP95).toFixed(1)} ×. Per run p95 (painted): ${summarise(
        Array.from({ length: RUNS }, (_, r) =>
          percentile(paints.slice(r * REGISTER_SIZE, (r + 1) * REGISTER_SIZE), 95),
        ),
      ).median.toFixed(0)} ms median of runs.
`,
    );
  } finally {
    for (const tablet of tablets) await tablet.context.close().catch(() => undefined);
    await stopBrowserBench(bench);
  }
}

describe('tap latency', () => {
  bench('tap → painted and → committed, 4× throttled', measure, ONCE);
});
