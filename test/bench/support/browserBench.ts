/**
 * The set-up the browser benchmarks share (cold start, tap latency): the built PWA in headless
 * Chromium against the real server process, as the e2e tests run it (test/e2e/support), with:
 *
 * - its own build in /tmp/bench-dist (never dist/): built afresh unless `BENCH_CLIENT_DIR` names
 *   a build to reuse;
 * - its own built-in database folder seeded with the demo school as of this morning (e2e schoolDay.ts), with
 *   five pupils added to the largest class (Year 6 — Owls, 30) so its register has 35;
 * - a tablet that signed in once online as the Year 6 teacher, chose a PIN, has the service
 *   worker installed and the roster synced, and then went offline;
 * - pages opened with 4× CPU throttling (Chrome DevTools Protocol) and instrumented by an init
 *   script that notes, with `performance.now()` in the page, when the lock screen and the tiles
 *   became usable, each tap, its painted mark and the commit of its outbox row.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { PRODUCTION_PASSWORD_PARAMS } from '../../../src/server/auth/password';
import type { Database } from '../../../src/server/db/database';
import { openEmbeddedDatabase } from '../../../src/server/db/embeddedDatabase';
import { prepareDatabase } from '../../../src/server/prepareDatabase';
import { seedDemoIfEmpty } from '../../../src/server/demo/seedDemo';
import { PinPage } from '../../e2e/pages/PinPage';
import { RegisterPage } from '../../e2e/pages/RegisterPage';
import { SignInPage } from '../../e2e/pages/SignInPage';
import {
  CHROMIUM_ARGS,
  CHROMIUM_PATH,
  launchChromium,
  waitForServiceWorker,
  type Tablet,
} from '../../e2e/support/browser';
import { buildClient } from '../../e2e/support/build';
import {
  at,
  chooseSchoolDay,
  DEMO_PASSWORD,
  groupOf,
  pupilsOf,
  timesOf,
  type SchoolDay,
} from '../../e2e/support/schoolDay';
import {
  freePort,
  makeTempDir,
  startServer,
  type ServerProcess,
} from '../../process/serverProcess';

export const BENCH_CLIENT_DIR = '/tmp/bench-dist';
export const CPU_THROTTLING = 4;
export const REGISTER_SIZE = 35;
export const TEACHER = {
  email: 'rhys.morgan@oakfield.example',
  name: 'Rhys Morgan',
  pin: '2468',
} as const;

export interface BrowserBench {
  readonly day: SchoolDay;
  readonly server: ServerProcess;
  readonly browser: Browser;
  readonly groupName: string;
}

/**
 * Builds (or reuses) the PWA, seeds and starts the server, launches Chromium. `serverEnv` adds to
 * the server's environment (the screenshots set its clock with libfaketime).
 */
export async function startBrowserBench(
  options: { readonly serverEnv?: Readonly<Record<string, string>> } = {},
): Promise<BrowserBench> {
  const reuse = process.env.BENCH_CLIENT_DIR;
  const clientDir = reuse ?? BENCH_CLIENT_DIR;
  if (reuse === undefined) buildClient(['--outDir', clientDir, '--emptyOutDir']);
  const day = chooseSchoolDay(new Date());
  const dataDir = await makeTempDir('tickmark-bench-data-');
  const group = groupOf(day, '6');
  const db = await openEmbeddedDatabase(join(dataDir, 'data'));
  try {
    await prepareDatabase(db);
    await seedDemoIfEmpty(db, day.seedAt, PRODUCTION_PASSWORD_PARAMS);
    await addPupils(db, group.id, pupilsOf(day, group)[0]?.onRollFrom ?? day.date, 5);
  } finally {
    await db.close();
  }
  const server = await startServer({
    label: 'bench server',
    env: {
      PORT: String(await freePort()),
      DATA_DIR: join(dataDir, 'data'),
      DEMO_SCHOOL: 'true',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: clientDir,
      ...options.serverEnv,
    },
  });
  const browser = await launchChromium();
  return { day, server, browser, groupName: group.name };
}

/** Five more pupils in the group, before any tablet has synced (so the roster has them). */
async function addPupils(
  db: Database,
  groupId: string,
  onRollFrom: string,
  count: number,
): Promise<void> {
  const { rows } = await db.query<{ school_id: string }>(
    'SELECT school_id FROM school_group WHERE id = $1',
    [groupId],
  );
  const schoolId = rows[0]?.school_id;
  if (schoolId === undefined) throw new Error(`The demo school has no group ${groupId}.`);
  const names = ['Ada Quist', 'Bram Voss', 'Cora Lund', 'Dara Penn', 'Eamon Hale'];
  for (let i = 0; i < count; i += 1) {
    const [first, last] = (names[i] ?? `Extra Pupil${i}`).split(' ');
    const id = randomUUID();
    await db.query(
      `INSERT INTO pupil (id, school_id, legal_forename, legal_surname, date_of_birth, on_roll_from)
       VALUES ($1, $2, $3, $4, '2015-03-01', $5)`,
      [id, schoolId, first, last, onRollFrom],
    );
    await db.query(
      'INSERT INTO group_membership (pupil_id, group_id, from_date) VALUES ($1, $2, $3)',
      [id, groupId, onRollFrom],
    );
  }
}

/**
 * The page instrumentation, run in every document before the app's own scripts. Times are
 * `performance.now()` (milliseconds since the navigation started) or event time stamps (the
 * same clock: when the input reached the page).
 */
const INSTRUMENT = `(() => {
  // Playwright's clock (the tablet's fixed time) replaces performance, requestAnimationFrame and
  // Event.prototype.timeStamp with fakes driven by its own timers. This script is added before
  // the clock, so it keeps the browser's own: real time since navigation, real frames.
  const realPerformance = window.performance;
  const now = () => realPerformance.now();
  const realRaf = window.requestAnimationFrame.bind(window);
  const stampOf = Object.getOwnPropertyDescriptor(Event.prototype, 'timeStamp').get;
  window.__benchPerformance = realPerformance;
  const marks = { appShown: null, lockReady: null, unlockAt: null, tilesReady: null, tilesPainted: null, taps: [], commits: [] };
  window.__bench = marks;
  const afterPaint = (done) => realRaf(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => done(now());
    channel.port2.postMessage(0);
  });
  const watch = new MutationObserver(() => {
    if (marks.appShown === null && (document.getElementById('root')?.childElementCount ?? 0) > 0) {
      marks.appShown = now();
    }
    if (marks.lockReady === null && document.querySelector('.pin-entry .pin-entry__input') !== null) {
      marks.lockReady = now();
    }
    if (marks.tilesReady === null &&
        document.querySelectorAll('.tiles button.tile:not([disabled])').length >= ${REGISTER_SIZE}) {
      marks.tilesReady = now();
      afterPaint((t) => { marks.tilesPainted = t; });
    }
    if (marks.tilesReady !== null && marks.lockReady !== null) watch.disconnect();
  });
  watch.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
  // A finger's tap reaches the page as pointerdown … pointerup, touchend; the browser makes a click
  // of it after that. The tap starts when the finger left (pointerup's time stamp: a tap, not a
  // press). The app acts on a finger's tap as it lifts (register/liftTap.ts), so a finger's tap
  // is noted at its pointerup, and its click (which the app swallows) only timed; a mouse's or a
  // keyboard's tap is noted at its click.
  let lastTouchEnd = null;
  let lifted = null;
  const onTouchEnd = (event) => {
    // A tap noted at its pointerup is over: its touchend starts nothing.
    if (event.type === 'touchend' && lifted !== null) return;
    if (event.type === 'touchend' || event.pointerType === 'touch') lastTouchEnd ??= stampOf.call(event);
  };
  const tileOf = (event) => {
    const target = event.target instanceof Element ? event.target : null;
    return target === null ? null : target.closest('.tiles button.tile');
  };
  const noteTap = (tile, start, byTouch) => {
    const name = tile.querySelector('.tile__name')?.textContent ?? '';
    const tap = { name, start, byTouch, handler: now(), clicked: null, shown: null, painted: null };
    marks.taps.push(tap);
    const list = tile.closest('.tiles');
    const codeOf = () => {
      for (const t of list.querySelectorAll('button.tile')) {
        if ((t.querySelector('.tile__name')?.textContent ?? '') === name) {
          return t.querySelector('.tile__code')?.textContent ?? '';
        }
      }
      return '';
    };
    const seen = new MutationObserver(() => {
      if (codeOf() === '') return;
      seen.disconnect();
      tap.shown = now();
      afterPaint((t) => { tap.painted = t; });
    });
    seen.observe(list, { subtree: true, childList: true, characterData: true });
    return tap;
  };
  document.addEventListener('touchend', onTouchEnd, true);
  document.addEventListener('pointerup', (event) => {
    onTouchEnd(event);
    if (event.pointerType !== 'touch') return;
    const tile = tileOf(event);
    if (tile === null) return;
    lifted = noteTap(tile, stampOf.call(event), true);
    lastTouchEnd = null;
  }, true);
  // A new press: whatever the last one was, it is over.
  document.addEventListener('pointerdown', () => {
    lifted = null;
    lastTouchEnd = null;
  }, true);
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (target === null) return;
    if (target.closest('.pin-entry button[type="submit"]') !== null) marks.unlockAt = stampOf.call(event);
    if (lifted !== null) {
      lifted.clicked = now();
      lifted = null;
      return;
    }
    const tile = tileOf(event);
    if (tile === null) return;
    const byTouch = lastTouchEnd !== null;
    noteTap(tile, lastTouchEnd ?? stampOf.call(event), byTouch);
    lastTouchEnd = null;
  }, true);
  // A tap's one write is an outbox add (recordMark); the sync engine's numbering uses put.
  const add = IDBObjectStore.prototype.add;
  IDBObjectStore.prototype.add = function (...args) {
    if (this.name === 'outbox') {
      const started = now();
      this.transaction.addEventListener('complete', () => {
        marks.commits.push({ started, committed: now() });
      });
    }
    return add.apply(this, args);
  };
})();`;

export interface PageMarks {
  /** The app rendered its first element into #root. */
  readonly appShown: number | null;
  readonly lockReady: number | null;
  readonly unlockAt: number | null;
  readonly tilesReady: number | null;
  readonly tilesPainted: number | null;
  readonly taps: readonly {
    name: string;
    start: number;
    /** The tap came by touch (start is its pointerup), not by a mouse click. */
    byTouch: boolean;
    /** The event the app acts on reached the page: a finger's pointerup, else the click. */
    handler: number;
    /** A finger's tap: when the browser's click of it reached the page (null: none came). */
    clicked: number | null;
    shown: number | null;
    painted: number | null;
  }[];
  readonly commits: readonly { started: number; committed: number }[];
}

export function readMarks(page: Page): Promise<PageMarks> {
  return page.evaluate(() => (window as unknown as { __bench: PageMarks }).__bench);
}

/** The navigation's own timings (ms from its start): the document, its scripts, DOMContentLoaded. */
export interface NavigationTimes {
  readonly responseEnd: number;
  readonly domContentLoaded: number;
  /** When the last script or stylesheet of the first load finished arriving. */
  readonly resourcesEnd: number;
}

export function navigationTimes(page: Page): Promise<NavigationTimes> {
  return page.evaluate(() => {
    const real = (window as unknown as { __benchPerformance: Performance }).__benchPerformance;
    const nav = real.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = real
      .getEntriesByType('resource')
      .filter((r) => /\.(js|css)$/.test(new URL(r.name).pathname))
      .map((r) => (r as PerformanceResourceTiming).responseEnd);
    return {
      responseEnd: nav.responseEnd,
      domContentLoaded: nav.domContentLoadedEventEnd,
      resourcesEnd: Math.max(0, ...resources),
    };
  });
}

export interface TabletProfile {
  /**
   * `persistent`: a Chromium of the tablet's own on an on-disk profile (a temp folder), with a
   * touch screen: IndexedDB is on disk, so a strict-durability commit waits for the flush as on
   * a real tablet. `incognito` (default): a context of the bench's browser, its IndexedDB in
   * memory, so durability is invisible.
   */
  readonly profile?: 'persistent' | 'incognito';
}

/**
 * A tablet as a teacher leaves it after the first morning: signed in online, PIN chosen, the
 * service worker controlling the app, the register synced, then offline. Its first page closed.
 */
export async function preparedTablet(
  bench: BrowserBench,
  options: TabletProfile = {},
): Promise<Tablet> {
  const group = groupOf(bench.day, '6');
  const times = timesOf(bench.day, group, 'AM');
  const tablet = await openInstrumentedTablet(
    bench,
    at(bench.day, times.start + 5),
    options.profile ?? 'incognito',
  );
  await waitForServiceWorker(tablet.page);
  await new SignInPage(tablet.page).signIn(TEACHER.email, DEMO_PASSWORD);
  await new PinPage(tablet.page).choosePin(TEACHER.pin);
  const register = new RegisterPage(tablet.page);
  await register.waitUntilShown(bench.groupName);
  await register.waitForWaiting(0);
  const tiles = await register.pupilNames();
  if (tiles.length !== REGISTER_SIZE) {
    throw new Error(`The register shows ${tiles.length} pupils, not ${REGISTER_SIZE}.`);
  }
  await tablet.context.setOffline(true);
  await register.waitForOnline(false);
  await tablet.page.close();
  return tablet;
}

/**
 * The e2e harness's openTablet (same context options), with the instrumentation added before
 * the tablet's clock is set, so that it holds the browser's real timers (see INSTRUMENT).
 */
async function openInstrumentedTablet(
  bench: BrowserBench,
  time: Date,
  profile: 'persistent' | 'incognito',
): Promise<Tablet> {
  const options: BrowserContextOptions = {
    baseURL: bench.server.origin,
    serviceWorkers: 'allow',
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1024, height: 768 },
    hasTouch: profile === 'persistent',
  };
  // The profile folder is a temp folder the process harness removes at the end
  // (cleanUpProcesses, called by stopBrowserBench).
  const context =
    profile === 'persistent'
      ? await chromium.launchPersistentContext(await makeTempDir('tickmark-bench-profile-'), {
          ...options,
          executablePath: CHROMIUM_PATH,
          args: CHROMIUM_ARGS,
        })
      : await bench.browser.newContext(options);
  await context.addInitScript({ content: INSTRUMENT });
  await context.clock.setFixedTime(time);
  // A persistent context opens with a blank page of its own: close it, as the pages opened
  // below carry the instrumentation and the clock from the start.
  for (const blank of context.pages()) await blank.close();
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (message) => log.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
  await page.goto('/');
  return { context, page, log };
}

/** A new page on the tablet, CPU-throttled before anything loads. */
export async function throttledPage(tablet: Tablet): Promise<Page> {
  const page = await tablet.context.newPage();
  page.on('console', (message) => tablet.log.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => tablet.log.push(`[pageerror] ${error.message}`));
  const cdp = await tablet.context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLING });
  return page;
}

/**
 * Stops the tablet's service worker, so the next load starts it as a tablet waking from sleep
 * would (best effort: reported in the figures' notes when it fails).
 */
export async function stopServiceWorkers(page: Page): Promise<boolean> {
  try {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    return true;
  } catch {
    return false;
  }
}

/**
 * Opens the app offline on a throttled page and unlocks it; resolves once the register's tiles
 * are usable and painted. Returns the page (still open) and its marks.
 */
export async function coldStart(
  tablet: Tablet,
  bench: BrowserBench,
): Promise<{
  page: Page;
  marks: PageMarks;
  navigation: NavigationTimes;
  fromServiceWorker: boolean;
  workerStopped: boolean;
}> {
  const page = await throttledPage(tablet);
  const workerStopped = await stopServiceWorkers(page);
  const response = await page.goto('/');
  const pin = new PinPage(page);
  await pin.waitUntilLocked();
  await pin.unlock(TEACHER.name, TEACHER.pin);
  await new RegisterPage(page).waitUntilShown(bench.groupName);
  await page.waitForFunction(
    () => (window as unknown as { __bench: PageMarks }).__bench.tilesPainted !== null,
    undefined,
    { timeout: 60_000 },
  );
  return {
    page,
    marks: await readMarks(page),
    navigation: await navigationTimes(page),
    fromServiceWorker: response?.fromServiceWorker() ?? false,
    workerStopped,
  };
}

export async function stopBrowserBench(bench: BrowserBench | undefined): Promise<void> {
  const { cleanUpProcesses } = await import('../../process/serverProcess');
  try {
    await bench?.browser.close();
  } finally {
    await cleanUpProcesses();
  }
}
