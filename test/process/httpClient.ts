/**
 * A browser stand-in over real sockets: it keeps the cookies the server sets (all of ours are for
 * this one site, so Path is ignored) and sends them to whichever server process it talks to, and
 * it sends the target's own Origin on state-changing requests, as a browser on that page would.
 *
 * Each request opens its own connection (`agent: false`, `Connection: close`): a pooled keep-alive
 * socket to a server that was just killed would fail the next request for the wrong reason.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** Body bytes as they crossed the socket (compressed when the server gzipped them). */
  readonly wireBytes: number;
  /** The body parsed as JSON (throws, naming the status and body, when it is not JSON). */
  json(): unknown;
}

export interface RequestOptions {
  /** Abandon the request after this long (the socket is destroyed). Default 60 s. */
  readonly timeoutMs?: number;
  /** Ask for gzip, as every browser does, and decode it (default: ask for nothing). */
  readonly acceptGzip?: boolean;
}

export class Browser {
  readonly cookies = new Map<string, string>();

  /**
   * Sends `method path` to `origin` (e.g. `http://127.0.0.1:8123`), with the JSON `body` if given.
   * Rejects only when no complete answer arrives (refused, reset, timed out).
   */
  request(
    origin: string,
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { connection: 'close' };
    if (this.cookies.size > 0) {
      headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    }
    if (method !== 'GET' && method !== 'HEAD') headers.origin = origin;
    if (options.acceptGzip === true) headers['accept-encoding'] = 'gzip';
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(payload));
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest(new URL(path, origin), { method, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('aborted', () => reject(new Error(`${method} ${path}: the response was cut off`)));
        res.on('end', () => {
          if (!res.complete) {
            reject(new Error(`${method} ${path}: the response was cut off`));
            return;
          }
          this.remember(res.headers['set-cookie'] ?? []);
          const wire = Buffer.concat(chunks);
          const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(wire) : wire;
          const text = body.toString('utf8');
          const status = res.statusCode ?? 0;
          resolve({
            status,
            headers: res.headers,
            text,
            wireBytes: wire.length,
            json: () => {
              try {
                return JSON.parse(text) as unknown;
              } catch {
                throw new Error(`${method} ${path} answered ${status} with non-JSON: ${text}`);
              }
            },
          });
        });
      });
      req.setTimeout(options.timeoutMs ?? 60_000, () =>
        req.destroy(new Error(`${method} ${path}: no answer within the timeout`)),
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  get(origin: string, path: string, options?: RequestOptions): Promise<HttpResponse> {
    return this.request(origin, 'GET', path, undefined, options);
  }

  post(
    origin: string,
    path: string,
    body?: unknown,
    options?: RequestOptions,
  ): Promise<HttpResponse> {
    return this.request(origin, 'POST', path, body, options);
  }

  private remember(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || /max-age=0(;|$)/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** Fails with the status and body when the answer is not `expected`; returns the parsed body. */
export function expectStatus(res: HttpResponse, expected: number, what: string): unknown {
  if (res.status !== expected) {
    throw new Error(`${what}: expected ${expected}, got ${res.status}: ${res.text.slice(0, 2000)}`);
  }
  return res.json();
}
