/**
 * after one online visit the app opens and works with no network at all.
 * The tablet goes offline before the first mark; reloaded offline, the app opens from the
 * service worker, the marks are kept across reloads, more can be taken, and once online again
 * every mark reaches the office exactly once and the waiting count returns to 0. From the first
 * frame of each offline reload the status bar says "Offline", and never "Offline · Syncing…".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { ServerProcess } from '../process/serverProcess';
import { PinPage } from './pages/PinPage';
import { RegisterPage } from './pages/RegisterPage';
import {
  connectChromium,
  openTablet,
  reportOnFailure,
  shutDown,
  type Tablet,
  waitForServiceWorker,
} from './support/browser';
import { startE2eServer } from './support/e2eServer';
import { HANNAH, returnToTabAndSync, signInAndChoosePin, unlock } from './support/flows';
import { eventually, OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import {
  at,
  displayNameOf,
  groupOf,
  largestGroup,
  timesOf,
  uniquelyNamed,
} from './support/schoolDay';

const day = e2eSchoolDay();
let server: ServerProcess;
let browser: Browser;
let tablet: Tablet | undefined;

beforeAll(async () => {
  server = await startE2eServer();
  browser = await connectChromium();
});

afterAll(() => shutDown(browser, tablet));

type Watched = typeof globalThis & { tickmarkStatusTexts?: string[] };

/**
 * From the next page load on, records every text the status bar's first row shows. A mutation
 * observer's callback runs before the browser paints, so the first entry is the first frame.
 */
async function watchStatusBar(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as Watched).tickmarkStatusTexts = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.status-bar__row')?.textContent;
      if (text != null && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
}

const statusBarTexts = (page: Page): Promise<string[]> =>
  page.evaluate(() => (globalThis as Watched).tickmarkStatusTexts ?? []);
reportOnFailure(() => ({ server, tablets: [tablet] }));

describe('offline', () => {
  it('opens, keeps and takes marks with no network, then syncs each exactly once', async () => {
    const nursery = groupOf(day, 'N2');
    const times = timesOf(day, nursery, 'AM');
    const pupils = uniquelyNamed(day, nursery).slice(0, 5);
    const names = pupils.map(displayNameOf);
    const [first, second, third, fourth, fifth] = names as [string, string, string, string, string];

    // One online visit: the service worker installs and precaches the app; the teacher signs in.
    tablet = await openTablet(browser, server.origin, { time: at(day, times.start - 10) });
    const { page, context } = tablet;
    await waitForServiceWorker(page);
    let register = await signInAndChoosePin(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    await register.waitForWaiting(0);

    // The wifi goes before the first mark.
    await context.setOffline(true);
    await register.waitForOnline(false);
    await watchStatusBar(page);
    const reloaded = await page.reload();
    expect(reloaded?.fromServiceWorker()).toBe(true);
    await new PinPage(page).waitUntilLocked();
    register = await unlock(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    await register.waitForOnline(false);
    // Offline from the first frame: never "Online" while the sync engine loads, and never
    // "Syncing…" beside "Offline" while it tries the network.
    const texts = await statusBarTexts(page);
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.filter((text) => !text.startsWith('Offline') || text.includes('Syncing'))).toEqual(
      [],
    );

    await register.tapAndWait(first, '/');
    await register.tapAndWait(second, '/');
    await register.markAbsent(third);
    await register.waitForCode(third, 'N');
    await register.waitForWaiting(3);
    expect(await register.statusOf(first)).toBe('Not sent yet');

    // Reloaded again with no network: the marks are still on the tablet, still waiting.
    expect((await page.reload())?.fromServiceWorker()).toBe(true);
    register = await unlock(tablet, HANNAH);
    await register.waitUntilShown(nursery.name);
    expect(await register.codeOf(first)).toBe('/');
    expect(await register.codeOf(second)).toBe('/');
    expect(await register.codeOf(third)).toBe('N');
    await register.waitForWaiting(3);

    // More marks, still offline.
    await register.tapAndWait(fourth, '/');
    await register.tapAndWait(fifth, '/');
    await register.waitForWaiting(5);

    const office = await OfficeApi.signIn(server.origin);
    expect(await office.eventsOn(day.date)).toEqual([]);

    // The wifi comes back: everything is sent once, and the tablet says so.
    await context.setOffline(false);
    await register.waitForOnline(true);
    await register.waitForWaiting(0);
    for (const name of names) {
      await register.waitUntilSent(name);
      expect(await register.statusOf(name)).toBe('');
    }

    const events = await eventually(
      () => office.eventsOn(day.date),
      (found) => found.length >= 5,
    );
    expect(events).toHaveLength(5);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(5);
    const byPupil = new Map(events.map((e) => [e.pupilId, [e.code, e.status]]));
    expect(byPupil).toEqual(
      new Map(pupils.map((p, i) => [p.id, [i === 2 ? 'N' : '/', 'applied']])),
    );
    // Nothing more arrives after another sync round (a resend would be stored once, but must not
    // be a new event).
    await returnToTabAndSync(page);
    expect(await office.eventsOn(day.date)).toHaveLength(5);
  });

  it('after an offline reload lands on the register the teacher was marking', async () => {
    if (tablet === undefined) throw new Error('The first test did not open the tablet.');
    const { page, context } = tablet;
    const other = largestGroup(day);
    let register = new RegisterPage(page);
    // Hannah's own class is the nursery; she is marking another class when the wifi goes.
    await register.chooseGroup(other.name);
    await context.setOffline(true);
    await register.waitForOnline(false);
    expect((await page.reload())?.fromServiceWorker()).toBe(true);
    register = await unlock(tablet, HANNAH);
    await register.waitUntilShown(other.name);
    expect(await register.title()).toContain(other.name);
    await context.setOffline(false);
    await register.waitForOnline(true);
  });
});
