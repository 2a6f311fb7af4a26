/**
 * `npm run cli -- setup` run as the real process against a temporary built-in database folder: bad options
 * are refused naming the option with nothing written; the password comes from standard input (or
 * TICKMARK_ADMIN_PASSWORD), never an argument; the admin it creates can sign in; a second setup
 * is refused.
 */
import { spawn } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEmbeddedDatabase } from '../../src/server/db/embeddedDatabase';
import { prepareDatabase } from '../../src/server/prepareDatabase';
import { createTestApp, TestClient } from './fixtures';

// Each run starts a process that starts the folder's PostgreSQL: seconds, tens on two busy cores.
const SLOW = 240_000;
const TSX = join(import.meta.dirname, '../../node_modules/.bin/tsx');
const MAIN = join(import.meta.dirname, '../../src/server/cli/main.ts');
const PASSWORD = 'marmalade thistle compass harbour';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tickmark-setup-cli-'));
  // Run as root, the built-in PostgreSQL runs as `postgres`, which must enter the folder.
  await chmod(dir, 0o755);
}, SLOW);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(
  args: readonly string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, ...options.env };
    delete env.DATABASE_URL;
    if (options.env?.TICKMARK_ADMIN_PASSWORD === undefined) delete env.TICKMARK_ADMIN_PASSWORD;
    const child = spawn(TSX, [MAIN, 'setup', ...args, '--data-dir', join(dir, 'db')], {
      env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

const ARGS = [
  '--org',
  'Northgate Schools Trust',
  '--school',
  'Northgate Academy',
  '--urn',
  '140001',
  '--la',
  '916',
  '--estab',
  '4001',
  '--tz',
  'Europe/London',
  '--admin-email',
  'head@northgate.example',
  '--admin-name',
  'Grace Hopper',
];

async function withDb<T>(
  fn: (db: Awaited<ReturnType<typeof openEmbeddedDatabase>>) => Promise<T>,
): Promise<T> {
  const db = await openEmbeddedDatabase(join(dir, 'db'));
  try {
    await prepareDatabase(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

const organisations = () =>
  withDb(async (db) => (await db.query<{ name: string }>('SELECT name FROM organisation')).rows);

describe('npm run cli -- setup', () => {
  it(
    'refuses bad options naming each, and writes nothing',
    async () => {
      const bad = [...ARGS];
      bad[bad.indexOf('140001')] = '14000';
      bad[bad.indexOf('916')] = 'abc';
      const result = await cli(bad, { stdin: `${PASSWORD}\n` });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--urn must be the 6-digit unique reference number');
      expect(result.stderr).toContain('--la must be the 3-digit local-authority number');
      expect(await organisations()).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses a password given as an argument',
    async () => {
      const result = await cli([...ARGS, '--password', PASSWORD]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("Unknown option '--password'");
      expect(await organisations()).toEqual([]);
    },
    SLOW,
  );

  it(
    'refuses a guessable password from TICKMARK_ADMIN_PASSWORD, and writes nothing',
    async () => {
      const result = await cli(ARGS, { env: { TICKMARK_ADMIN_PASSWORD: 'Password1234!' } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('The password is too easy to guess');
      expect(await organisations()).toEqual([]);
    },
    SLOW,
  );

  it(
    'sets up the trust, school and admin from standard input, and the admin can sign in',
    async () => {
      const result = await cli(ARGS, { stdin: `${PASSWORD}\n` });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Set up Northgate Schools Trust: school Northgate Academy');
      await withDb(async (db) => {
        const { rows } = await db.query<{ urn: string; dfe_number: string; role: string }>(
          'SELECT s.urn, s.dfe_number, r.role FROM school s JOIN staff_role r ON r.school_id = s.id',
        );
        expect(rows).toEqual([{ urn: '140001', dfe_number: '916/4001', role: 'admin' }]);
        const { app } = createTestApp(db);
        const session = await new TestClient(app).signIn({
          email: 'head@northgate.example',
          password: PASSWORD,
        });
        expect(session.school.name).toBe('Northgate Academy');
      });
    },
    SLOW,
  );

  it(
    'refuses a second setup',
    async () => {
      const result = await cli(ARGS, { env: { TICKMARK_ADMIN_PASSWORD: PASSWORD } });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('already set up');
      expect(await organisations()).toEqual([{ name: 'Northgate Schools Trust' }]);
    },
    SLOW,
  );
});
