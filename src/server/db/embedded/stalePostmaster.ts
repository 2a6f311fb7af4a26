/**
 * A Tickmark server that was killed (SIGKILL, an out-of-memory kill, a crash) cannot stop its
 * PostgreSQL: that child goes on running, holding the data folder through `postmaster.pid`, and
 * the next start would be refused. The caller holds the folder's Tickmark lock (dataDirLock.ts),
 * and that lock was free, so no live Tickmark owns this folder: a postmaster still running on it
 * is an orphan, and is stopped here the way PostgreSQL stops cleanly (a fast shutdown: open
 * transactions rolled back, committed ones kept, a checkpoint). A `postmaster.pid` whose process
 * is gone, or is some other program that was given the same id, is removed, so PostgreSQL does
 * its crash recovery instead of refusing to start.
 */
import { readFileSync } from 'node:fs';
import { readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../logger';
import { processIsRunning } from '../dataDirLock';
import { EmbeddedPostgresError } from './postgresBinaries';

const POLL_MS = 50;
/** A fast shutdown writes a checkpoint: seconds on a busy machine, never minutes. */
const FAST_SHUTDOWN_MS = 60_000;
/** An immediate shutdown only tells the server processes to quit (recovery runs at the start). */
const IMMEDIATE_SHUTDOWN_MS = 15_000;

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  const until = Date.now() + withinMs;
  while (Date.now() < until) {
    if (!processIsRunning(pid)) return true;
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
  return !processIsRunning(pid);
}

/** Stops an orphaned postmaster on `dataDir`, or removes a stale `postmaster.pid`. */
export async function clearStalePostmaster(dataDir: string, logger?: Logger): Promise<void> {
  const pidFile = join(dataDir, 'postmaster.pid');
  const text = await readFile(pidFile, 'utf8').catch(() => null);
  if (text === null) return;
  const pid = Number(text.split('\n')[0]);
  const isPostmaster =
    Number.isSafeInteger(pid) &&
    pid > 0 &&
    processIsRunning(pid) &&
    // Without /proc (macOS) the id alone is trusted, as PostgreSQL itself does.
    (commandLine(pid) === '' || commandLine(pid).includes('postgres'));
  if (!isPostmaster) {
    await unlink(pidFile).catch(() => undefined);
    logger?.warn('removed a stale postmaster.pid left by a stopped database', { pid });
    return;
  }
  logger?.warn('stopping the database a stopped Tickmark process left running', { pid });
  process.kill(pid, 'SIGINT');
  if (await exited(pid, FAST_SHUTDOWN_MS)) return;
  process.kill(pid, 'SIGQUIT');
  if (await exited(pid, IMMEDIATE_SHUTDOWN_MS)) return;
  throw new EmbeddedPostgresError(
    `A PostgreSQL process (${pid}) left running on ${dataDir} by a stopped Tickmark process does not stop. Stop it (kill ${pid}), then start Tickmark again.`,
  );
}
