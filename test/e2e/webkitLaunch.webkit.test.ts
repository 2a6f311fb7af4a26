/**
 * The WebKit launcher's recovery from a wedged start (support/webkit.ts): WebKitGTK now and then
 * never connects to its driver, or never answers its first navigation, and only a new browser
 * helps. Here a browser that never starts the first time, and a page that holds its first
 * request, stand in for those: the launcher must give up at its deadline, start another browser
 * and return it on the page; and a page that never answers must still fail, with the address and
 * the deadline in the message.
 */
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  FirstLoadTimeout,
  launchWebKit,
  MINIBROWSER_PATH,
  stopAllWebKit,
  type WebKitSession,
} from './support/webkit';

const servers: Server[] = [];
const folders: string[] = [];

/**
 * A browser for the driver to start that, the first time, never starts (it sleeps, so the
 * driver's "new session" is never answered, as when WebKitGTK wedges) and afterwards is
 * MiniBrowser. Returns its path and how many times it was started.
 */
async function browserThatHangsOnce(): Promise<{ path: string; starts: () => Promise<number> }> {
  const folder = await mkdtemp(join(tmpdir(), 'tickmark-webkit-launch-'));
  folders.push(folder);
  const count = join(folder, 'starts');
  const path = join(folder, 'browser.sh');
  await writeFile(
    path,
    [
      '#!/bin/sh',
      `n=$(cat '${count}' 2>/dev/null || echo 0)`,
      `echo $((n + 1)) > '${count}'`,
      'if [ "$n" -eq 0 ]; then exec sleep 600; fi',
      `exec '${MINIBROWSER_PATH}' "$@"`,
      '',
    ].join('\n'),
  );
  await chmod(path, 0o755);
  return { path, starts: async () => Number((await readFile(count, 'utf8')).trim()) };
}
let session: WebKitSession | undefined;

/** A page whose first `hold` requests are never answered; the rest get a page titled "Answered". */
async function pageThatHolds(hold: number): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const held: ServerResponse[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.url !== '/') {
      response.writeHead(404).end();
      return;
    }
    requests += 1;
    if (requests <= hold) {
      held.push(response);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end('<!doctype html><title>Answered</title><p>Answered</p>');
  });
  server.on('close', () => held.forEach((response) => response.destroy()));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests: () => requests };
}

afterEach(async () => {
  await session?.close();
  session = undefined;
});

afterAll(async () => {
  await stopAllWebKit();
  for (const server of servers) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
});

describe('launching WebKit', () => {
  it('starts a new browser when the first load hangs, and returns it on the page', async () => {
    const page = await pageThatHolds(1);
    session = await launchWebKit({ time: new Date(), url: page.url, firstLoadMs: 5000 });
    expect(await session.browser.getTitle()).toBe('Answered');
    expect(page.requests()).toBe(2);
  });

  it('starts a new browser when the first one never opens its session', async () => {
    const page = await pageThatHolds(0);
    const browser = await browserThatHangsOnce();
    session = await launchWebKit({
      time: new Date(),
      url: page.url,
      sessionStartMs: 5000,
      browserBinary: browser.path,
    });
    expect(await session.browser.getTitle()).toBe('Answered');
    expect(await browser.starts()).toBe(2);
    expect(page.requests()).toBe(1);
  });

  it('fails with the address and the deadline when the last launch hangs too', async () => {
    const page = await pageThatHolds(Number.POSITIVE_INFINITY);
    const launch = launchWebKit({
      time: new Date(),
      url: page.url,
      firstLoadMs: 3000,
      attempts: 1,
    });
    await expect(launch).rejects.toBeInstanceOf(FirstLoadTimeout);
    await expect(launch).rejects.toThrow(`WebKit did not load ${page.url} within 3 s.`);
    expect(page.requests()).toBe(1);
  });
});
