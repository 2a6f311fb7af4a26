/**
 * HTTPS by configuration: with TLS_CERT_FILE and TLS_KEY_FILE the server listens with node:https
 * (a certificate made here with the openssl command), every answer carries HSTS, and the session
 * and device cookies are Secure. Over plain HTTP neither.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConfigError } from '../../src/server/config';
import { listen } from '../../src/server/http/listen';
import { ROUTES } from '../../src/shared/api/routes';
import { createTestApp, createTestSchool } from './fixtures';
import type { TestSchool } from './fixtures';
import { openTestDatabase } from './harness';
import type { TestDatabase } from './harness';

vi.setConfig({ hookTimeout: 180_000, testTimeout: 60_000 });

let t: TestDatabase;
let school: TestSchool;
let dir: string;
let certFile: string;
let keyFile: string;
let cert: Buffer;
const servers: ServerType[] = [];

beforeAll(async () => {
  t = await openTestDatabase();
  school = await createTestSchool(t.db, { staff: { teacher: ['teacher'] } });
  dir = await mkdtemp(join(tmpdir(), 'tickmark-tls-'));
  certFile = join(dir, 'cert.pem');
  keyFile = join(dir, 'key.pem');
  // A self-signed certificate for this machine, valid for a day.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'pipe' },
  );
  cert = await readFile(certFile);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
  await t.close();
  await rm(dir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

async function startServer(env: Record<string, string>): Promise<number> {
  const port = await freePort();
  const { app, config } = createTestApp(t.db, {
    env: { PORT: String(port), HOST: '127.0.0.1', PUBLIC_ORIGIN: '', ...env },
  });
  await new Promise<void>((resolve) => servers.push(listen(app.fetch, config, () => resolve())));
  return port;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
}

/** One request over the real socket; HTTPS trusts only the test's own certificate. */
function send(url: string, method: string, body?: unknown): Promise<Answer> {
  const target = new URL(url);
  const text = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = {};
  if (text !== undefined) {
    headers['content-type'] = 'application/json';
    headers.origin = target.origin;
  }
  return new Promise((resolve, reject) => {
    const options = { method, headers, agent: false as const };
    const done = (res: IncomingMessage): void => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
    };
    const req =
      target.protocol === 'https:'
        ? httpsRequest(target, { ...options, ca: cert }, done)
        : httpRequest(target, options, done);
    req.on('error', reject);
    req.end(text);
  });
}

const credentials = () => ({
  email: school.staff.teacher?.email ?? '',
  password: school.staff.teacher?.password ?? '',
});

describe('TLS by configuration', () => {
  it('serves HTTPS with HSTS and Secure cookies', async () => {
    const port = await startServer({ TLS_CERT_FILE: certFile, TLS_KEY_FILE: keyFile });
    const health = await send(`https://127.0.0.1:${port}${ROUTES.health}`, 'GET');
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe('max-age=31536000');

    const signIn = await send(`https://localhost:${port}${ROUTES.signIn}`, 'POST', credentials());
    expect(signIn.status).toBe(200);
    const cookies = signIn.headers['set-cookie'] ?? [];
    expect(cookies.map((c) => c.split('=')[0])).toEqual(
      expect.arrayContaining(['tickmark_session', 'tickmark_device']),
    );
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure(;|$)/i);
  });

  it('over plain HTTP sends no HSTS and no Secure cookie', async () => {
    const port = await startServer({});
    const signIn = await send(`http://127.0.0.1:${port}${ROUTES.signIn}`, 'POST', credentials());
    expect(signIn.status).toBe(200);
    expect(signIn.headers['strict-transport-security']).toBeUndefined();
    for (const cookie of signIn.headers['set-cookie'] ?? []) expect(cookie).not.toMatch(/Secure/i);
  });

  it('refuses to start with a certificate it cannot read, saying which setting and why', async () => {
    const { app, config } = createTestApp(t.db, {
      env: {
        PORT: String(await freePort()),
        TLS_CERT_FILE: join(dir, 'nope.pem'),
        TLS_KEY_FILE: keyFile,
      },
    });
    expect(() => listen(app.fetch, config, () => undefined)).toThrow(ConfigError);
    expect(() => listen(app.fetch, config, () => undefined)).toThrow(
      /TLS_CERT_FILE: cannot read ".*nope\.pem" \(there is no such file\)/,
    );
  });
});
