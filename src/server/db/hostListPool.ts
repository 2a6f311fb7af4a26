/**
 * Pool settings that follow the writable server of a high-availability pair, as libpq does for
 * `host=h1,h2 target_session_attrs=read-write`, on top of node-postgres, which connects to one
 * host only.
 *
 * The pool keeps a cursor on the host that last worked. Each new connection goes there; when it
 * cannot connect, or connects to a server that is read-only (a standby, or a primary that
 * pg_auto_failover is still fencing), the cursor moves on to the next host and that request
 * fails with a connection error, which the API answers 503 so the device resends. The next
 * connection tries the next host, so after a failover the pool finds the new primary within one
 * lap of the list. Connections already in the pool to a server that went away fail and are
 * discarded by the pool; one to a server that turned read-only fails its first write with 25006
 * and is discarded by `postgresDatabase.ts`.
 */
import pg from 'pg';
import type { Logger } from '../logger';
import type { PostgresTarget } from './postgresTarget';

/** Which host new connections go to; moves on when one fails. Shared by one pool's clients. */
class HostCursor {
  private index = 0;

  constructor(private readonly count: number) {}

  get current(): number {
    return this.index;
  }

  /** Moves past `failed` unless another connection has already moved the cursor off it. */
  failed(failed: number): void {
    if (this.index === failed) this.index = (failed + 1) % this.count;
  }
}

/** The SQLSTATE a libpq-style client gives when no listed host is acceptable (class 08: connection). */
const NO_ACCEPTABLE_HOST = '08001';

/** A server that can take writes: not in recovery, and not made read-only by default. */
async function assertWritable(client: pg.ClientBase, host: string): Promise<void> {
  const { rows } = await client.query<{ writable: boolean }>(
    `SELECT NOT pg_is_in_recovery() AND current_setting('transaction_read_only') = 'off' AS writable`,
  );
  if (rows[0]?.writable !== true) {
    throw Object.assign(
      new Error(
        `PostgreSQL at ${host} is read-only (a standby, or a primary during failover); trying the next host`,
      ),
      { code: NO_ACCEPTABLE_HOST },
    );
  }
}

/** The part of `pg.Pool`'s settings that chooses the server: connection string, client class, check. */
export function hostListPoolConfig(
  target: PostgresTarget,
  logger?: Logger,
): Pick<pg.PoolConfig, 'connectionString' | 'Client' | 'onConnect'> {
  const { hostUrls } = target;
  const only = hostUrls[0];
  if (only !== undefined && hostUrls.length === 1 && target.session === 'any') {
    return { connectionString: only };
  }
  const cursor = new HostCursor(hostUrls.length);
  const hostOf = (index: number) => new URL(hostUrls[index] ?? '').host;

  class HostListClient extends pg.Client {
    readonly hostIndex: number;

    constructor(config?: pg.ClientConfig) {
      const hostIndex = cursor.current;
      // The chosen host's URL replaces the pool's: node-postgres lets a connection string win.
      super({ ...config, connectionString: hostUrls[hostIndex] });
      this.hostIndex = hostIndex;
      // A failover ends connections in every state. The pool listens while a connection is idle
      // and postgresDatabase.ts while it is lent out; this catches what falls between the two:
      // once in the failover test, before this listener, the server died of an unhandled
      // 'error' (57P01, "unexpected postmaster exit") on a pooled connection, in a state not
      // pinned down since. The query in flight, if any, still fails with the error, and the pool
      // still discards the connection.
      this.on('error', (err: Error) =>
        logger?.warn('database connection lost', { host: hostOf(hostIndex), error: err.message }),
      );
    }

    override connect(): Promise<pg.Client>;
    override connect(
      callback: ((err: Error) => void) | ((err: null, client: pg.Client) => void),
    ): void;
    override connect(
      callback?: ((err: Error) => void) | ((err: null, client: pg.Client) => void),
    ): Promise<pg.Client> | undefined {
      const attempt = super.connect().catch((err: unknown) => {
        cursor.failed(this.hostIndex);
        throw err;
      });
      if (callback === undefined) return attempt;
      const done = callback as (err: Error | null, client?: pg.Client) => void;
      attempt.then(
        (client) => done(null, client),
        (err: unknown) => done(err as Error),
      );
      return undefined;
    }
  }

  return {
    connectionString: only,
    Client: HostListClient,
    onConnect: async (client: pg.ClientBase) => {
      if (target.session === 'any') return;
      const index = client instanceof HostListClient ? client.hostIndex : cursor.current;
      try {
        await assertWritable(client, hostOf(index));
      } catch (err) {
        cursor.failed(index);
        throw err;
      }
    },
  };
}
