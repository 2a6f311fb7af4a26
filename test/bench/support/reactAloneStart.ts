/**
 * The cold-start benchmark's limit: the smallest React app (support/reactOnly, React + React DOM
 * rendering one element) opened in a new page with the same CPU throttling, its files answered
 * from memory as a service worker's cache would. Time from navigation to its element in the DOM
 * and to the frame after: what any React client pays before it can show anything.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Browser } from 'playwright-core';
import { buildClient } from '../../e2e/support/build';
import { CPU_THROTTLING } from './browserBench';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
};

export interface ReactAloneRun {
  /** Navigation start → the element is in the DOM. */
  readonly rendered: number;
  /** → the frame after it (painted). */
  readonly painted: number;
}

export async function reactAloneStarts(browser: Browser, runs: number): Promise<ReactAloneRun[]> {
  const dir = await mkdtemp(join(tmpdir(), 'tickmark-bench-react-start-'));
  try {
    buildClient([
      '--config',
      join(import.meta.dirname, 'reactOnly', 'vite.reactOnly.config.ts'),
      '--outDir',
      dir,
      '--emptyOutDir',
    ]);
    const results: ReactAloneRun[] = [];
    for (let i = 0; i < runs; i += 1) {
      const context = await browser.newContext();
      try {
        await context.route('http://react-alone.test/**', (route) => {
          const path = new URL(route.request().url()).pathname;
          const file = join(dir, path === '/' ? 'index.html' : path);
          void route.fulfill({
            status: 200,
            contentType: TYPES[extname(file)] ?? 'application/octet-stream',
            body: readFileSync(file),
          });
        });
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
        await page.addInitScript(() => {
          const marks: { rendered: number | null; painted: number | null } = {
            rendered: null,
            painted: null,
          };
          (window as unknown as { __reactAlone: typeof marks }).__reactAlone = marks;
          new MutationObserver((_, observer) => {
            if (marks.rendered !== null || document.querySelector('#root p') === null) return;
            marks.rendered = performance.now();
            observer.disconnect();
            // The frame after, as browserBench.ts marks the register's tiles painted.
            requestAnimationFrame(() => {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => {
                marks.painted = performance.now();
              };
              channel.port2.postMessage(0);
            });
          }).observe(document, { childList: true, subtree: true });
        });
        await page.goto('http://react-alone.test/');
        const handle = await page.waitForFunction(
          () => {
            const marks = (
              window as unknown as {
                __reactAlone: { rendered: number | null; painted: number | null };
              }
            ).__reactAlone;
            return marks.painted === null ? null : marks;
          },
          undefined,
          { timeout: 60_000 },
        );
        const marks = (await handle.jsonValue()) as { rendered: number; painted: number };
        results.push({ rendered: marks.rendered, painted: marks.painted });
      } finally {
        await context.close();
      }
    }
    return results;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
