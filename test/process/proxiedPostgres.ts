/**
 * A server process that reaches a fresh PostgreSQL database through a {@link TcpProxy}, for the
 * tests that break the network between the two (a restart, a silent partition). Call
 * `cleanUpProxied` in `afterEach`: it stops the server, closes the proxy and drops the database,
 * so a failed test leaves nothing behind.
 */
import { createFreshDatabase } from './freshPostgres';
import type { FreshDatabase } from './freshPostgres';
import { cleanUpProcesses, freePort, startServer } from './serverProcess';
import type { ServerProcess } from './serverProcess';
import { TcpProxy, throughProxy } from './tcpProxy';

let current: { readonly database: FreshDatabase; readonly proxy: TcpProxy } | null = null;

/** A new database, a proxy in front of it, and a server started with the proxy's address. */
export async function startServerBehindProxy(
  label: string,
): Promise<{ proxy: TcpProxy; server: ServerProcess }> {
  const database = await createFreshDatabase();
  const proxy = new TcpProxy('127.0.0.1', Number(new URL(database.url).port || 5432));
  current = { database, proxy };
  await proxy.listen();
  const server = await startServer({
    label,
    env: { DATABASE_URL: throughProxy(database.url, proxy), PORT: String(await freePort()) },
  });
  return { proxy, server };
}

/** Stops every server, then closes the proxy and drops the database. */
export async function cleanUpProxied(): Promise<void> {
  await cleanUpProcesses();
  const was = current;
  current = null;
  await was?.proxy.close();
  await was?.database.drop();
}
