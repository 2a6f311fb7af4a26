/**
 * The register's core flow in WebKit (Safari's engine, as on a school's iPads): the scenario of
 * support/coreScenario.ts, which coreRegister.e2e.test.ts runs in Chromium, through WebKitGTK's
 * WebDriver under a virtual display (support/webkit.ts).
 *
 * WebDriver has no switch for the network, so here the connection is cut the way a classroom's
 * wifi loses the office: the server stops (the page's requests fail, the browser still thinks it
 * is online), and comes back on the same address and database.
 */
import { cp } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, it } from 'vitest';
import {
  cleanUpProcesses,
  makeTempDir,
  REPO_ROOT,
  type ServerProcess,
} from '../process/serverProcess';
import { WebKitTablet } from './pages/WebKitTablet';
import { BUILT_CLIENT_DIR } from './support/build';
import { coreRegisterScenario } from './support/coreScenario';
import { restartOptionsOf, startE2eServer } from './support/e2eServer';
import { e2eSchoolDay } from './support/provided';
import { at, groupOf, timesOf } from './support/schoolDay';
import { launchWebKit, stopAllWebKit, type WebKitSession } from './support/webkit';

const day = e2eSchoolDay();
let server: ServerProcess;
let servedDir: string;
let session: WebKitSession | undefined;

beforeAll(async () => {
  servedDir = await makeTempDir('tickmark-e2e-app-');
  await cp(BUILT_CLIENT_DIR, servedDir, { recursive: true });
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

// A failure leaves a screenshot of what WebKit showed in test-results/, and the server's output.
afterEach(async (context) => {
  if (context.task.result?.state !== 'fail' || session === undefined) return;
  const folder = join(REPO_ROOT, 'test-results');
  await mkdir(folder, { recursive: true });
  await session.browser.saveScreenshot(join(folder, 'webkit-failure.png')).catch(() => undefined);
  console.error(server.describeOutput(3000));
});

describe('WebKit', () => {
  it('signs in, marks, reloads offline, syncs once and takes an update', async () => {
    const times = timesOf(day, groupOf(day, 'N2'), 'AM');
    session = await launchWebKit({
      time: at(day, times.start - 10),
      url: server.origin,
      width: 800,
      height: 1280,
    });
    const tablet = new WebKitTablet(session.browser);
    const restart = restartOptionsOf(server);
    await coreRegisterScenario({
      day,
      origin: server.origin,
      servedDir,
      tablet,
      network: {
        cut: async () => {
          await server.stop();
        },
        restore: async () => {
          server = await startE2eServer({ clientDir: servedDir, restart });
        },
      },
    });
  });
});
