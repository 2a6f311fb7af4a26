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
}

/** Copies the seeded template into a new data folder and starts the server on it. */
export async function startE2eServer(options: E2eServerOptions = {}): Promise<ServerProcess> {
  ensureClientBuilt();
  const dataDir = await makeTempDir('tickmark-e2e-data-');
  await cp(templateDataDir(), dataDir, { recursive: true });
  const port = await freePort();
  return startServer({
    label: 'e2e server',
    env: {
      PORT: String(port),
      DATA_DIR: dataDir,
      DEMO_SCHOOL: 'true',
      LOG_LEVEL: 'warn',
      CLIENT_DIR: options.clientDir ?? BUILT_CLIENT_DIR,
    },
  });
}
