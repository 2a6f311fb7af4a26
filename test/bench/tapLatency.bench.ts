/**
 * a tap on a pupil to the painted mark, and to the committed outbox row, in
 * headless Chromium with 4× CPU throttling, on a tablet whose IndexedDB is on disk.
 *
 * Targets (docs/design.md §3.1): tap → committed p95 ≤ 2 × a bare durable add in the same page;
 * tap → painted p95 ≤ one frame (16.7 ms at 60 Hz) after the app's handler starts. Beside
 * them the earlier budgets: p95 ≤ 50 ms (painted) and ≤ 100 ms (committed).
 *
 * Each run is a tablet of its own: its own Chromium on a persistent on-disk profile (a temp
 * folder; an incognito context keeps IndexedDB in memory, where a strict commit waits for no
 * disk), with a touch screen, prepared as in the cold start (signed in once, then offline),
 * opened on a throttled page and unlocked. Then every one of the 35 unmarked pupils is tapped
 * with a finger (`page.touchscreen.tap`), and after each tap, in the same page, one bare
 * IndexedDB add with strict durability (the limit) and one with relaxed durability (for scale):
 * the limit is measured interleaved with the taps, under the same disk and CPU. Measured in the
 * page:
 *
 * - start: the tap's pointerup time stamp (when the finger left and the input reached the page);
 * - handler: the capture listener on the document of the event the app acts on (its own handler
 *   runs next): the pointerup, as the app marks a finger's tap as it lifts (register/liftTap.ts);
 * - clicked: the browser's click of the tap reached the page (the app swallows it), for scale;
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
/** One frame at 60 Hz: the paint target after the app's handler starts. */
const FRAME_MS = 1000 / 60;

/** Opens the bare-add database in the page (one object store, the outbox's key). */
function openBare(page: Page): Promise<void> {
  return page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('bench-bare', 1);
      open.onupgradeneeded = () =>
        open.result.createObjectStore('rows', { keyPath: 'localSeq', autoIncrement: true });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    (window as unknown as { __bareDb: IDBDatabase }).__bareDb = db;
  });
}

/** One bare IndexedDB add, one read-write transaction with `durability`; milliseconds to `complete`. */
function bareAdd(page: Page, durability: 'strict' | 'relaxed'): Promise<number> {
  return page.evaluate(async (durability) => {
    const db = (window as unknown as { __bareDb: IDBDatabase }).__bareDb;
    // The page's own clock: Playwright's fixed time replaces `performance` (browserBench.ts).
    const real = (window as unknown as { __benchPerformance: Performance }).__benchPerformance;
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
    return real.now() - started;
  }, durability);
}

/** A finger's tap in the middle of the pupil's tile. */
async function touchTile(page: Page, register: RegisterPage, name: string): Promise<void> {
  await register.tile(name).scrollIntoViewIfNeeded();
  const box = await register.tile(name).boundingBox();
  if (box === null) throw new Error(`The tile of ${name} is not on screen.`);
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
}

async function measure(): Promise<void> {
  let bench: BrowserBench | undefined;
  const tablets: Tablet[] = [];
  try {
    bench = await startBrowserBench();
    const paints: number[] = [];
    const commits: number[] = [];
    const handlers: number[] = [];
    const handledToPainted: number[] = [];
    const handledToCommitted: number[] = [];
    const clicks: number[] = [];
    let writtenBeforeClick = 0;
    const strict: number[] = [];
    const relaxed: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const tablet = await preparedTablet(bench, { profile: 'persistent' });
      tablets.push(tablet);
      const { page } = await coldStart(tablet, bench);
      const register = new RegisterPage(page);
      const names = await register.pupilNames();
      await openBare(page);
      for (const [i, name] of names.entries()) {
        await touchTile(page, register, name);
        await page
          .waitForFunction(
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
          )
          .catch(async (error: unknown) => {
            const seen = await readMarks(page);
            throw new Error(
              `Tap ${i + 1} (${name}) was not seen through: ${JSON.stringify({ taps: seen.taps.slice(-2), commits: seen.commits.length })}; page log: ${tablet.log.slice(-10).join(' | ')}`,
              { cause: error },
            );
          });
        await page.waitForTimeout(PAUSE_MS);
        strict.push(await bareAdd(page, 'strict'));
        await page.waitForTimeout(PAUSE_MS / 5);
        relaxed.push(await bareAdd(page, 'relaxed'));
        await page.waitForTimeout(PAUSE_MS / 5);
      }
      const marks = await readMarks(page);
      if (marks.taps.length !== REGISTER_SIZE || marks.commits.length !== REGISTER_SIZE) {
        throw new Error(`Expected ${REGISTER_SIZE} taps and commits: ${JSON.stringify(marks)}`);
      }
      marks.taps.forEach((tap, i) => {
        const commit = marks.commits[i];
        if (tap.painted === null || commit === undefined)
          throw new Error('A tap was not seen through.');
        if (!tap.byTouch) throw new Error(`The tap on ${tap.name} did not come by touch.`);
        paints.push(tap.painted - tap.start);
        commits.push(commit.committed - tap.start);
        handlers.push(tap.handler - tap.start);
        handledToPainted.push(tap.painted - tap.handler);
        handledToCommitted.push(commit.committed - tap.handler);
        if (tap.clicked !== null) clicks.push(tap.clicked - tap.start);
        if (tap.clicked === null || commit.started < tap.clicked) writtenBeforeClick += 1;
      });
      await page.close();
    }
    const row = (name: string, values: number[], budget?: number) =>
      `| ${name} | ${ms(percentile(values, 50))} | **${ms(percentile(values, 95))}** | ${ms(Math.max(...values))} | ${budget === undefined ? '' : `≤ ${budget} ms: ${percentile(values, 95) <= budget ? 'within' : 'OVER'} (${((100 * percentile(values, 95)) / budget).toFixed(0)} %)`} |`;
    const strictP95 = percentile(strict, 95);
    const commitRatio = percentile(commits, 95) / strictP95;
    const paintAfterHandler = percentile(handledToPainted, 95);
    const verdict = (isMet: boolean) => (isMet ? 'met' : '**MISSED**');
    writeBenchSection(
      'tap-latency',
      '3. Tap to painted mark and to committed outbox row',
      `
Headless Chromium, ${CPU_THROTTLING}× CPU throttling, offline, each tablet its own Chromium on a
persistent on-disk profile (IndexedDB on disk) with a touch screen; ${RUNS} tablets × ${REGISTER_SIZE}
finger taps (${paints.length} taps), ${PAUSE_MS} ms after each tap, then one bare strict add and one bare
relaxed add in the same page (interleaved with the taps).

| | p50 | p95 | max | budget (p95) |
| --- | ---: | ---: | ---: | --- |
${row('tap → mark painted', paints, PAINT_BUDGET)}
${row('tap → outbox row committed', commits, COMMIT_BUDGET)}
| finger lifts → the app's handler starts (pointerup reaches the page) | ${ms(percentile(handlers, 50))} | ${ms(percentile(handlers, 95))} | ${ms(Math.max(...handlers))} | |
| app's handler starts → mark painted | ${ms(percentile(handledToPainted, 50))} | ${ms(paintAfterHandler)} | ${ms(Math.max(...handledToPainted))} | |
| app's handler starts → outbox row committed | ${ms(percentile(handledToCommitted, 50))} | ${ms(percentile(handledToCommitted, 95))} | ${ms(Math.max(...handledToCommitted))} | |
${clicks.length === 0 ? `| finger lifts → the browser's click of it | none came (the app cancels a tap's touchend) | | | |` : `| finger lifts → the browser's click of it (${clicks.length} came; not in the tap's path) | ${ms(percentile(clicks, 50))} | ${ms(percentile(clicks, 95))} | ${ms(Math.max(...clicks))} | |`}
${row('limit: bare IndexedDB add, strict durability (as the app)', strict)}
${row('bare IndexedDB add, relaxed durability (for scale)', relaxed)}

Targets: tap → committed p95 ≤ 2 × the bare strict add p95: ${commitRatio.toFixed(2)} ×, ${verdict(commitRatio <= 2)};
painted p95 ≤ one frame (${FRAME_MS.toFixed(1)} ms) after the handler starts: ${ms(paintAfterHandler)}, ${verdict(paintAfterHandler <= FRAME_MS)}.
The app's own part, handler → committed p95 / bare strict add p95: ${(percentile(handledToCommitted, 95) / strictP95).toFixed(2)} × (the rest of a tap is the browser's: the pointerup reaching the page).
Taps whose outbox write started before the browser's click reached the page (acted on as the finger lifted): ${writtenBeforeClick} of ${commits.length}.
Strict / relaxed bare add p95: ${(strictP95 / percentile(relaxed, 95)).toFixed(1)} × (near 1 would mean the disk flush is not seen).
Per run p95 (painted): ${summarise(
        Array.from({ length: RUNS }, (_, r) =>
          percentile(paints.slice(r * REGISTER_SIZE, (r + 1) * REGISTER_SIZE), 95),
        ),
      ).median.toFixed(0)} ms median of runs.
${
  commitRatio <= 2 && paintAfterHandler <= FRAME_MS
    ? ''
    : `
Where a target is missed, why (a Chromium trace of taps, docs/design.md §3.1): the write is issued
first and storage commits while the page draws, but the transaction's \`complete\` event is a
task of the page, which the browser runs only after the frame that paints the tapped tile (the
handler's render of the tile, a layout of the register's grid and the paint); a bare add in an
idle page waits for the disk only. Under load the machine's other work lands in the same window.
`
}`,
    );
  } finally {
    for (const tablet of tablets) await tablet.context.close().catch(() => undefined);
    await stopBrowserBench(bench);
  }
}

describe('tap latency', () => {
  bench('tap → painted and → committed, 4× throttled', measure, ONCE);
});
