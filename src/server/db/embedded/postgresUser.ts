/**
 * PostgreSQL refuses to run as root. When Tickmark is started as root (a container, a quick try on
 * a server), the built-in database runs as the operating-system user `postgres` instead: the data
 * folder is made that user's (owner, mode 0700, as PostgreSQL demands), and every folder above it
 * and above the programs must let that user through. What this means for an operator is in
 * README.md ("npm start").
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { chmod, lchown, readdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EmbeddedPostgresError } from './postgresBinaries';

export interface RunAs {
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
}

function idOf(flag: '-u' | '-g' | '-G'): string {
  return execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: 'pipe' }).trim();
}

/** The `postgres` user when this process is root (else null: PostgreSQL runs as this user). */
export function postgresRunAs(): RunAs | null {
  if (process.getuid?.() !== 0) return null;
  try {
    return {
      uid: Number(idOf('-u')),
      gid: Number(idOf('-g')),
      groups: idOf('-G').split(/\s+/).map(Number),
    };
  } catch {
    throw new EmbeddedPostgresError(
      'Tickmark was started as root, and PostgreSQL never runs as root: the built-in database runs as the user "postgres", ' +
        'which does not exist here. Create it (useradd --system --user-group postgres), or start Tickmark as an ordinary user.',
    );
  }
}

/** Whether `user` may pass through the folder `path` (search permission). */
function canEnter(path: string, user: RunAs): boolean {
  const { mode, uid, gid } = statSync(path);
  if (uid === user.uid) return (mode & 0o100) !== 0;
  if (user.groups.includes(gid) || gid === user.gid) return (mode & 0o010) !== 0;
  return (mode & 0o001) !== 0;
}

/**
 * Refuses, naming the folder and the fix, when `user` cannot reach `target` (a folder or a file)
 * through every folder above it. PostgreSQL's own error for this names neither.
 */
export function assertReachable(target: string, user: RunAs, what: string): void {
  let folder = dirname(resolve(target));
  for (;;) {
    if (!canEnter(folder, user)) {
      throw new EmbeddedPostgresError(
        `The built-in database runs as the user "postgres" (Tickmark was started as root), and that user cannot enter ${folder}, ` +
          `which holds ${what}. Let it through (chmod o+x ${folder}), or put the data elsewhere with DATA_DIR, or start Tickmark as an ordinary user.`,
      );
    }
    const up = dirname(folder);
    if (up === folder) return;
    folder = up;
  }
}

/** Gives `folder` and everything in it to `user`: a copied or restored folder is root's. */
export async function giveFolderTo(folder: string, user: RunAs): Promise<void> {
  await lchown(folder, user.uid, user.gid);
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await giveFolderTo(path, user);
    else await lchown(path, user.uid, user.gid);
  }
}

/** PostgreSQL refuses a data folder that others can read. */
export async function makePrivate(folder: string): Promise<void> {
  await chmod(folder, 0o700);
}
