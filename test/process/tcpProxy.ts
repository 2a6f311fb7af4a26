/**
 * A TCP proxy in front of PostgreSQL that a test can break in two ways:
 *
 * - `cut()`: every open connection is destroyed at once and new ones are refused until
 *   `restore()`, which is what the server sees when PostgreSQL restarts (`pg_ctl restart -m
 *   immediate`) without the test having to restart the shared one.
 * - `blackHole()`: a silent network partition. Every open connection stops carrying bytes in
 *   either direction but is never closed or reset, and new connections are accepted and then
 *   hear nothing, so neither end learns anything is wrong. `heal()` lets new connections through
 *   again; the stalled ones stay stalled for ever (the worst case: their packets never arrive).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';

/** One client connection and, unless it was accepted into a black hole, its upstream. */
interface Link {
  readonly client: Socket;
  readonly upstream: Socket | null;
  /** Bytes are dropped, in both directions, from the moment this is set. */
  stalled: boolean;
}

export class TcpProxy {
  private readonly server: Server;
  private readonly links = new Set<Link>();
  private isCut = false;
  private isBlackHole = false;
  port = 0;
  /** How many client connections were destroyed by cuts. */
  cutConnections = 0;
  /** How many client connections were stalled by black holes (open ones and new ones). */
  stalledConnections = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => {
      if (this.isCut) {
        client.destroy();
        return;
      }
      if (this.isBlackHole) {
        // Accepted, then silence: whatever the client sends goes nowhere.
        const link: Link = { client, upstream: null, stalled: true };
        this.stalledConnections += 1;
        this.links.add(link);
        client.on('data', () => undefined);
        client
          .on('error', () => this.drop(link, client))
          .on('close', () => this.drop(link, client));
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      const link: Link = { client, upstream, stalled: false };
      this.links.add(link);
      // Forwarded by hand, not piped, so that a stall can drop bytes without closing anything.
      client.on('data', (chunk) => {
        if (!link.stalled) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!link.stalled) client.write(chunk);
      });
      client.on('error', () => this.drop(link, client)).on('close', () => this.drop(link, client));
      upstream
        .on('error', () => this.drop(link, upstream))
        .on('close', () => this.drop(link, upstream));
    });
  }

  /**
   * One side of `link` closed. A working link closes both sides, as a proxy does. A stalled one
   * closes only that side: in a partition the far end never hears of it (PostgreSQL keeps the
   * session, and any transaction and locks it holds, until its own time limits end it).
   */
  private drop(link: Link, side: Socket): void {
    if (!link.stalled) {
      link.client.destroy();
      link.upstream?.destroy();
    } else {
      side.destroy();
    }
    if (link.client.destroyed && (link.upstream?.destroyed ?? true)) this.links.delete(link);
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address !== null ? address.port : 0;
    return this.port;
  }

  /** PostgreSQL "goes down": every connection is reset, new ones are refused. */
  cut(): void {
    this.isCut = true;
    this.cutConnections += this.links.size;
    this.destroyAll();
  }

  /** PostgreSQL is back. */
  restore(): void {
    this.isCut = false;
  }

  /** A silent partition: every open connection stalls, new ones are accepted and ignored. */
  blackHole(): void {
    this.isBlackHole = true;
    for (const link of this.links) {
      if (!link.stalled) this.stalledConnections += 1;
      link.stalled = true;
    }
  }

  /** The partition heals for new connections; the stalled ones never carry a byte again. */
  heal(): void {
    this.isBlackHole = false;
  }

  private destroyAll(): void {
    for (const link of this.links) {
      link.client.destroy();
      link.upstream?.destroy();
    }
    this.links.clear();
  }

  async close(): Promise<void> {
    this.isCut = true;
    this.destroyAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** `url` with its host and port replaced by the proxy's. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
