/** Runs the ops commands (src/server/ops) and the CLI as an operator would: `tsx`, settings in the env. */
import { spawn } from 'node:child_process';
import { REPO_ROOT } from './serverProcess';

export interface CommandResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node --import tsx src/server/ops/<name>.ts ...args` with `env` as the server settings. */
export function runOps(
  name: 'backup' | 'restore',
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CommandResult> {
  return runScript(`src/server/ops/${name}.ts`, args, env);
}

/** `npm run cli -- ...args` as `node --import tsx src/server/cli/main.ts`, settings in `env`. */
export function runCli(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CommandResult> {
  return runScript('src/server/cli/main.ts', args, env);
}

function runScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<CommandResult> {
  const base: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (['DATA_DIR', 'DATABASE_URL', 'NODE_ENV', 'TEST'].includes(key)) continue;
    if (key.startsWith('VITEST')) continue;
    base[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: REPO_ROOT,
      env: { ...base, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
