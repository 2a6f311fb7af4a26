/**
 * A created, empty built-in database folder for the process tests, made once per run by the
 * process project's global setup (vite.config.ts) and copied for each test that needs a folder
 * with a database in it but is not about creating one. Creating a database (initdb) costs seconds
 * on a quiet two-core machine and tens of seconds on a busy one; copying the result costs a
 * fraction of a second. The folder is created exactly as the server creates one
 * (`startEmbeddedCluster`: `initdb --data-checksums` and the rest), started once and stopped
 * cleanly, and holds no Tickmark tables: the server that starts on a copy migrates it and seeds
 * the demo school itself, as on a first start.
 *
 * The tests of a first start on an empty folder (npmStart.test.ts, the settings test in
 * builtInDatabase.test.ts) still give the server an empty folder, so the server's own initdb
 * stays under test.
 */
import { chmod, cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { startEmbeddedCluster } from '../../src/server/db/embedded/embeddedCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A created, stopped, empty built-in database folder (builtInTemplate.ts). */
    processTemplateDataDir: string;
  }
}

let root: string | null = null;

export async function setup(project: TestProject): Promise<void> {
  root = await mkdtemp(join(tmpdir(), 'tickmark-process-template-'));
  // Run as root, the built-in PostgreSQL runs as `postgres`, which must enter the folder.
  await chmod(root, 0o755);
  const dataDir = join(root, 'data');
  try {
    const cluster = await startEmbeddedCluster(dataDir);
    await cluster.stop();
  } catch (err) {
    await teardown();
    throw err;
  }
  project.provide('processTemplateDataDir', dataDir);
}

export async function teardown(): Promise<void> {
  if (root !== null) await rm(root, { recursive: true, force: true });
  root = null;
}

/**
 * Fills `dataDir` (new, or an existing empty folder) with a copy of the run's created database
 * folder, and returns it: a server started on it skips initdb and starts as on a first run.
 */
export async function copyCreatedDataDir(dataDir: string): Promise<string> {
  return copyDataDir(inject('processTemplateDataDir'), dataDir);
}

/**
 * Copies a stopped built-in database folder to `dataDir` (new, or an existing empty folder) and
 * returns it. Run as root, the copy is root's until the server gives it to `postgres`, which must
 * be able to enter it before then, as it can a folder the server made.
 */
export async function copyDataDir(from: string, dataDir: string): Promise<string> {
  await mkdir(dataDir, { recursive: true });
  await chmod(dataDir, 0o755);
  await cp(from, dataDir, { recursive: true });
  return dataDir;
}
