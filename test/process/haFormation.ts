/**
 * A pg_auto_failover formation on loopback for the high-availability test: a monitor, a primary
 * and a secondary with synchronous replication, each a `pg_autoctl` process (from Debian's
 * `pg-auto-failover-cli` and `postgresql-15-auto-failover` packages) supervising its own
 * PostgreSQL 15 in a temp folder. Run as root, every `pg_autoctl` runs as the `postgres` user
 * (PostgreSQL refuses to run as root), so the folder is handed to that user.
 *
 * Each `pg_autoctl` is spawned in a process group of its own, so a SIGKILL to the group takes
 * the keeper and its PostgreSQL down together, as a machine that dies would. `stop()` ends what
 * is left (SIGTERM, a fast shutdown, then SIGKILL after a bounded wait) and removes the folder.
 * Every wait is for a condition the monitor reports, with a deadline; none is a fixed sleep.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { skipUnlessCi } from './freshPostgres';
import { freePort, sleep } from './serverProcess';

const PG_BIN = process.env.TICKMARK_TEST_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const PG_AUTOCTL = process.env.TICKMARK_TEST_PG_AUTOCTL ?? '/usr/bin/pg_autoctl';
/** util-linux's runuser: run a command as another user without a password (root only). */
const RUNUSER = '/usr/sbin/runuser';
const EXTENSION = '/usr/share/postgresql/15/extension/pgautofailover.control';
const INSTALL_HINT =
  'install it with "apt-get install postgresql-15-auto-failover pg-auto-failover-cli" (.ci/run does)';

const isRoot = process.getuid?.() === 0;

/** Why a formation cannot be started here, or null when everything it needs is installed. */
export function haProblem(): string | null {
  if (!existsSync(PG_AUTOCTL))
    return `pg_autoctl is not installed at ${PG_AUTOCTL}; ${INSTALL_HINT}`;
  if (!existsSync(EXTENSION)) {
    return `the pgautofailover extension for PostgreSQL 15 is not installed; ${INSTALL_HINT}`;
  }
  if (!existsSync(join(PG_BIN, 'pg_ctl'))) return `PostgreSQL 15 is not installed in ${PG_BIN}`;
  if (isRoot && !existsSync(RUNUSER)) return `running as root, but ${RUNUSER} is missing`;
  if (isRoot && spawnSync('id', ['-u', 'postgres']).status !== 0) {
    return 'running as root, but there is no "postgres" user to run PostgreSQL as';
  }
  return null;
}

/**
 * Whether to skip the test: only when pg_auto_failover is missing and this is not CI. Says why
 * on the console, so a skip is never silent; under CI=true the test runs and fails.
 */
export function skipWithoutHa(what: string): boolean {
  return skipUnlessCi(what, haProblem());
}

/**
 * Monitor settings that make a dead primary noticed within seconds rather than the defaults'
 * ~50 s (5 s health checks, unhealthy after 20 s, then a 30 s wait for the old primary to demote
 * itself). The short demote wait is safe here only because the old primary is dead (SIGKILL);
 * docs/reliability.md states both timings and why production keeps the longer wait.
 */
const MONITOR_TUNING: Readonly<Record<string, string>> = {
  'pgautofailover.health_check_period': '1s',
  'pgautofailover.health_check_timeout': '1s',
  'pgautofailover.health_check_max_retries': '1',
  'pgautofailover.health_check_retry_delay': '500ms',
  'pgautofailover.node_considered_unhealthy_timeout': '2s',
  'pgautofailover.primary_demote_timeout': '5s',
};

export interface NodeState {
  readonly name: string;
  readonly port: number;
  readonly reported: string;
  readonly goal: string;
}

interface Keeper {
  readonly label: string;
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  output: string;
}

export class HaFormation {
  readonly dir: string;
  readonly monitorPort: number;
  readonly nodePorts: readonly [number, number];
  private readonly keepers = new Map<string, Keeper>();

  private constructor(dir: string, monitorPort: number, nodePorts: [number, number]) {
    this.dir = dir;
    this.monitorPort = monitorPort;
    this.nodePorts = nodePorts;
  }

  /** Creates and starts the monitor, then node1 (primary) and node2 (synchronous secondary). */
  static async start(options: { readyTimeoutMs?: number } = {}): Promise<HaFormation> {
    const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
    const dir = await mkdtemp(join(tmpdir(), 'tickmark-ha-'));
    if (isRoot) await chown(dir, postgresUid(), postgresGid());
    const formation = new HaFormation(dir, await freePort(), [await freePort(), await freePort()]);
    live.add(formation);
    try {
      await formation.startMonitor(deadline);
      await formation.startNode('node1', formation.nodePorts[0]);
      await formation.waitFor('node1 to run alone', deadline, (nodes) =>
        nodes.some((n) => n.name === 'node1' && n.reported === 'single' && n.goal === 'single'),
      );
      // pg_basebackup starts with a spread checkpoint, which paces every dirty page of a busy
      // new node over minutes; an immediate checkpoint first leaves it nothing to write.
      await formation.query(formation.nodePorts[0], 'tickmark', 'CHECKPOINT');
      await formation.startNode('node2', formation.nodePorts[1]);
      await formation.waitFor('node1 primary and node2 secondary', deadline, (nodes) =>
        ['node1:primary', 'node2:secondary'].every((want) =>
          nodes.some((n) => `${n.name}:${n.reported}` === want && n.goal === n.reported),
        ),
      );
      await formation.waitUntil('node1 to replicate synchronously', deadline, async () => {
        const rows = await formation.query(
          formation.nodePorts[0],
          'tickmark',
          `SELECT current_setting('synchronous_standby_names') AS names`,
        );
        return String(rows[0]?.names ?? '') !== '';
      });
      return formation;
    } catch (err) {
      const output = formation.describeOutput();
      await formation.stop();
      throw new Error(`${(err as Error).message}\n${output}`, { cause: err });
    }
  }

  /**
   * The formation's connection string as pg_autoctl gives it (`show uri --formation default`):
   * both nodes with `target_session_attrs=read-write`, plus the user, and no TLS (loopback).
   */
  connectionString(): string {
    const shown = this.autoctl([
      'show',
      'uri',
      '--pgdata',
      this.pgdata('monitor'),
      '--formation',
      'default',
    ]);
    const url = shown
      .trim()
      .split(/\s+/)
      .find((word) => word.startsWith('postgres://'));
    if (url === undefined)
      throw new Error(`pg_autoctl show uri printed no formation URI:\n${shown}`);
    return url
      .replace('postgres://', 'postgres://postgres@')
      .replace(/sslmode=\w+/, 'sslmode=disable');
  }

  /** The nodes as the monitor sees them. */
  async nodes(): Promise<NodeState[]> {
    const rows = await this.query(
      this.monitorPort,
      'pg_auto_failover',
      `SELECT nodename AS name, nodeport AS port, reportedstate AS reported, goalstate AS goal
         FROM pgautofailover.node ORDER BY nodeid`,
    );
    return rows.map((r) => ({
      name: String(r.name),
      port: Number(r.port),
      reported: String(r.reported),
      goal: String(r.goal),
    }));
  }

  /** The node the monitor has as primary. */
  async primary(): Promise<NodeState> {
    const primary = (await this.nodes()).find((n) => n.reported === 'primary');
    if (primary === undefined) throw new Error('the monitor reports no primary');
    return primary;
  }

  /** SIGKILLs a node's pg_autoctl and its PostgreSQL together (its whole process group). */
  kill(name: string): void {
    const keeper = this.keepers.get(name);
    if (keeper?.child.pid === undefined) throw new Error(`no running node called ${name}`);
    process.kill(-keeper.child.pid, 'SIGKILL');
  }

  /** Waits, up to `deadline`, until the monitor's view of the nodes satisfies `ready`. */
  async waitFor(
    what: string,
    deadline: number,
    ready: (nodes: NodeState[]) => boolean,
  ): Promise<NodeState[]> {
    let last: NodeState[] = [];
    await this.waitUntil(
      what,
      deadline,
      async () => {
        last = await this.nodes();
        return ready(last);
      },
      () => JSON.stringify(last),
    );
    return last;
  }

  /** Runs one query on a node (or the monitor) as the postgres user over loopback. */
  async query(port: number, database: string, sql: string): Promise<Record<string, unknown>[]> {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database,
      connectionTimeoutMillis: 2000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /** What every pg_autoctl printed (the tail of each), for failure messages. */
  describeOutput(chars = 3000): string {
    return [...this.keepers.values()]
      .map(
        (k) =>
          `--- ${k.label} ---\n${k.output.length > chars ? `…${k.output.slice(-chars)}` : k.output}`,
      )
      .join('\n');
  }

  /** SIGKILLs every node at once (the test worker is going away). */
  killAll(): void {
    for (const keeper of this.keepers.values()) signalGroup(keeper.child, 'SIGKILL');
  }

  /**
   * Stops every node still running and removes the folder. SIGINT is a fast shutdown for both
   * pg_autoctl and PostgreSQL (SIGTERM would make PostgreSQL wait for its clients to leave);
   * SIGKILL after 15 s.
   */
  async stop(): Promise<void> {
    live.delete(this);
    const keepers = [...this.keepers.values()];
    for (const keeper of keepers) signalGroup(keeper.child, 'SIGINT');
    const timeout = sleep(15_000).then(() => 'timeout' as const);
    for (const keeper of keepers) {
      if ((await Promise.race([keeper.exited, timeout])) === 'timeout') {
        signalGroup(keeper.child, 'SIGKILL');
        await keeper.exited;
      }
    }
    await rm(this.dir, { recursive: true, force: true });
  }

  private pgdata(name: string): string {
    return join(this.dir, name);
  }

  private async startMonitor(deadline: number): Promise<void> {
    this.spawnKeeper('monitor', [
      'create',
      'monitor',
      ...this.commonOptions('monitor', this.monitorPort),
      '--run',
    ]);
    await this.waitUntil('the monitor to accept connections', deadline, async () => {
      const rows = await this.query(
        this.monitorPort,
        'pg_auto_failover',
        `SELECT count(*) AS n FROM pg_extension WHERE extname = 'pgautofailover'`,
      );
      return Number(rows[0]?.n) === 1;
    });
    // One statement per query: ALTER SYSTEM refuses to run inside a (multi-statement) transaction.
    for (const [name, value] of Object.entries(MONITOR_TUNING)) {
      await this.query(
        this.monitorPort,
        'pg_auto_failover',
        `ALTER SYSTEM SET ${name} = '${value}'`,
      );
    }
    await this.query(this.monitorPort, 'pg_auto_failover', 'SELECT pg_reload_conf()');
  }

  private async startNode(name: string, port: number): Promise<void> {
    const monitor = `postgres://autoctl_node@127.0.0.1:${this.monitorPort}/pg_auto_failover?sslmode=disable`;
    this.spawnKeeper(name, [
      'create',
      'postgres',
      ...this.commonOptions(name, port),
      '--name',
      name,
      '--dbname',
      'tickmark',
      '--monitor',
      monitor,
      '--run',
    ]);
  }

  private commonOptions(name: string, port: number): string[] {
    // Loopback only, no TLS (nothing leaves the machine), trust as the machine's own PostgreSQL.
    return [
      '--pgdata',
      this.pgdata(name),
      '--pgport',
      String(port),
      '--hostname',
      '127.0.0.1',
      '--listen',
      '127.0.0.1',
      '--auth',
      'trust',
      '--no-ssl',
    ];
  }

  /** pg_autoctl's environment: its config and state live in the formation's folder, not $HOME. */
  private env(): NodeJS.ProcessEnv {
    return {
      PATH: `${PG_BIN}:/usr/bin:/bin`,
      HOME: this.dir,
      XDG_CONFIG_HOME: join(this.dir, 'config'),
      XDG_DATA_HOME: join(this.dir, 'share'),
      XDG_RUNTIME_DIR: join(this.dir, 'run'),
      PG_CONFIG: join(PG_BIN, 'pg_config'),
      LANG: 'C.UTF-8',
    };
  }

  private command(args: readonly string[]): [string, string[]] {
    return isRoot
      ? [RUNUSER, ['-u', 'postgres', '--', PG_AUTOCTL, ...args]]
      : [PG_AUTOCTL, [...args]];
  }

  private spawnKeeper(label: string, args: readonly string[]): void {
    const [file, argv] = this.command(args);
    const child = spawn(file, argv, {
      env: this.env(),
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keeper: Keeper = {
      label,
      child,
      output: '',
      exited: new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.once('error', (err) => {
          keeper.output += `could not start: ${err.message}\n`;
          resolve();
        });
      }),
    };
    const append = (chunk: string) => {
      keeper.output = (keeper.output + chunk).slice(-200_000);
    };
    child.stdout?.setEncoding('utf8').on('data', append);
    child.stderr?.setEncoding('utf8').on('data', append);
    this.keepers.set(label, keeper);
  }

  private autoctl(args: readonly string[]): string {
    const [file, argv] = this.command(args);
    const result = spawnSync(file, argv, { env: this.env(), encoding: 'utf8', timeout: 20_000 });
    if (result.status !== 0) {
      throw new Error(`pg_autoctl ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
    }
    return result.stdout;
  }

  private async waitUntil(
    what: string,
    deadline: number,
    ready: () => Promise<boolean>,
    describe: () => string = () => '',
  ): Promise<void> {
    let lastError = '';
    for (;;) {
      try {
        if (await ready()) return;
      } catch (err) {
        lastError = (err as Error).message;
      }
      const dead = [...this.keepers.values()].find((k) => k.child.exitCode !== null);
      if (dead !== undefined && !this.killedOnPurpose(dead)) {
        throw new Error(`pg_autoctl ${dead.label} exited while waiting for ${what}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what} (${describe() || lastError})`);
      }
      await sleep(200);
    }
  }

  private killedOnPurpose(keeper: Keeper): boolean {
    return keeper.child.signalCode === 'SIGKILL';
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}

function postgresUid(): number {
  return Number(spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).stdout.trim());
}

function postgresGid(): number {
  return Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
}

const live = new Set<HaFormation>();
/** Last resort when the test worker goes away mid-test: no PostgreSQL is left running. */
process.once('exit', () => {
  for (const formation of live) {
    formation.killAll();
  }
});
