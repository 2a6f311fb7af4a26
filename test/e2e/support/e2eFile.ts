/**
 * What nearly every browser test file starts with: one server (`startE2eServer`) and one
 * connection to the shared Chromium, opened before the file's tests and closed after them, with
 * the tablets the file opened closed too and, when a test fails, the server's output and the
 * tablets' consoles printed. `tablets` is read when it is needed, so it sees the tablets the tests
 * opened since.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ServerProcess } from '../../process/serverProcess';
import { connectChromium, reportOnFailure, shutDown, type Tablet } from './browser';
import { startE2eServer } from './e2eServer';

export interface E2eFile {
  /** The file's server (only inside its tests and hooks: it starts in `beforeAll`). */
  readonly server: ServerProcess;
  readonly browser: Browser;
}

export function e2eFile(tablets: () => readonly (Tablet | undefined)[]): E2eFile {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startE2eServer();
    browser = await connectChromium();
  });
  afterAll(() => shutDown(browser, ...tablets()));
  reportOnFailure(() => ({ ...(server === undefined ? {} : { server }), tablets: [...tablets()] }));
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The ${what} starts in beforeAll: use it in a test.`);
    return value;
  };
  return {
    get server() {
      return started(server, 'server');
    },
    get browser() {
      return started(browser, 'browser');
    },
  };
}
