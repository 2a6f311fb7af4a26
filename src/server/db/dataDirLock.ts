/**
 * One owner for the built-in database's folder. The built-in PostgreSQL is started and stopped by
 * the one Tickmark process that owns the folder: a second process on the same folder would stop
 * or take over the first one's database, or (as with the earlier in-process engine) write the same
 * pages and hand out the same event numbers, and acknowledged marks would vanish at the next start
 * with no error anywhere. So every process that
 * opens the folder (the server, the CLI, backup and restore) first takes `<folder>.lock`, beside
 * the folder, and a second one is refused before it opens or writes anything.
 *
 * The lock file names its owner: process id, host, the kernel's boot id and the process's start
 * time in clock ticks (`/proc/<pid>/stat`). A lock is stale, and is taken over, only when that
 * exact process is gone: its id is not running, or is running a different process started at
 * another time (an id the kernel has handed out again), or has exited and not yet been collected
 * by its parent (a zombie), or the machine has restarted since. There
 * is no time limit and no heartbeat, so an owner busy for minutes inside one long write is never
 * taken for dead. A lock written on another host cannot be checked from here and is never taken
 * over. Without `/proc` (macOS, Windows) the check falls back to whether the process id runs.
 *
 * The file is made complete under a temporary name and hard-linked into place, so nobody ever
 * reads half a lock, and of two processes linking at once exactly one succeeds. A stale lock is
 * removed only under a guard named after it (`<lock>.takeover-<its nonce>`, also linked), and only
 * if it is still in place, so two processes taking over at once cannot both win.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { link, mkdir, open, realpath, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';

export class DataDirLockedError extends Error {
  override readonly name = 'DataDirLockedError';
}

const ownerSchema = z.object({
  pid: z.number().int().positive(),
  host: z.string(),
  bootId: z.string().nullable(),
  startTicks: z.string().nullable(),
  startedAt: z.string(),
  nonce: z.string(),
  command: z.string(),
});
export type LockOwner = z.infer<typeof ownerSchema>;

export interface DataDirLock {
  /** The lock file, `<data folder>.lock`. */
  readonly path: string;
  /** The dead process whose stale lock was taken over, if any. */
  readonly tookOverFrom: LockOwner | null;
  /** Removes the lock if it is still this process's own. */
  release(): Promise<void>;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Fields 3 onwards of /proc/<pid>/stat (field 3 is the state, 22 the start time), or null. */
function procStat(pid: number): string[] | null {
  const stat = readText(`/proc/${pid}/stat`);
  // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
  return stat === null ? null : stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks after boot. */
export function processStartTicks(pid: number): string | null {
  return procStat(pid)?.[19] ?? null;
}

/** Whether process `pid` runs on this machine (an exited process its parent has not collected does not). */
export function processIsRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: the id runs, as another user.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const state = procStat(pid)?.[0];
  return state !== 'Z' && state !== 'X';
}

function bootId(): string | null {
  return readText('/proc/sys/kernel/random/boot_id');
}

/** Whether the process `owner` names is still running on this machine. */
export function ownerIsAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // cannot be checked from here: never taken over
  const boot = bootId();
  if (boot !== null && owner.bootId !== null && boot !== owner.bootId) return false;
  // A zombie has exited; only its parent has not collected it (or, in a container, nobody will).
  if (!processIsRunning(owner.pid)) return false;
  const fields = procStat(owner.pid);
  const ticks = fields?.[19] ?? null;
  if (ticks !== null && owner.startTicks !== null && ticks !== owner.startTicks) return false;
  return true;
}

/** `<folder>.lock` beside the folder, by its real path, so every spelling of it finds one lock. */
async function lockPathOf(dataDir: string): Promise<string> {
  const absolute = resolve(dataDir);
  if (existsSync(absolute)) return `${await realpath(absolute)}.lock`;
  await mkdir(dirname(absolute), { recursive: true });
  return join(await realpath(dirname(absolute)), `${basename(absolute)}.lock`);
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } catch {
    // Some systems cannot fsync a folder; the lock file's own fsync is what matters most.
  } finally {
    await handle.close();
  }
}

function describeOwner(owner: LockOwner): string {
  return `process ${owner.pid} on ${owner.host} (${owner.command}), started ${owner.startedAt}`;
}

function lockedMessage(dataDir: string, lockPath: string, owner: LockOwner): string {
  const local = owner.host === hostname();
  return (
    `The database folder ${resolve(dataDir)} is in use by another Tickmark process: ${describeOwner(owner)}. ` +
    'Only one process may use the built-in database at a time, or marks are lost. ' +
    (local
      ? 'Stop that process first (or use it), or set DATA_DIR to another folder.'
      : `That host's processes cannot be checked from here: stop Tickmark there, or, if you are sure nothing runs there, delete ${lockPath}.`)
  );
}

async function readOwner(
  lockPath: string,
): Promise<{ owner: LockOwner; ino: number } | 'gone' | 'unreadable'> {
  let handle;
  try {
    handle = await open(lockPath, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw err;
  }
  try {
    const { ino } = await handle.stat();
    const text = await handle.readFile('utf8');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return 'unreadable';
    }
    const owner = ownerSchema.safeParse(parsed);
    return owner.success ? { owner: owner.data, ino } : 'unreadable';
  } finally {
    await handle.close();
  }
}

/**
 * Takes the lock on `dataDir` for this process, or throws {@link DataDirLockedError} naming the
 * process that holds it. Writes nothing inside the folder, and nothing at all when refused.
 */
export async function lockDataDir(dataDir: string, command: string): Promise<DataDirLock> {
  const lockPath = await lockPathOf(dataDir);
  const nonce = randomUUID();
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    bootId: bootId(),
    startTicks: processStartTicks(process.pid),
    startedAt: new Date().toISOString(),
    nonce,
    command,
  };
  const temp = `${lockPath}.${nonce}.tmp`;
  const handle = await open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(`${JSON.stringify(me)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  let tookOverFrom: LockOwner | null = null;
  try {
    for (let attempt = 0; attempt < 100; attempt += 1) {
      try {
        await link(temp, lockPath);
        await syncFolder(dirname(lockPath));
        return { path: lockPath, tookOverFrom, release: () => releaseLock(lockPath, nonce) };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const current = await readOwner(lockPath);
      if (current === 'gone') continue;
      if (current === 'unreadable')
        throw new DataDirLockedError(unreadableMessage(dataDir, lockPath));
      if (ownerIsAlive(current.owner)) {
        throw new DataDirLockedError(lockedMessage(dataDir, lockPath, current.owner));
      }
      // Stale. Only the holder of this stale lock's own takeover guard may remove it, and only
      // while it is still in place: so it is removed once, and never a live lock put there since.
      const guard = `${lockPath}.takeover-${current.owner.nonce}`;
      try {
        await link(temp, guard);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        const holder = await readOwner(guard);
        if (holder !== 'gone' && (holder === 'unreadable' || !ownerIsAlive(holder.owner))) {
          throw new DataDirLockedError(
            `A process that was taking over the stale lock ${lockPath} stopped half way. Make sure no Tickmark process runs on ${resolve(dataDir)}, then delete ${lockPath} and ${guard}, and start again.`,
          );
        }
        await sleep(20); // another process is taking over right now
        continue;
      }
      try {
        const still = await readOwner(lockPath);
        if (typeof still === 'object' && still.owner.nonce === current.owner.nonce) {
          await unlink(lockPath);
          tookOverFrom = current.owner;
        }
      } finally {
        await unlink(guard);
      }
    }
    throw new DataDirLockedError(
      `Could not take the lock ${lockPath}: other processes kept changing it. Make sure only one Tickmark process starts on ${resolve(dataDir)}, then try again.`,
    );
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

function unreadableMessage(dataDir: string, lockPath: string): string {
  return (
    `The lock file ${lockPath} cannot be read, so it is not known whether another Tickmark process uses ${resolve(dataDir)}. ` +
    'Make sure no Tickmark server, CLI command, backup or restore is running on it, then delete the lock file and start again.'
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

async function releaseLock(lockPath: string, nonce: string): Promise<void> {
  const current = await readOwner(lockPath);
  if (typeof current === 'object' && current.owner.nonce === nonce) await unlink(lockPath);
}
