/**
 * The built-in PostgreSQL runs in a process group of its own (so a Ctrl+C reaches the server,
 * which stops it in order), so a test that SIGKILLs a server's group leaves that PostgreSQL
 * running. The server's next start on the folder stops it (that is under test); when no next
 * start comes, the clean-up stops it here, before the folder is removed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { clearStalePostmaster } from '../../src/server/db/embedded/stalePostmaster';

/** Data folders (holding `postmaster.pid`) up to three levels under `dir`. */
export function runningDataDirs(dir: string, depth = 3): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found = entries.some((e) => e.name === 'postmaster.pid') ? [dir] : [];
  if (depth === 0) return found;
  for (const entry of entries) {
    if (entry.isDirectory()) found.push(...runningDataDirs(join(dir, entry.name), depth - 1));
  }
  return found;
}

/** The postmaster's process id in `dataDir`, or null. */
export function postmasterPid(dataDir: string): number | null {
  try {
    const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Stops (a fast shutdown) every PostgreSQL still running on a folder under `dir`. */
export async function stopDatabasesUnder(dir: string): Promise<void> {
  await Promise.all(runningDataDirs(dir).map((dataDir) => clearStalePostmaster(dataDir)));
}

/** The last resort when the test worker exits: an immediate shutdown, sent synchronously. */
export function quitDatabasesUnder(dir: string): void {
  for (const dataDir of runningDataDirs(dir)) {
    const pid = postmasterPid(dataDir);
    if (pid === null) continue;
    try {
      process.kill(pid, 'SIGQUIT');
    } catch {
      // Gone already.
    }
  }
}
