/**
 * Building the PWA for the browser tests, with Vite as `npm run build` runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../../process/serverProcess';

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

function withoutTestEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined || key === 'NODE_ENV' || key === 'TEST' || key.startsWith('VITEST'))
      continue;
    clean[key] = value;
  }
  return clean;
}
