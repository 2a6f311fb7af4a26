/**
 * Where a PostgreSQL connection string points: one host, or several in libpq's multi-host form
 * for a high-availability pair (`postgres://user@h1:5432,h2:5432/db?target_session_attrs=read-write`,
 * what `pg_autoctl show uri --formation default` prints). node-postgres takes one host only
 * (its URL parser refuses the comma list), so the list is split here into one ordinary
 * single-host URL per host, each of which node-postgres parses as usual; `hostListPool.ts` walks
 * them. Pure parsing: no connection is made.
 */

/** The `target_session_attrs` values that can hold Tickmark's writes. */
export type SessionTarget = 'any' | 'read-write';

export interface PostgresTarget {
  /** One `postgres://` URL per listed host, in the order given, with the same user, database and options. */
  readonly hostUrls: readonly string[];
  /** `read-write`: only a server that accepts writes will do (libpq's `read-write`, or `primary`). */
  readonly session: SessionTarget;
}

// scheme, optional user-info, the host list (up to the first '/', '?' or '#'), the rest.
const URL_SHAPE = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/s;

const SESSION_TARGETS: Readonly<Record<string, SessionTarget>> = {
  any: 'any',
  'read-write': 'read-write',
  // A primary accepts writes unless default_transaction_read_only is on, which the read-write
  // check also covers; Tickmark only writes, so both mean the same here.
  primary: 'read-write',
};

/** A connection string that cannot be used; the message never repeats it (it may hold a password). */
export class PostgresTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PostgresTargetError';
  }
}

/**
 * Splits a connection string into one URL per host.
 *
 * @throws PostgresTargetError when it is not a `postgres://` URL, a host in the list is empty or
 *   not `host[:port]`, or `target_session_attrs` asks for something other than a writable server.
 */
export function parsePostgresTarget(text: string): PostgresTarget {
  const shape = URL_SHAPE.exec(text);
  if (shape === null) {
    throw new PostgresTargetError(
      'is not a PostgreSQL URL; use the form postgres://user:password@host:5432/tickmark',
    );
  }
  const [, scheme = '', userInfo = '', hostList = '', rest = ''] = shape;
  const hosts = hostList.split(',');
  if (hosts.length > 1 && hosts.some((h) => h.trim() === '')) {
    throw new PostgresTargetError(
      'lists an empty host; separate hosts with single commas, as in postgres://user@db1:5432,db2:5432/tickmark',
    );
  }

  const [beforeHash = '', hash] = rest.split('#', 2);
  const [path = '', query] = beforeHash.split('?', 2);
  const params = new URLSearchParams(query ?? '');
  const requested = params.get('target_session_attrs') ?? 'any';
  const session = SESSION_TARGETS[requested];
  if (session === undefined) {
    throw new PostgresTargetError(
      `asks for target_session_attrs=${requested}, which cannot take Tickmark's writes; use read-write (or leave it out for a single host)`,
    );
  }
  // node-postgres would pass an unknown parameter on to the server as a setting; it is ours.
  params.delete('target_session_attrs');
  const search = params.size > 0 ? `?${params.toString()}` : '';
  const tail = `${path}${search}${hash === undefined ? '' : `#${hash}`}`;

  const hostUrls = hosts.map((host) => {
    const url = `${scheme}${userInfo}${host.trim()}${tail}`;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new PostgresTargetError(
        `has a host that is not host[:port] (${hosts.length > 1 ? 'in the comma-separated list' : 'after the @'}); use the form postgres://user:password@host:5432/tickmark`,
      );
    }
    if (hosts.length > 1 && parsed.hostname === '') {
      throw new PostgresTargetError(
        'lists a host without a name; give every host a name or address',
      );
    }
    return url;
  });
  return { hostUrls, session };
}

/** The connection string for the start-up log: every host, the password masked. */
export function describePostgresTarget(target: PostgresTarget): string {
  const hosts = target.hostUrls.map((text) => {
    const url = new URL(text);
    if (url.password !== '') url.password = '****';
    return url;
  });
  const first = hosts[0];
  if (first === undefined || hosts.length === 1) return first?.toString() ?? '';
  const list = hosts.map((u) => u.host).join(',');
  const credentials =
    first.username === '' ? '' : `${first.username}${first.password === '' ? '' : ':****'}@`;
  return `${first.protocol}//${credentials}${list}${first.pathname}${first.search} (target_session_attrs=${target.session})`;
}
