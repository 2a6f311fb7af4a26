/**
 * A local HTTP server that follows Esendex's published REST API for sending
 * (`POST /v1.0/messagedispatcher`, HTTP Basic, JSON `{ accountreference, messages: [{ to, body }] }`
 * → 200 `{ batch: { batchid, messageheaders: [{ uri, id }] } }`; 401 for wrong credentials, 402
 * with no credit, 400 for a body it cannot read). It keeps every message it accepts. What this
 * proves and what it does not: docs/parents.md, "The SMS gateway".
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TextReceived {
  readonly accountReference: string;
  readonly to: string;
  readonly body: string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startEsendexStandIn(account: {
  reference: string;
  username: string;
  password: string;
}) {
  const received: TextReceived[] = [];
  /** Set to answer every send with this status (402: no credit, 500: trouble). */
  const state: { failWith: number | null } = { failWith: null };
  const expected = `Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}`;
  const server = createServer((req, res) => {
    void (async () => {
      const text = await readBody(req);
      const reply = (status: number, json?: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(json === undefined ? '' : JSON.stringify(json));
      };
      if (req.method !== 'POST' || req.url !== '/v1.0/messagedispatcher') return reply(404);
      if (req.headers.authorization !== expected) return reply(401);
      if (state.failWith !== null) return reply(state.failWith);
      let body: { accountreference?: unknown; messages?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return reply(400);
      }
      const messages = body.messages;
      if (body.accountreference !== account.reference) return reply(403);
      if (!Array.isArray(messages) || messages.length === 0) return reply(400);
      const headers = [];
      for (const m of messages as { to?: unknown; body?: unknown }[]) {
        if (typeof m.to !== 'string' || !/^[0-9]{8,15}$/.test(m.to) || typeof m.body !== 'string')
          return reply(400);
        received.push({ accountReference: account.reference, to: m.to, body: m.body });
        const id = randomUUID();
        headers.push({ uri: `https://api.esendex.com/v1.0/messageheaders/${id}`, id });
      }
      return reply(200, { batch: { batchid: randomUUID(), messageheaders: headers } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    state,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
