/**
 * a new build is deployed while marks are queued. The tablet finds it
 * (its update check), offers it ("A new version of Tickmark is ready") and does not reload on
 * its own; accepting reloads into the new build, and after unlocking the queued marks are still
 * there and then reach the office exactly once.
 *
 * The server serves a copy of dist/client (CLIENT_DIR); the deploy replaces that copy's files
 * with a fresh `vite build` that differs visibly (vite.newBuild.config.ts).
 */
import { cp } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeTempDir, type ServerProcess } from '../process/serverProcess';
import { PinPage } from './pages/PinPage';
import { seriousViolations } from './support/axe';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
  waitForServiceWorker,
} from './support/browser';
import { BUILT_CLIENT_DIR } from './support/build';
import { deployNewBuild, NEW_BUILD } from './support/coreScenario';
import { startE2eServer } from './support/e2eServer';
import { HANNAH, returnToTabAndSync, signInAndChoosePin, unlock } from './support/flows';
import { eventually, OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import { at, displayNameOf, groupOf, timesOf, uniquelyNamed } from './support/schoolDay';

const day = e2eSchoolDay();
let server: ServerProcess;
let browser: Browser;
let tablet: Tablet | undefined;
let servedDir: string;

beforeAll(async () => {
  servedDir = await makeTempDir('tickmark-e2e-app-');
  await cp(BUILT_CLIENT_DIR, servedDir, { recursive: true });
  server = await startE2eServer({ clientDir: servedDir });
  browser = await connectChromium();
});

afterAll(() => shutDown(browser, tablet));
reportOnFailure(() => ({ server, tablets: [tablet] }));

/**
 * Whether a new service worker is installed and waiting: it activates, and the page can reload
 * into it, only once the teacher accepts (the app never calls skipWaiting on its own).
 */
const newVersionWaiting = (page: Page) =>
  page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    return registration?.waiting !== null && registration?.waiting !== undefined;
  });

const buildLabel = (page: Page) =>
  page.evaluate(
    () => document.querySelector('meta[name="tickmark-build"]')?.getAttribute('content') ?? null,
  );

describe('app update', () => {
  it('offers a new build while marks are queued, and loses none when it is accepted', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const pupils = uniquelyNamed(day, nursery).slice(0, 3);
    const names = pupils.map(displayNameOf);

    tablet = await openTablet(browser, server.origin, { time: at(day, times.start - 10) });
    const { page, context } = tablet;
    await waitForServiceWorker(page);
    expect(await buildLabel(page)).toBeNull();
    let register = await signInAndChoosePin(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    await register.waitForWaiting(0);

    // Offline, three marks are queued.
    await context.setOffline(true);
    await register.waitForOnline(false);
    for (const name of names) await register.tapAndWait(name, '/');
    await register.waitForWaiting(3);

    // Meanwhile a new version is deployed. The wifi comes back, but the office's API is still
    // down for the deploy (503), so the marks stay queued.
    await deployNewBuild(servedDir);
    await page.route('**/api/**', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: JSON.stringify({ reason: 'unavailable', message: 'Tickmark is being updated.' }),
      }),
    );
    await context.setOffline(false);
    await register.waitForOnline(true);
    await register.waitForWaiting(3);

    // The teacher comes back to the tab: the app checks for a new version (as it also does every
    // 30 minutes) — its own check, through the service worker registration it holds.
    await page.evaluate(() => {
      (window as unknown as { e2eBeforeUpdate: boolean }).e2eBeforeUpdate = true;
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await register.updatePrompt.waitFor({ timeout: 30_000 });
    expect(await register.updatePrompt.innerText()).toContain(
      '3 marks are waiting to sync. They are saved on this tablet and will still be sent after the update.',
    );
    expect(await seriousViolations(page)).toEqual([]);
    // No reload without consent: the new version is installed and waits (it cannot take over
    // before the teacher says so), and the page is the same one, still on the register.
    expect(await newVersionWaiting(page)).toBe(true);
    expect(await page.evaluate(() => 'e2eBeforeUpdate' in window)).toBe(true);
    expect(await buildLabel(page)).toBeNull();
    await register.waitUntilShown(nursery.name);

    // Accepted: the new version takes over and the page reloads into it.
    await Promise.all([page.waitForEvent('load', { timeout: 30_000 }), register.acceptUpdate()]);
    expect(await page.evaluate(() => 'e2eBeforeUpdate' in window)).toBe(false);
    expect(await buildLabel(page)).toBe(NEW_BUILD);
    await new PinPage(page).waitUntilLocked();
    register = await unlock(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    for (const name of names) expect(await register.codeOf(name)).toBe('/');
    await register.waitForWaiting(3);

    const office = await OfficeApi.signIn(server.origin);
    expect(await office.eventsOn(day.date)).toEqual([]);

    // The office's API is back: the queued marks are sent once (on the engine's own retry).
    await page.unroute('**/api/**');
    await register.waitForWaiting(0, 90_000);
    const events = await eventually(
      () => office.eventsOn(day.date),
      (found) => found.length >= 3,
    );
    expect(events).toHaveLength(3);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(3);
    expect(new Set(events.map((e) => e.pupilId))).toEqual(new Set(pupils.map((p) => p.id)));
    expect(events.every((e) => e.status === 'applied' && e.code === '/')).toBe(true);
    // Nothing more arrives after another sync round.
    await returnToTabAndSync(page);
    expect(await office.eventsOn(day.date)).toHaveLength(3);
  });
});
