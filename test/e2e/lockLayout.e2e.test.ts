/**
 * The lock screen holds still while the app loads behind it, in Chromium (the same check runs in
 * WebKit: lockLayout.webkit.test.ts). The tablet is offline with marks waiting and its clock
 * wrong, so the status bar above the PIN pad has all it can say from storage: "Offline", the
 * marks waiting, the note that they are kept, the clock warning, the last sync. From the first
 * frame of the lock screen until the shell (Dexie), the register and the sync engine have all
 * loaded, the Unlock button never moves: a finger aimed at it as it shows lands on it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ServerProcess } from '../process/serverProcess';
import { PinPage } from './pages/PinPage';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
  waitForServiceWorker,
} from './support/browser';
import { startE2eServer } from './support/e2eServer';
import { HANNAH, signInAndChoosePin, unlock } from './support/flows';
import { e2eSchoolDay } from './support/provided';
import { at, displayNameOf, groupOf, timesOf, uniquelyNamed } from './support/schoolDay';
import { hasAllLoaded, recordUnlockBoxes, statusRowText, unlockBoxes } from './support/unlockBoxes';

const day = e2eSchoolDay();
let server: ServerProcess;
let browser: Browser;
let tablet: Tablet | undefined;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await connectChromium();
});

afterAll(() => shutDown(browser, tablet));
reportOnFailure(() => ({ server, tablets: [tablet] }));

describe('the lock screen', () => {
  it('keeps the Unlock button where it was first drawn while the app loads behind it, offline with marks waiting', async () => {
    const nursery = groupOf(day, 'N2');
    const [first] = uniquelyNamed(day, nursery).map(displayNameOf) as [string];
    // Ten minutes before the register: the server's clock is hours away, so the clock warning
    // shows too.
    tablet = await openTablet(browser, server.origin, {
      time: at(day, timesOf(day, nursery, 'AM').start - 10),
    });
    const { page, context } = tablet;
    await waitForServiceWorker(page);
    let register = await signInAndChoosePin(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    await register.waitForWaiting(0);

    await context.setOffline(true);
    await register.waitForOnline(false);
    await register.tapAndWait(first, '/');
    await register.waitForWaiting(1);

    // Playwright's clock stands in for the page's `performance`, so its list of the files loaded
    // is empty: the files are counted here, as the page asks for them.
    const files: string[] = [];
    page.on('requestfinished', (request) => files.push(request.url()));
    await page.addInitScript(recordUnlockBoxes);
    expect((await page.reload())?.fromServiceWorker()).toBe(true);
    await new PinPage(page).waitUntilLocked();
    await expect
      .poll(async () => hasAllLoaded(files, await page.evaluate(statusRowText)), {
        timeout: 30_000,
      })
      .toBe(true);
    // A few more frames for what the last of them draws.
    await page.evaluate(
      () =>
        new Promise<void>((resolve) => {
          let frames = 10;
          const next = () => (--frames === 0 ? resolve() : requestAnimationFrame(next));
          requestAnimationFrame(next);
        }),
    );

    const boxes = await page.evaluate(unlockBoxes);
    const bar = page.getByRole('region', { name: 'Sync status' });
    for (const words of [
      'Offline',
      '1 mark waiting to sync',
      'Marks are saved on this tablet',
      'clock is about',
      'Last synced',
    ]) {
      expect(await bar.textContent()).toContain(words);
    }
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.slice(1), `first drawn at ${JSON.stringify(boxes[0])}`).toEqual([]);

    register = await unlock(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    expect(await register.codeOf(first)).toBe('/');
  });
});
