/**
 * Building the PWA for the browser tests, with Vite as `npm run build` runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { REPO_ROOT, waitUntil } from '../../process/serverProcess';

/**
 * The built PWA the browser tests serve: `dist/client`, or `E2E_CLIENT_DIR` when set (so two
 * people building and testing side by side on one checkout do not overwrite each other's build).
 */
export const BUILT_CLIENT_DIR = process.env.E2E_CLIENT_DIR ?? join(REPO_ROOT, 'dist', 'client');

/**
 * Builds the PWA when `dist/client` has none (the test runner builds it before this stage; a
 * lone `vitest run --project e2e` may not have).
 */
export function ensureClientBuilt(): void {
  if (existsSync(join(BUILT_CLIENT_DIR, 'index.html'))) return;
  buildClient(
    process.env.E2E_CLIENT_DIR === undefined ? [] : ['--outDir', BUILT_CLIENT_DIR, '--emptyOutDir'],
  );
}

/** Runs `vite build` with extra arguments (e.g. `--outDir`, `--config`); throws on failure. */
export function buildClient(args: readonly string[], env: Record<string, string> = {}): void {
  // workbox-build leaves a scratch folder in the temp folder on every build: give it one of its
  // own, removed afterwards.
  const scratch = mkdtempSync(join(tmpdir(), 'tickmark-e2e-build-'));
  let result;
  try {
    result = spawnSync(
      join(REPO_ROOT, 'node_modules', '.bin', 'vite'),
      ['build', '--logLevel', 'warn', ...args],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        // NODE_ENV=test (set by Vitest) would change what Vite builds.
        env: { ...withoutTestEnv(process.env), TMPDIR: scratch, ...env },
      },
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  if (result.status !== 0) {
    throw new Error(`vite build ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/**
 * The next version of the app (a `vite build` with `args` and `env`, e.g. another config), built
 * once per run of the project into the folder its global setup gave (`e2eNewBuildDir`) and shared
 * by every file that deploys it: two files running side by side wait for one build rather than
 * each making their own. Another build of the run (another config) gives its own `name`, and is
 * built beside it. Returns the folder; copy it, never change it.
 */
export async function newBuildOfRun(
  args: readonly string[],
  env: Record<string, string>,
  name?: string,
): Promise<string> {
  const dir = name === undefined ? inject('e2eNewBuildDir') : `${inject('e2eNewBuildDir')}-${name}`;
  const failed = `${dir}.failed`;
  let builder = false;
  try {
    // Whoever makes the claim folder first builds; mkdir fails for everyone after.
    await mkdir(`${dir}.claim`);
    builder = true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  if (builder) {
    const part = `${dir}.part`;
    try {
      buildClient([...args, '--outDir', part, '--emptyOutDir'], env);
      // A rename is atomic: a folder at `dir` is always a whole build.
      await rename(part, dir);
    } catch (err) {
      await writeFile(failed, (err as Error).message);
      await rm(part, { recursive: true, force: true });
      throw err;
    }
    return dir;
  }
  await waitUntil(
    () => existsSync(dir) || existsSync(failed),
    240_000,
    'the next version of the app, which another test file is building',
  );
  if (existsSync(failed)) {
    throw new Error(`Building the next version failed:\n${await readFile(failed, 'utf8')}`);
  }
  return dir;
}

function withoutTestEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key === 'NODE_ENV' || key === 'TEST' || key.startsWith('VITEST'))
      continue;
    clean[key] = value;
  }
  return clean;
}
