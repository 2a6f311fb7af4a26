/**
 * The browser part of the fault matrix (docs/reliability.md, "Fault matrix", T6, T13,
 * T14): the built PWA in headless Chromium against the real server process.
 *
 * - T6, the tab killed at each step: right after a tap, after the tile says "Not sent yet", and
 *   while the push is in flight (held before the server, or answered by the server and the answer
 *   lost). Reopened, unlocked and online, every mark the tablet showed as saved reaches the office
 *   exactly once, and the tablet never says a mark is sent before the office has it.
 * - T13, storage cleared (cookies and the origin's IndexedDB): the app starts again at the sign-in
 *   screen without an error; marks acknowledged before are on the server; a signed-in tablet
 *   shows them as the server has them and shows nothing else as saved.
 *
 * T14 (quota exceeded) is not here: this Chromium does not enforce a quota set through the
 * DevTools protocol (`Storage.overrideQuotaForOrigin`, even 1 byte) on IndexedDB writes, so the
 * fault cannot be provoked in the browser; it is proved in the Node harness
 * (test/integration/faults/storageFaults.test.ts T14).
 *
 * Every check of what the office holds goes over HTTP (support/officeApi.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ServerEvent } from '../../src/shared/api/syncSchemas';
import type { ServerProcess } from '../process/serverProcess';
import { PinPage } from './pages/PinPage';
import type { RegisterPage } from './pages/RegisterPage';
import { SignInPage } from './pages/SignInPage';
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
import { OfficeApi } from './support/officeApi';
import { e2eSchoolDay } from './support/provided';
import { at, displayNameOf, groupOf, timesOf, uniquelyNamed } from './support/schoolDay';
import type { DemoPupil } from '../../src/server/demo/demoSchool';

const day = e2eSchoolDay();
const nursery = groupOf(day, 'N2');
const times = timesOf(day, nursery, 'AM');
const pupils = uniquelyNamed(day, nursery);
const PUSH = '**/api/sync/push';

let server: ServerProcess;
let browser: Browser;
let office: OfficeApi;
/** Every page opened, closed or not, so a failure prints what each printed. */
const tablets: Tablet[] = [];

beforeAll(async () => {
  server = await startE2eServer();
  browser = await connectChromium();
  office = await OfficeApi.signIn(server.origin);
});

afterAll(() => shutDown(browser, ...tablets));
reportOnFailure(() => ({ server, tablets }));

/** Pupils `from`…`to - 1` of the nursery: each test marks its own, so their events stay apart. */
function pupilsFor(from: number, to: number): DemoPupil[] {
  const chosen = pupils.slice(from, to);
  if (chosen.length !== to - from)
    throw new Error('The nursery has too few uniquely named pupils.');
  return chosen;
}

/** The office's events today for these pupils. */
async function eventsOf(chosen: readonly DemoPupil[]): Promise<ServerEvent[]> {
  const ids = new Set(chosen.map((p) => p.id));
  return (await office.eventsOn(day.date)).filter((e) => ids.has(e.pupilId));
}

/** A new tablet, signed in online by Hannah, on the nursery's morning register. */
async function signedInTablet(): Promise<{ tablet: Tablet; register: RegisterPage }> {
  const tablet = await openTablet(browser, server.origin, { time: at(day, times.start - 10) });
  tablets.push(tablet);
  await waitForServiceWorker(tablet.page);
  const register = await signInAndChoosePin(tablet, HANNAH);
  await register.waitUntilShown(nursery.name);
  await register.waitForWaiting(0);
  return { tablet, register };
}

/** The tab is killed: the page goes with no chance to run anything more. */
async function killTab(tablet: Tablet): Promise<void> {
  await tablet.page.close({ runBeforeUnload: false });
}

/** The teacher opens Tickmark again in the same browser (its storage and service worker kept). */
async function reopen(
  context: BrowserContext,
): Promise<{ tablet: Tablet; register: RegisterPage }> {
  const page = await context.newPage();
  const log: string[] = [];
  page.on('console', (message) => log.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => log.push(`[pageerror] ${error.message}`));
  const tablet: Tablet = { context, page, log };
  tablets.push(tablet);
  await page.goto('/');
  await new PinPage(page).waitUntilLocked();
  const register = await unlock(tablet, HANNAH);
  await register.waitUntilShown(nursery.name);
  return { tablet, register };
}

/**
 * Online again: waits until the tablet says everything is sent, then — at once, without waiting
 * for the server — checks that the office holds every mark it showed, exactly once, and nothing
 * for a pupil it did not show as marked. "All marks sent" is only honest if the marks are there.
 */
async function expectSentExactlyOnce(
  register: RegisterPage,
  { page, context }: Tablet,
  shown: ReadonlyMap<DemoPupil, string>,
  chosen: readonly DemoPupil[],
): Promise<void> {
  await context.setOffline(false);
  await register.waitForOnline(true);
  await register.waitForWaiting(0);
  const saidSent = await eventsOf(chosen);
  for (const [pupil, code] of shown) {
    expect(saidSent.filter((e) => e.pupilId === pupil.id).map((e) => [e.code, e.status])).toEqual([
      [code, 'applied'],
    ]);
  }
  for (const pupil of chosen) {
    if (!shown.has(pupil)) expect(saidSent.filter((e) => e.pupilId === pupil.id)).toEqual([]);
    // A mark the tablet shows is sent (no "Not sent yet"); a tap the killed tab lost shows no mark.
    expect(await register.statusOf(displayNameOf(pupil))).toBe(
      shown.has(pupil) ? '' : 'Not marked',
    );
  }
  // Nothing more arrives after another sync round: a resend would be recognised, never stored
  // again.
  await returnToTabAndSync(page);
  expect(await eventsOf(chosen)).toHaveLength(shown.size);
}

/** What each tile shows now, for the pupils it shows as marked. */
async function marksShown(
  register: RegisterPage,
  chosen: readonly DemoPupil[],
): Promise<Map<DemoPupil, string>> {
  const shown = new Map<DemoPupil, string>();
  for (const pupil of chosen) {
    const code = await register.codeOf(displayNameOf(pupil));
    if (code !== '') shown.set(pupil, code);
  }
  return shown;
}

describe('T6 the tab killed', () => {
  it('right after a tap: whatever the reopened tablet shows is sent once, nothing else', async () => {
    const chosen = pupilsFor(0, 2);
    const [saved, tapped] = chosen as [DemoPupil, DemoPupil];
    const { tablet, register } = await signedInTablet();
    await tablet.context.setOffline(true);
    await register.waitForOnline(false);
    await register.tapAndWait(displayNameOf(saved), '/');
    await register.waitForWaiting(1);
    // The second tap and the kill, with no wait between: its commit cannot be assumed.
    await register.tap(displayNameOf(tapped));
    await killTab(tablet);

    const again = await reopen(tablet.context);
    const shown = await marksShown(again.register, chosen);
    expect(shown.get(saved)).toBe('/');
    expect([undefined, '/']).toContain(shown.get(tapped));
    await again.register.waitForWaiting(shown.size);
    for (const pupil of shown.keys()) {
      expect(await again.register.statusOf(displayNameOf(pupil))).toBe('Not sent yet');
    }
    expect(await eventsOf(chosen)).toEqual([]);
    await expectSentExactlyOnce(again.register, again.tablet, shown, chosen);
  });

  it('after the tile says "Not sent yet" offline: the marks are kept and sent once', async () => {
    const chosen = pupilsFor(2, 4);
    const { tablet, register } = await signedInTablet();
    await tablet.context.setOffline(true);
    await register.waitForOnline(false);
    for (const pupil of chosen) await register.tapAndWait(displayNameOf(pupil), '/');
    await register.waitForWaiting(2);
    for (const pupil of chosen) {
      expect(await register.statusOf(displayNameOf(pupil))).toBe('Not sent yet');
    }
    await killTab(tablet);

    const again = await reopen(tablet.context);
    const shown = await marksShown(again.register, chosen);
    expect(shown).toEqual(new Map(chosen.map((p) => [p, '/'])));
    await again.register.waitForWaiting(2);
    expect(await eventsOf(chosen)).toEqual([]);
    await expectSentExactlyOnce(again.register, again.tablet, shown, chosen);
  });

  it.each([
    ['held before it reaches the server', false],
    ['answered by the server, the answer lost', true],
  ] as const)(
    'while the push is in flight (%s): still "Not sent yet", then stored once',
    async (_label, reachesServer) => {
      const chosen = reachesServer ? pupilsFor(6, 8) : pupilsFor(4, 6);
      const { tablet, register } = await signedInTablet();
      const { page, context } = tablet;

      // Every push from this page is held: the tab dies before it hears any answer.
      let pushed: () => void = () => undefined;
      const pushSeen = new Promise<void>((resolve) => {
        pushed = resolve;
      });
      let committed = false;
      // The marks in the held push: both, or on a slow machine the first alone (its taps more
      // than the debounce apart); the engine sends nothing more while a push is unanswered.
      let held = 0;
      await page.route(PUSH, async (route) => {
        held += (route.request().postDataJSON() as { events: unknown[] }).events.length;
        if (reachesServer) {
          const answer = await route.fetch().catch(() => null);
          committed = answer?.status() === 200;
        }
        pushed();
        // Never answered: the page is closed with the request open.
      });
      for (const pupil of chosen) await register.tapAndWait(displayNameOf(pupil), '/');
      await pushSeen;
      await register.waitForWaiting(2);
      for (const pupil of chosen) {
        expect(await register.statusOf(displayNameOf(pupil))).toBe('Not sent yet');
      }
      expect(committed).toBe(reachesServer);
      expect(held).toBeGreaterThan(0);
      expect(await eventsOf(chosen)).toHaveLength(reachesServer ? held : 0);
      await killTab(tablet);

      // Reopened offline first: the tablet has had no answer, so it must not say "sent".
      await context.setOffline(true);
      const again = await reopen(context);
      const shown = await marksShown(again.register, chosen);
      expect(shown).toEqual(new Map(chosen.map((p) => [p, '/'])));
      await again.register.waitForWaiting(2);
      for (const pupil of chosen) {
        expect(await again.register.statusOf(displayNameOf(pupil))).toBe('Not sent yet');
      }
      await expectSentExactlyOnce(again.register, again.tablet, shown, chosen);
    },
  );
});

describe('T13 storage cleared', () => {
  it('starts again at sign-in; acknowledged marks are on the server, nothing else shown as saved', async () => {
    const chosen = pupilsFor(8, 11);
    const [first, second, unsent] = chosen as [DemoPupil, DemoPupil, DemoPupil];
    const { tablet, register } = await signedInTablet();
    const { page, context } = tablet;
    await register.tapAndWait(displayNameOf(first), '/');
    await register.tapAndWait(displayNameOf(second), '/');
    await register.waitForWaiting(0);
    await register.waitUntilSent(displayNameOf(first));
    await register.waitUntilSent(displayNameOf(second));
    // One more mark that never leaves the tablet before its storage goes.
    await context.setOffline(true);
    await register.waitForOnline(false);
    await register.tapAndWait(displayNameOf(unsent), '/');
    await register.waitForWaiting(1);

    await clearStorage(page, server.origin);
    await context.setOffline(false);
    const errorsBefore = tablet.log.filter((line) => line.startsWith('[pageerror]')).length;
    await page.reload();
    const signIn = new SignInPage(page);
    await signIn.waitUntilShown();
    expect(tablet.log.filter((line) => line.startsWith('[pageerror]'))).toHaveLength(errorsBefore);

    const held = await eventsOf(chosen);
    expect(held.map((e) => e.pupilId).sort()).toEqual([first.id, second.id].sort());
    expect(held.every((e) => e.code === '/' && e.status === 'applied')).toBe(true);

    // Signed in again (a new device): the register shows what the server holds, and no more.
    const fresh = await signInAndChoosePin(tablet, HANNAH);
    await fresh.waitUntilShown(nursery.name);
    await fresh.waitForCode(displayNameOf(first), '/');
    await fresh.waitForCode(displayNameOf(second), '/');
    await fresh.waitForWaiting(0);
    expect(await fresh.statusOf(displayNameOf(first))).toBe('');
    expect(await fresh.statusOf(displayNameOf(second))).toBe('');
    expect(await fresh.codeOf(displayNameOf(unsent))).toBe('');
    expect(await eventsOf(chosen)).toHaveLength(2);
  });
});

/** Clears the origin's cookies and IndexedDB, as a browser's "clear site data" would. */
async function clearStorage(page: Page, origin: string): Promise<void> {
  await page.context().clearCookies();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'indexeddb' });
  await cdp.detach();
}
