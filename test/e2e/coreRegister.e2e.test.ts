/**
 * The register's core flow in Chromium: the scenario of support/coreScenario.ts, which
 * coreRegister.webkit.test.ts runs in WebKit. Here the connection is cut as the browser's own
 * offline switch (Playwright's `setOffline`).
 */
import { cp } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { makeTempDir, type ServerProcess } from '../process/serverProcess';
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
import { BUILT_CLIENT_DIR } from './support/build';
import { coreRegisterScenario, type CoreTablet } from './support/coreScenario';
import { startE2eServer } from './support/e2eServer';
import { signInAndChoosePin, unlock } from './support/flows';
import { e2eSchoolDay } from './support/provided';
import { at, groupOf, timesOf } from './support/schoolDay';

const day = e2eSchoolDay();
let server: ServerProcess;
let servedDir: string;
let browser: Browser;
let tablet: Tablet | undefined;

beforeAll(async () => {
  servedDir = await makeTempDir('tickmark-e2e-app-');
  await cp(BUILT_CLIENT_DIR, servedDir, { recursive: true });
  server = await startE2eServer({ clientDir: servedDir });
  browser = await connectChromium();
});

afterAll(() => shutDown(browser, tablet));
reportOnFailure(() => ({ server, tablets: [tablet] }));

/** The Chromium page objects, as the shared scenario's tablet. */
function chromiumTablet(opened: Tablet): CoreTablet {
  const { page } = opened;
  const register = new RegisterPage(page);
  const buildLabel = () =>
    page.evaluate(
      () => document.querySelector('meta[name="tickmark-build"]')?.getAttribute('content') ?? null,
    );
  return {
    waitForServiceWorker: () => waitForServiceWorker(page),
    signInAndChoosePin: (teacher) => signInAndChoosePin(opened, teacher),
    reload: async () => {
      await page.reload();
    },
    waitUntilLocked: () => new PinPage(page).waitUntilLocked(),
    unlock: (teacher) => unlock(opened, teacher),
    checkForUpdate: () =>
      page.evaluate(() => {
        (window as unknown as { e2eBeforeUpdate: boolean }).e2eBeforeUpdate = true;
        document.dispatchEvent(new Event('visibilitychange'));
      }),
    updatePromptText: async () => {
      await register.updatePrompt.waitFor({ timeout: 60_000 });
      return register.updatePrompt.innerText();
    },
    acceptUpdate: async () => {
      await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), register.acceptUpdate()]);
    },
    buildLabel,
  };
}

describe('Chromium', () => {
  // Longer than the project's 120 s: the scenario builds and deploys a second version of the app.
  it(
    'signs in, marks, reloads offline, syncs once and takes an update',
    { timeout: 300_000 },
    async () => {
      const times = timesOf(day, groupOf(day, 'N2'), 'AM');
      tablet = await openTablet(browser, server.origin, { time: at(day, times.start - 10) });
      const { context } = tablet;
      const register = new RegisterPage(tablet.page);
      await coreRegisterScenario({
        day,
        origin: server.origin,
        servedDir,
        tablet: chromiumTablet(tablet),
        network: {
          cut: async () => {
            await context.setOffline(true);
            await register.waitForOnline(false);
          },
          restore: async () => {
            await context.setOffline(false);
            await register.waitForOnline(true);
          },
        },
      });
    },
  );
});
