/**
 * The real office server for the browser tests: `src/server/main.ts` in its own process, on a
 * free port, with its own built-in database folder, serving the built PWA (`dist/client`, or a copy given as
 * `CLIENT_DIR`).
 *
 * The folder is a copy of the template the global setup seeded with the demo school, as the
 * server itself would have seeded it had it first started early on the test's school day
 * (schoolDay.ts): the day's registers are then empty whatever the real time of day. The server
 * starts with `DEMO_SCHOOL=true` and finds its school already there.
 *
 * Processes and temp folders are remembered by test/process/serverProcess.ts: call
 * `cleanUpProcesses()` in `afterAll`, which kills them and removes the folders even after a
 * failure.
 */
import { cp } from 'node:fs/promises';
import {
  freePort,
  makeTempDir,
  startServer,
  type ServerProcess,
} from '../../process/serverProcess';
import { BUILT_CLIENT_DIR, ensureClientBuilt } from './build';
import { templateDataDir } from './provided';

export interface E2eServerOptions {
  /** Serve this folder instead of dist/client (`CLIENT_DIR`). */
  readonly clientDir?: string;
  /**
   * Start on this folder and port (a server stopped earlier, started again): the folder is used
   * as it is, not copied from the template.
   */
  readonly restart?: { readonly dataDir: string; readonly port: number };
  /** More environment for the server (a test's SMTP server or SMS gateway stand-in). */
  readonly env?: Readonly<Record<string, string>>;
}

/** The data folder each started server runs on, for a restart. */
const dataDirs = new WeakMap<ServerProcess, string>();

/** The folder and port of a server, to start it again on them after stopping it. */
export function restartOptionsOf(server: ServerProcess): { dataDir: string; port: number } {
  const dataDir = dataDirs.get(server);
  if (dataDir === undefined) throw new Error('That server was not started by startE2eServer.');
  return { dataDir, port: server.port };
}

/** Copies the seeded template into a new data folder and starts the server on it. */
export async function startE2eServer(options: E2eServerOptions = {}): Promise<ServerProcess> {
  ensureClientBuilt();
  let dataDir = options.restart?.dataDir;
  if (dataDir === undefined) {
    dataDir = await makeTempDir('tickmark-e2e-data-');
    await cp(templateDataDir(), dataDir, { recursive: true });
  }
  const port = options.restart?.port ?? (await freePort());
  const server = await startServer({
    label: 'e2e server',
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_SCHOOL: 'true',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: options.clientDir ?? BUILT_CLIENT_DIR,
      ...options.env,
    },
  });
  dataDirs.set(server, dataDir);
  return server;
}
