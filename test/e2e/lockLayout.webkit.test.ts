/**
 * The lock screen holds still while the app loads behind it, in WebKit (Safari's engine, as on a
 * school's iPads): the check of lockLayout.e2e.test.ts, through WebKitGTK's WebDriver under a
 * virtual display (support/webkit.ts). WebDriver cannot add a script before the page's own, so
 * the app served here is a build that carries the Unlock button's recorder as its first script
 * (support/vite.probeBuild.config.ts); the connection is cut by stopping the server, as in
 * coreRegister.webkit.test.ts, and the tablet's clock is hours from the server's (libfaketime),
 * so the status bar above the PIN pad says all it can say from storage.
 */
import { cp, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanUpProcesses,
  makeTempDir,
  REPO_ROOT,
  type ServerProcess,
} from '../process/serverProcess';
import { WebKitTablet } from './pages/WebKitTablet';
import { newBuildOfRun } from './support/build';
import { startE2eServer } from './support/e2eServer';
import { HANNAH } from './support/flows';
import { e2eSchoolDay } from './support/provided';
import { at, displayNameOf, groupOf, timesOf, uniquelyNamed } from './support/schoolDay';
import { hasAllLoaded, statusRowText, unlockBoxes } from './support/unlockBoxes';
import { launchWebKit, stopAllWebKit, type WebKitSession } from './support/webkit';

const day = e2eSchoolDay();
let server: ServerProcess;
let session: WebKitSession | undefined;

beforeAll(async () => {
  const probeBuild = await newBuildOfRun(
    ['--config', 'test/e2e/support/vite.probeBuild.config.ts'],
    {},
    'unlock-boxes',
  );
  const servedDir = await makeTempDir('tickmark-e2e-app-');
  await cp(probeBuild, servedDir, { recursive: true });
  server = await startE2eServer({ clientDir: servedDir });
});

afterAll(async () => {
  try {
    await session?.close();
    await stopAllWebKit();
  } finally {
    await cleanUpProcesses();
  }
});

afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || session === undefined) return;
  const folder = join(REPO_ROOT, 'test-results');
  await mkdir(folder, { recursive: true });
  await session.browser.saveScreenshot(join(folder, 'webkit-failure.png')).catch(() => undefined);
  console.error(server.describeOutput(3000));
});

/** Runs in the page: the names of the files it has loaded. */
const loadedFiles = (): string[] =>
  performance.getEntriesByType('resource').map((entry) => entry.name);

describe('WebKit: the lock screen', () => {
  it('keeps the Unlock button where it was first drawn while the app loads behind it, offline with marks waiting', async () => {
    const nursery = groupOf(day, 'N2');
    const [first] = uniquelyNamed(day, nursery).map(displayNameOf) as [string];
    session = await launchWebKit({
      time: at(day, timesOf(day, nursery, 'AM').start - 10),
      url: server.origin,
      width: 800,
      height: 1280,
    });
    const tablet = new WebKitTablet(session.browser);
    const { browser } = session;
    await tablet.waitForServiceWorker();
    let register = await tablet.signInAndChoosePin(HANNAH);
    await register.waitUntilShown(nursery.name);
    await register.waitForWaiting(0);

    // The office goes; a mark waits on the tablet, which has found the office unreachable.
    await server.stop();
    await register.tapAndWait(first, '/');
    await register.waitForWaiting(1);
    await tablet.waitFor(
      () => browser.execute(statusRowText),
      (row) => row.startsWith('Offline'),
      'the status bar says "Offline"',
    );

    await tablet.reload();
    await tablet.waitUntilLocked();
    await tablet.waitFor(
      async () =>
        hasAllLoaded(await browser.execute(loadedFiles), await browser.execute(statusRowText)),
      (loaded) => loaded,
      'the shell, the register and the sync engine load behind the lock screen',
    );
    // A few more frames for what the last of them draws.
    await browser.executeAsync((done: () => void) => {
      let frames = 10;
      const next = () => (--frames === 0 ? done() : requestAnimationFrame(next));
      requestAnimationFrame(next);
    });

    const boxes = await browser.execute(unlockBoxes);
    const bar = await browser.execute(
      () => document.querySelector('.status-bar')?.textContent ?? '',
    );
    for (const words of [
      'Offline',
      '1 mark waiting to sync',
      'Marks are saved on this tablet',
      'clock is about',
      'Last synced',
    ]) {
      expect(bar).toContain(words);
    }
    expect(boxes.length).toBeGreaterThan(0);
    expect(boxes.slice(1), `first drawn at ${JSON.stringify(boxes[0])}`).toEqual([]);

    register = await tablet.unlock(HANNAH);
    await register.waitUntilShown(nursery.name);
    expect(await register.codeOf(first)).toBe('/');
  });
});
