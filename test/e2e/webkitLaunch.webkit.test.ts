/**
 * The WebKit launcher's recovery from a wedged first load (support/webkit.ts): WebKitGTK now and
 * then never answers its first navigation, and only a new browser helps. Here a page that holds
 * its first request and answers later ones stands in for that: the launcher must give up on the
 * first browser at its deadline, start another and return it on the page; and a page that never
 * answers must still fail, with the address and the deadline in the message.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import {
  FirstLoadTimeout,
  launchWebKit,
  stopAllWebKit,
  type WebKitSession,
} from './support/webkit';

const servers: Server[] = [];
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
});

describe('launching WebKit', () => {
  it('starts a new browser when the first load hangs, and returns it on the page', async () => {
    const page = await pageThatHolds(1);
    session = await launchWebKit({ time: new Date(), url: page.url, firstLoadMs: 5000 });
    expect(await session.browser.getTitle()).toBe('Answered');
    expect(page.requests()).toBe(2);
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
