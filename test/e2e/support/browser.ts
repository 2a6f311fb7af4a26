/**
 * Headless Chromium for the browser tests: Debian's own build (Playwright cannot download one
 * here), driven by playwright-core. Each "tablet" is a fresh browser context: its own IndexedDB,
 * service worker, cookies and clock, as two iPads on one trolley would have.
 */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserServer,
  type Page,
} from 'playwright-core';
import { afterEach, inject } from 'vitest';
import { cleanUpProcesses, type ServerProcess } from '../../process/serverProcess';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A Chromium of its own (the benchmarks'; the browser tests share one, see `connectChromium`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * Starts the one Chromium a run of the browser tests shares (the global setup does, once): each
 * file connects to it instead of starting its own, which took a second or two of both cores per
 * file. Files stay apart as before: every tablet is a browser context of its own.
 */
export function launchChromiumServer(): Promise<BrowserServer> {
  return chromium.launchServer({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * The run's shared Chromium (started by the global setup). `browser.close()` in `shutDown` only
 * disconnects, closing the contexts this file opened; the browser goes on for the other files.
 */
export function connectChromium(): Promise<Browser> {
  return chromium.connect(inject('e2eChromium'));
}

export interface Tablet {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Everything the page printed to its console, and uncaught errors, for failure messages. */
  readonly log: string[];
}

export interface TabletOptions {
  /**
   * The tablet's clock (Playwright's `clock.setFixedTime`): `Date` in the page reads this instant
   * and stays there until moved; timers still run in real time. The server's clock is real.
   */
  readonly time: Date;
}

/** A new tablet (browser context) with its clock set, one page open on `origin`. */
export async function openTablet(
  browser: Browser,
  origin: string,
  options: TabletOptions,
): Promise<Tablet> {
  const context = await browser.newContext({
    baseURL: origin,
    serviceWorkers: 'allow',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1024, height: 768 },
    hasTouch: false,
  });
  await context.clock.setFixedTime(options.time);
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (message) => log.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
  await page.goto('/');
  return { context, page, log };
}

/** Moves the tablet's clock (every page of the context) to `time`, and keeps it there. */
export async function setTabletTime(tablet: Tablet, time: Date): Promise<void> {
  await tablet.context.clock.setFixedTime(time);
}

/**
 * Waits until the service worker is active and controls the page: from then on the app shell
 * is precached and a reload works with no network. The worker does not claim pages it did not
 * load (`registerType: 'prompt'` leaves `clientsClaim` off), so the first visit reloads once,
 * as a teacher's second visit would be.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
  const controlled = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
  if (controlled) return;
  await page.reload();
  const again = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    return navigator.serviceWorker.controller !== null;
  });
  if (!again) throw new Error('The service worker does not control the page after a reload.');
}

/** Closes a tablet, ignoring a context that has already gone. */
export async function closeTablet(tablet: Tablet | undefined): Promise<void> {
  await tablet?.context.close().catch(() => undefined);
}

/**
 * The end of a test file: closes the tablets and the browser, then kills every server process
 * and removes the temp folders — the last even when closing the browser fails.
 */
export async function shutDown(
  browser: Browser | undefined,
  ...tablets: (Tablet | undefined)[]
): Promise<void> {
  try {
    for (const tablet of tablets) await closeTablet(tablet);
    await browser?.close();
  } finally {
    await cleanUpProcesses();
  }
}

/**
 * After a failed test, prints what the server and the tablets' pages printed (the tail), so a
 * failure on a CI machine can be understood without running it again.
 */
export function reportOnFailure(
  current: () => { server?: ServerProcess; tablets: (Tablet | undefined)[] },
): void {
  afterEach((context) => {
    if (context.task.result?.state !== 'fail') return;
    const { server, tablets } = current();
    const lines: string[] = [];
    if (server !== undefined) lines.push(server.describeOutput(3000));
    tablets.forEach((tablet, index) => {
      if (tablet === undefined) return;
      lines.push(`--- tablet ${index + 1} console ---`, ...tablet.log.slice(-40));
    });
    console.error(lines.join('\n'));
  });
}
