/**
 * Real server processes for the process-level tests: the office server started as an
 * operator starts it, talking over real sockets, stopped with real signals.
 *
 * Every process is spawned in a process group of its own (`detached`), so a signal reaches the
 * whole tree (`npm` → `sh` → `tsx` → `node`), and is remembered until it has exited: call
 * `cleanUpProcesses` in `afterEach` so a failed test never leaves a server holding a port, a
 * data folder or a database connection. The temp folders made here are removed there too.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { quitDatabasesUnder, stopDatabasesUnder } from './leftDatabases';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** What main.ts prints once it is listening; the test reads the address from it. */
const READY_LINE = /Tickmark is running at (http:\/\/localhost:(\d+))/;

/**
 * Settings the server reads, and variables of the test runner that must not leak into a child:
 * `NODE_ENV=test` would change what `vite build` produces, and the rest belong to Vitest.
 */
const SCRUBBED_ENV = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'LOG_LEVEL',
  'SESSION_TTL_HOURS',
  'SECURE_COOKIES',
  'TRUSTED_ORIGINS',
  'TRUST_PROXY',
  'DEMO_SCHOOL',
  'CLIENT_DIR',
  'DB_CONNECT_TIMEOUT_SECONDS',
  'DB_STATEMENT_TIMEOUT_SECONDS',
  'DB_LOCK_TIMEOUT_SECONDS',
  'DB_IDLE_IN_TRANSACTION_TIMEOUT_SECONDS',
  'NODE_ENV',
  'TEST',
];

function childEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (SCRUBBED_ENV.includes(key) || key.startsWith('VITEST')) continue;
    env[key] = value;
  }
  return { ...env, ...extra };
}

/** A port nobody listens on right now: the server has no `PORT=0`, so we ask the kernel first. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '0.0.0.0', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no port was assigned'))));
    });
  });
}

export interface ExitStatus {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface StartOptions {
  /** Server settings (PORT is required); the test runner's own variables are not passed on. */
  readonly env: Readonly<Record<string, string>> & { readonly PORT: string };
  /** `server`: `node --import tsx src/server/main.ts`. `npm-start`: `npm start`, build and all. */
  readonly command?: 'server' | 'npm-start';
  /** How long to wait for the "Tickmark is running at" line. */
  readonly readyTimeoutMs?: number;
  /** Names the process in failure messages ("server A"). */
  readonly label?: string;
}

const live = new Set<ServerProcess>();
const tempDirs = new Set<string>();

/** One spawned server (or `npm start`) and everything it printed. */
export class ServerProcess {
  readonly label: string;
  readonly child: ChildProcess;
  readonly exited: Promise<ExitStatus>;
  /** The address the server printed, `http://localhost:PORT`; set once it is ready. */
  url = '';
  port = 0;
  private out = '';
  private err = '';
  private exitStatus: ExitStatus | null = null;

  constructor(label: string, child: ChildProcess) {
    this.label = label;
    this.child = child;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (this.out += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.err += chunk));
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitStatus = { code, signal };
        resolve(this.exitStatus);
      });
      child.once('error', () => {
        this.exitStatus ??= { code: null, signal: null };
        resolve(this.exitStatus);
      });
    });
  }

  get stdout(): string {
    return this.out;
  }

  get stderr(): string {
    return this.err;
  }

  get hasExited(): boolean {
    return this.exitStatus !== null;
  }

  /** The origin to send requests to: the printed port on IPv4, as the server listens on 0.0.0.0. */
  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /**
   * Waits until standard output matches `pattern` (lines printed after the ready line may still
   * be on their way) and returns the match.
   */
  async waitForStdout(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.out);
      if (match !== null) return match;
      if (Date.now() > deadline || this.hasExited) {
        throw new Error(
          `${this.label} never printed ${String(pattern)}:\n${this.describeOutput()}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The tail of what the process printed, for failure messages. */
  describeOutput(chars = 4000): string {
    const tail = (text: string) => (text.length > chars ? `…${text.slice(-chars)}` : text);
    return `--- ${this.label} stdout ---\n${tail(this.out)}\n--- ${this.label} stderr ---\n${tail(this.err)}`;
  }

  /** Sends `signal` to the whole process group (a no-op once it has gone). */
  signal(signal: NodeJS.Signals): void {
    // Not skipped when the spawned process has exited: under npm, the server may outlive npm.
    const pid = this.child.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }

  /** Whether any process of the group is still alive (a server orphaned by npm would be). */
  groupAlive(): boolean {
    const pid = this.child.pid;
    if (pid === undefined) return false;
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Stops the process group with `signal` and waits for the spawned process to exit; if it has
   * not exited after `timeoutMs`, kills the group with SIGKILL and throws.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 15_000): Promise<ExitStatus> {
    this.signal(signal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const result = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.signal('SIGKILL');
      await this.exited;
      throw new Error(
        `${this.label} did not exit within ${timeoutMs} ms of ${signal}.\n${this.describeOutput()}`,
      );
    }
    // Children of the group may outlive the spawned process by a moment (npm exits first).
    for (let i = 0; i < 50 && this.groupAlive(); i += 1) await sleep(100);
    return result;
  }

  /** Resolves once the ready line has been printed; rejects if the process exits first. */
  async waitUntilReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = READY_LINE.exec(this.out);
      if (match !== null) {
        this.url = match[1] ?? '';
        this.port = Number(match[2]);
        // main.ts prints the ready line, the demo sign-ins and the setup link in one write, so
        // they are all here already.
        return;
      }
      if (this.hasExited) {
        throw new Error(
          `${this.label} exited (${JSON.stringify(this.exitStatus)}) before it was ready.\n${this.describeOutput()}`,
        );
      }
      if (Date.now() > deadline) {
        this.signal('SIGKILL');
        await this.exited;
        throw new Error(
          `${this.label} printed no "Tickmark is running at" line within ${timeoutMs} ms.\n${this.describeOutput()}`,
        );
      }
      await sleep(50);
    }
  }
}

/** Spawns the server (or `npm start`) without waiting for it to be ready. */
function launchServer(options: Omit<StartOptions, 'readyTimeoutMs'>): ServerProcess {
  const command = options.command ?? 'server';
  const [file, args] =
    command === 'npm-start'
      ? ['npm', ['start']]
      : [process.execPath, ['--import', 'tsx', 'src/server/main.ts']];
  const child = spawn(file, args, {
    cwd: REPO_ROOT,
    env: childEnv(options.env),
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = new ServerProcess(options.label ?? command, child);
  live.add(server);
  return server;
}

/** Spawns the server (or `npm start`) and waits until it prints that it is running. */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const server = launchServer(options);
  await server.waitUntilReady(
    options.readyTimeoutMs ?? (options.command === 'npm-start' ? 150_000 : 60_000),
  );
  return server;
}

/**
 * Spawns a server that is expected to refuse to start, and resolves with how it exited, or with
 * `'started'` if it printed that it is running instead.
 */
export async function startExpectingRefusal(
  options: Omit<StartOptions, 'readyTimeoutMs'>,
): Promise<{ server: ServerProcess; outcome: ExitStatus | 'started' }> {
  const server = launchServer(options);
  const outcome = await Promise.race([
    server.exited,
    server.waitUntilReady(90_000).then(
      () => 'started' as const,
      () => server.exited,
    ),
  ]);
  return { server, outcome };
}

/** A fresh temp folder, removed by `cleanUpProcesses`. */
export async function makeTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  // Run as root, the built-in PostgreSQL runs as `postgres`, which must enter the folder.
  await chmod(dir, 0o755);
  tempDirs.add(dir);
  return dir;
}

/**
 * Kills every server still running (SIGKILL, whole group), stops the built-in databases they
 * leave running (leftDatabases.ts), then removes the temp folders.
 */
export async function cleanUpProcesses(): Promise<void> {
  const started = [...live];
  live.clear();
  for (const server of started) server.signal('SIGKILL');
  await Promise.all(started.map((server) => server.exited));
  for (const server of started) {
    for (let i = 0; i < 50 && server.groupAlive(); i += 1) await sleep(100);
  }
  const dirs = [...tempDirs];
  tempDirs.clear();
  await Promise.all(dirs.map((dir) => stopDatabasesUnder(dir)));
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
}

// Last resort when the test worker itself goes away: a detached server would otherwise outlive it.
process.once('exit', () => {
  for (const server of live) server.signal('SIGKILL');
  for (const dir of tempDirs) quitDatabasesUnder(dir);
});

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `condition` until it holds; throws `Timed out: <what>` after `timeoutMs`. */
export async function waitUntil(
  condition: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${what}.`);
    await sleep(20);
  }
}
