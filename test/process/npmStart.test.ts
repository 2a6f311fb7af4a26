/**
 * `npm start` on a fresh data folder builds the PWA, opens the demo school,
 * prints its address and the demo sign-ins, and those work over HTTP. The server started again on
 * the same folder keeps the data and does not seed the demo school again.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sessionResponseSchema } from '../../src/shared/api/authSchemas';
import { ROUTES } from '../../src/shared/api/routes';
import { Browser, expectStatus } from './httpClient';
import { cleanUpProcesses, freePort, makeTempDir, REPO_ROOT, startServer } from './serverProcess';
import { fetchSnapshot, pullAll } from './syncDevice';

afterEach(cleanUpProcesses);

const SEEDED_LOG_LINE = 'created the demo school';

interface PrintedSignIn {
  readonly role: string;
  readonly email: string;
  readonly name: string;
  readonly password: string;
}

/** The demo sign-ins as main.ts prints them: a password line, then `role  email  (name)` lines. */
/** The server's JSON log entries; other lines on standard error (npm's own) are skipped. */
function logEntries(stderr: string): unknown[] {
  return stderr
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as unknown);
}

function printedSignIns(stdout: string): PrintedSignIn[] {
  const password = /Demo sign-ins \(password for each: (.+)\):/.exec(stdout)?.[1];
  if (password === undefined) throw new Error(`no demo sign-ins were printed:\n${stdout}`);
  return [...stdout.matchAll(/^\s+(\w+)\s+(\S+@\S+)\s+\((.+)\)\s*$/gm)].map((m) => ({
    role: m[1] ?? '',
    email: m[2] ?? '',
    name: m[3] ?? '',
    password,
  }));
}

/**
 * `npm start` installs the dependencies first when node_modules is older than the lock file
 * (.ci/ensureDeps.mjs). From inside a test run that would replace the very modules Vitest is
 * running from, so refuse plainly instead; `npm test` brings them up to date before this runs.
 */
function assertDependenciesCurrent(): void {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    const path = join(REPO_ROOT, file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  const stamp = join(REPO_ROOT, 'node_modules', '.tickmark-deps');
  const current = existsSync(stamp) ? readFileSync(stamp, 'utf8').trim() : '';
  if (current !== hash.digest('hex')) {
    throw new Error(
      'npm start would reinstall the dependencies (node_modules/.tickmark-deps is missing or stale), which must not happen under a running test. Run `node .ci/ensureDeps.mjs` (or `npm test`) first.',
    );
  }
}

describe('npm start', () => {
  it('builds the app, seeds the demo school once, and its printed sign-in works over HTTP', async () => {
    assertDependenciesCurrent();
    const dataDir = await makeTempDir('tickmark-npm-start-');
    const port = await freePort();
    const env = { PORT: String(port), DATA_DIR: dataDir };

    const first = await startServer({ command: 'npm-start', env, label: 'npm start (first)' });
    expect(first.url).toBe(`http://localhost:${port}`);
    expect(first.stderr).toContain(SEEDED_LOG_LINE);

    const signIns = printedSignIns(first.stdout);
    expect(signIns.map((s) => s.role)).toEqual(
      expect.arrayContaining(['teacher', 'office', 'attendance_lead', 'admin']),
    );
    const teacher = signIns.find((s) => s.role === 'teacher');
    if (teacher === undefined) throw new Error('no teacher sign-in was printed');

    // Sign in exactly as printed, at the printed address (localhost, the server's own origin).
    const browser = new Browser();
    const signInRes = await browser.post(first.url, ROUTES.signIn, {
      email: teacher.email,
      password: teacher.password,
    });
    const session = sessionResponseSchema.parse(expectStatus(signInRes, 200, 'teacher sign-in'));
    expect(session.staff.name).toBe(teacher.name);
    expect(session.staff.email).toBe(teacher.email);
    expect(session.roles.map((r) => r.role)).toContain('teacher');
    expect([...browser.cookies.keys()].sort()).toEqual(['tickmark_device', 'tickmark_session']);

    // The same process serves the PWA that `npm start` just built.
    const page = await browser.get(first.url, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toBe(readFileSync(join(REPO_ROOT, 'dist', 'client', 'index.html'), 'utf8'));

    const health = await browser.get(first.url, ROUTES.health);
    expect(expectStatus(health, 200, 'health')).toEqual({ status: 'ok', database: 'built-in' });

    const roster1 = (await fetchSnapshot(browser, first.url)).roster;
    const log1 = await pullAll(browser, first.url);
    expect(roster1.pupils.length).toBeGreaterThanOrEqual(150);
    expect(roster1.pupils.length).toBeLessThanOrEqual(250);
    expect(log1.headSeq).toBeGreaterThan(0);

    // SIGTERM to the whole group (npm, sh, tsx, node): the server closes its database and exits,
    // and nothing is left running.
    await first.stop('SIGTERM');
    expect(logEntries(first.stderr)).toContainEqual(
      expect.objectContaining({ level: 'info', msg: 'stopping', signal: 'SIGTERM' }),
    );
    expect(first.groupAlive()).toBe(false);
    // The server stopped its PostgreSQL before it exited (PostgreSQL removes the file at its end).
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);

    // The second start is the server alone: building the app again would prove nothing more
    // about the data kept, and costs a build.
    const second = await startServer({ env, label: 'server (second start)' });
    expect(second.url).toBe(`http://localhost:${port}`);
    expect(second.stderr).not.toContain(SEEDED_LOG_LINE);
    expect(printedSignIns(second.stdout)).toEqual(signIns);

    // The session from the first run lives in the database, so it is still good.
    const me = await browser.get(second.url, ROUTES.me);
    expect(sessionResponseSchema.parse(expectStatus(me, 200, 'me after restart')).staff.id).toBe(
      session.staff.id,
    );
    const roster2 = (await fetchSnapshot(browser, second.url)).roster;
    const log2 = await pullAll(browser, second.url);
    expect(roster2.pupils.length).toBe(roster1.pupils.length);
    expect(roster2.pupils.map((p) => p.id).sort()).toEqual(roster1.pupils.map((p) => p.id).sort());
    expect(log2.headSeq).toBe(log1.headSeq);
    expect(log2.events.length).toBe(log1.events.length);

    await second.stop('SIGTERM');
    expect(second.groupAlive()).toBe(false);
  });
});
