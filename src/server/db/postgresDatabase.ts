/**
 * A PostgreSQL server through a connection pool. Several Tickmark processes may share one
 * database, so nothing here keeps state beyond the pool itself.
 */
import pg from 'pg';
import type { PoolClient } from 'pg';
import { PG_TYPE, parseInt8 } from './database';
import type { Database, QueryResult, Queryable } from './database';
import { hostListPoolConfig } from './hostListPool';
import { parsePostgresTarget } from './postgresTarget';
import type { DatabaseTimeouts } from '../config';
import type { Logger } from '../logger';

type PgRunner = Pick<pg.Pool | PoolClient, 'query'>;

function wrap(runner: PgRunner): Queryable {
  return {
    async query<T extends object>(sql: string, params: readonly unknown[] = []) {
      const result = await runner.query<T & pg.QueryResultRow>(sql, [...params]);
      return {
        rows: result.rows as T[],
        rowCount: Math.max(result.rowCount ?? 0, result.rows.length),
      } satisfies QueryResult<T>;
    },
    async exec(sql: string) {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await runner.query(sql);
    },
  };
}

// Per-pool parsers (rather than pg.types.setTypeParser) so that importing this module changes
// nothing global.
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === PG_TYPE.INT8) return parseInt8;
    if (oid === PG_TYPE.DATE) return (text: string) => text;
    return pg.types.getTypeParser(oid, format);
  }) as typeof pg.types.getTypeParser,
};

/** SQLSTATE 25006: a write reached a server that has become read-only (a demoted primary). */
const READ_ONLY_TRANSACTION = '25006';

/** The defaults of `DB_*_TIMEOUT_SECONDS` (config.ts), for callers without a Config. */
export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5000,
  statementMs: 60_000,
  lockMs: 15_000,
  idleInTransactionMs: 30_000,
};

/**
 * How much longer than PostgreSQL's own statement limit the client waits for an answer. The
 * server cancels a slow statement first, with a clear error; the client's limit only fires when
 * no answer can come at all (the network dropped it), so no statement is cut twice.
 */
const CLIENT_GRACE_MS = 5000;

/**
 * Pool settings that keep a silent network partition from holding a request, a connection or a
 * lock for ever (src/server/README.md, "Database time limits").
 */
export function poolTimeouts(timeouts: DatabaseTimeouts) {
  return {
    connectionTimeoutMillis: timeouts.connectMs,
    query_timeout: timeouts.statementMs + CLIENT_GRACE_MS,
    statement_timeout: timeouts.statementMs,
    lock_timeout: timeouts.lockMs,
    idle_in_transaction_session_timeout: timeouts.idleInTransactionMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  } satisfies pg.PoolConfig;
}

/** Whether the connection under `err` can no longer be trusted to answer (no ROLLBACK on it). */
function isConnectionGone(err: unknown): boolean {
  const message = err instanceof Error ? err.message : '';
  return /Query read timeout|Connection terminated|connection error|not queryable/i.test(message);
}

/**
 * Opens a pool on a PostgreSQL server, or on the writable one of several listed in libpq's
 * multi-host form (see hostListPool.ts). The first query connects.
 */
export function openPostgresDatabase(
  connectionString: string,
  options: PoolOptions = {},
): Database {
  return openPool(
    hostListPoolConfig(parsePostgresTarget(connectionString), options.logger),
    options,
  );
}

export interface PoolOptions {
  logger?: Logger;
  max?: number;
  timeouts?: DatabaseTimeouts;
}

/**
 * A pool on the server `connection` names, with the same parsers, time limits and transactions
 * as {@link openPostgresDatabase}: the built-in database (a Unix socket) uses this.
 */
export function openPool(
  connection: Pick<
    pg.PoolConfig,
    'connectionString' | 'Client' | 'onConnect' | 'host' | 'port' | 'user' | 'database'
  >,
  options: PoolOptions = {},
): Database {
  const pool = new pg.Pool({
    ...connection,
    types,
    max: options.max ?? 10,
    ...poolTimeouts(options.timeouts ?? DEFAULT_DATABASE_TIMEOUTS),
  });
  // An idle client whose connection drops emits 'error' on the pool; unhandled, it would crash
  // the process. The next query simply gets a fresh connection.
  pool.on('error', (err) =>
    options.logger?.warn('database connection lost', { error: err.message }),
  );
  const self = wrap(pool);
  return {
    kind: 'postgres',
    query: self.query,
    exec: self.exec,
    async transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // The pool listens for errors on idle clients only. A checked-out client whose connection
      // drops (PostgreSQL restarted mid-push) emits 'error' on itself, which unhandled would crash
      // the whole server; with a listener, the statement in flight rejects instead, the request
      // gets a 503 and the device resends.
      const onError = (err: Error) =>
        options.logger?.warn('database connection lost during a transaction', {
          error: err.message,
        });
      client.on('error', onError);
      const release = (discard?: boolean) => {
        client.off('error', onError);
        client.release(discard);
      };
      try {
        await client.query('BEGIN');
      } catch (err) {
        release(true);
        throw err;
      }
      try {
        const value = await fn(wrap(client));
        // No statement time limit on the COMMIT itself: on a synchronous pair, a COMMIT cancelled
        // while it waits for the standby is kept on the primary with only a warning, so the mark
        // would be acknowledged without being on the standby that a failover promotes. Without
        // the limit, a standby that never answers ends in the client's own no-answer limit: an
        // error, no acknowledgement, and the tablet resends (matched by event id). One round trip:
        // in a simple query each statement starts its own timer, after the SET has taken effect.
        await client.query('SET LOCAL statement_timeout = 0; COMMIT');
        release();
        return value;
      } catch (err) {
        // A ROLLBACK sent down a connection that stopped answering would wait out the whole
        // client time limit again; PostgreSQL rolls the transaction back when the session ends
        // (at once, or after the idle-in-transaction limit when the network is silent).
        if (isConnectionGone(err)) {
          release(true);
          throw err;
        }
        try {
          await client.query('ROLLBACK');
          // A connection to a server that failover made read-only would fail every later write:
          // discard it so the pool connects afresh, to the new primary.
          release((err as { code?: unknown }).code === READ_ONLY_TRANSACTION);
        } catch {
          // The connection is unusable: make the pool discard it rather than hand it out again.
          release(true);
        }
        throw err;
      }
    },
    close: () => pool.end(),
  };
}
