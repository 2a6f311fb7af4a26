/**
 * Once per run of the e2e project: build the PWA if `dist/client` has none, choose the school day
 * (schoolDay.ts) and seed the demo school for it into a template built-in database folder. Each
 * test file copies the template for its own server (creating and seeding a database takes
 * seconds on two cores; copying one takes a fraction of a second). The template is removed at the end of the run.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PRODUCTION_PASSWORD_PARAMS } from '../../../src/server/auth/password';
import { openEmbeddedDatabase } from '../../../src/server/db/embeddedDatabase';
import { prepareDatabase } from '../../../src/server/prepareDatabase';
import { seedDemoIfEmpty } from '../../../src/server/demo/seedDemo';
import { ensureClientBuilt } from './build';
import { chooseSchoolDay } from './schoolDay';

let root: string | null = null;

export async function setup(project: TestProject): Promise<void> {
  ensureClientBuilt();
  const day = chooseSchoolDay(new Date());
  root = await mkdtemp(join(tmpdir(), 'tickmark-e2e-template-'));
  // Run as root, the built-in PostgreSQL runs as `postgres`, which must enter the folder.
  await chmod(root, 0o755);
  const dataDir = join(root, 'data');
  try {
    const db = await openEmbeddedDatabase(dataDir);
    try {
      await prepareDatabase(db);
      const seeded = await seedDemoIfEmpty(db, day.seedAt, PRODUCTION_PASSWORD_PARAMS);
      if (!seeded.seeded) throw new Error('The new template folder already had a school.');
    } finally {
      await db.close();
    }
  } catch (err) {
    await teardown();
    throw err;
  }
  // Built there by the first file that deploys a new version (build.ts, newBuildOfRun).
  project.provide('e2eNewBuildDir', join(root, 'new-build'));
  project.provide('e2eSchoolDay', {
    date: day.date,
    seedAt: day.seedAt.toISOString(),
    templateDataDir: dataDir,
  });
}

export async function teardown(): Promise<void> {
  if (root !== null) await rm(root, { recursive: true, force: true });
  root = null;
}
