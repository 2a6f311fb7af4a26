// `npm test`: the whole suite, the checks first (format, types, lint and the dependency rules, side
// by side), then the tests, stopping at the first failure. The in-process server suite always
// runs, on the machine's PostgreSQL or on a built-in one it starts itself
// (test/server/testPostgres.ts). The process tests that need a PostgreSQL server, the browser
// tests (Chromium, WebKit) and the failover test (pg_auto_failover) run when those are here; when
// one is missing it says so plainly and runs the rest — except under CI=true, where a missing one
// fails.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

// How long each step took, printed at the end: wall time, and on Linux the CPU time of the
// processes it ran (children's user + system time from /proc, counted once they have exited), so
// two runs on a machine busy with other work can still be compared like with like.
const timings = [];
function childCpuSeconds() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    // cutime and cstime are fields 16 and 17 of stat(5), counted from the state (field 3).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}
function timed(title, step) {
  const startedAt = Date.now();
  const cpuBefore = childCpuSeconds();
  const result = step();
  const cpuAfter = childCpuSeconds();
  timings.push({
    title,
    wall: (Date.now() - startedAt) / 1000,
    cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
  });
  return result;
}
function printTimings() {
  if (timings.length === 0) return;
  console.log('\nTime taken (wall; CPU of the processes run):');
  for (const { title, wall, cpu, concurrent } of timings) {
    const cpuText = cpu === null ? '' : `; ${cpu.toFixed(0).padStart(4)} s CPU`;
    const note = concurrent ? ' (at once with the other checks)' : '';
    console.log(`  ${wall.toFixed(0).padStart(4)} s${cpuText}  ${title}${note}`);
  }
  // Steps run at once are counted once, in the line that covers them all.
  const wall = timings.filter((t) => !t.concurrent).reduce((sum, t) => sum + t.wall, 0);
  console.log(`  ${wall.toFixed(0).padStart(4)} s in all`);
}
const isCi = process.env.CI === 'true';
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const postgresUrl =
  process.env.TICKMARK_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function run(title, command, args, env = {}) {
  console.log(`\n▶ ${title}`);
  const result = timed(title, () =>
    spawnSync(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, ...env },
    }),
  );
  if (result.status !== 0) {
    console.error(`\n✖ ${title} failed.`);
    printTimings();
    process.exit(result.status ?? 1);
  }
}

/**
 * Runs the checks side by side, each one's output held back and printed whole when it ends (so
 * two never interleave), and stops after them if any failed. Each check's wall time is its own;
 * the CPU time of checks run at once cannot be told apart, so it is given for them together.
 */
async function runChecks(checks) {
  const titles = checks.map(([title]) => title);
  console.log(`\n▶ Checks, at once: ${titles.join('; ')}`);
  const startedAt = Date.now();
  const cpuBefore = childCpuSeconds();
  const results = await Promise.all(
    checks.map(
      ([title, command, args]) =>
        new Promise((resolve) => {
          const checkStartedAt = Date.now();
          const child = spawn(command, args, { cwd: root, env: process.env });
          let output = '';
          child.stdout.on('data', (chunk) => (output += chunk));
          child.stderr.on('data', (chunk) => (output += chunk));
          const finish = (status) => {
            const wall = (Date.now() - checkStartedAt) / 1000;
            console.log(
              `\n▶ ${title}: ${status === 0 ? 'passed' : 'failed'} (${wall.toFixed(0)} s)`,
            );
            if (output.trim() !== '') console.log(output.trimEnd());
            resolve({ title, status, wall });
          };
          child.on('error', (err) => {
            output += `${err.message}\n`;
            finish(null);
          });
          child.on('close', (status) => finish(status));
        }),
    ),
  );
  const cpuAfter = childCpuSeconds();
  for (const { title, wall } of results) timings.push({ title, wall, cpu: null, concurrent: true });
  timings.push({
    title: 'Checks at once (their CPU together)',
    wall: (Date.now() - startedAt) / 1000,
    cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
  });
  const failures = results.filter((r) => r.status !== 0);
  if (failures.length > 0) {
    for (const { title } of failures) console.error(`\n✖ ${title} failed.`);
    printTimings();
    process.exit(1);
  }
}

async function postgresReachable() {
  const client = new pg.Client({ connectionString: postgresUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const hasPostgres = await postgresReachable();
const hasChromium = existsSync(chromiumPath);
// Keep these paths in step with test/e2e/support/webkit.ts.
const webKitNeeds = [
  [process.env.WEBKIT_DRIVER_PATH ?? '/usr/bin/WebKitWebDriver', 'webkit2gtk-driver'],
  [
    process.env.MINIBROWSER_PATH ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    'webkit2gtk-driver',
  ],
  ['/usr/bin/Xvfb', 'xvfb'],
  ['/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1', 'faketime'],
];
const webKitMissing = [
  ...new Set(webKitNeeds.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg)),
];
const hasWebKit = webKitMissing.length === 0;
// Keep these paths in step with test/process/haFormation.ts.
const hasAutoFailover =
  existsSync(process.env.TICKMARK_TEST_PG_AUTOCTL ?? '/usr/bin/pg_autoctl') &&
  existsSync('/usr/share/postgresql/15/extension/pgautofailover.control');
const missing = [];
if (!hasPostgres) {
  missing.push(
    `PostgreSQL is not reachable at ${postgresUrl.replace(/\/\/[^@]*@/, '//…@')}: the in-process server suite runs on a built-in PostgreSQL it starts itself, and the process tests of servers sharing a PostgreSQL server (two servers, restarts, partitions, backup with pg_dump) are skipped. Set TICKMARK_TEST_POSTGRES_URL or start PostgreSQL to run them.`,
  );
}
if (!hasChromium) {
  missing.push(
    `Chromium is not installed at ${chromiumPath}: the browser (end-to-end) tests are skipped. Install it with "apt-get install chromium" or set CHROMIUM_PATH.`,
  );
}
if (!hasWebKit) {
  missing.push(
    `WebKit is not installed (${webKitMissing.join(', ')}): the register's core flow in WebKit (test/e2e/coreRegister.webkit.test.ts) is skipped. Install it with "apt-get install ${webKitMissing.join(' ')}" (.ci/run does).`,
  );
}
if (!hasAutoFailover) {
  missing.push(
    'pg_auto_failover is not installed: the high-availability test (PostgreSQL failover, test/process/haFailover.test.ts) is skipped. Install it with "apt-get install postgresql-15-auto-failover pg-auto-failover-cli" (.ci/run does).',
  );
}
for (const line of missing) console.log(`${isCi ? '✖ Missing' : '⚠ Skipped'}: ${line}`);
if (isCi && missing.length > 0) {
  console.error(
    'CI=true: every suite must run, so a missing PostgreSQL, Chromium, WebKit or pg_auto_failover is a failure.',
  );
  process.exit(1);
}

const bin = (name) => join(root, 'node_modules', '.bin', name);
const cacheDir = (tool) => {
  const dir = join(root, 'node_modules', '.cache', tool);
  mkdirSync(dir, { recursive: true });
  return dir;
};
// The four checks read the sources and write nothing tracked, so they run at once: on two cores
// the compiler and ESLint, the two long ones, then share the machine instead of waiting in turn.
// ESLint and Prettier keep a cache of the files they passed (in node_modules/.cache, by content),
// so a second run on a developer's machine checks only what changed; a fresh clone has none.
await runChecks([
  [
    'Format (prettier --check)',
    bin('prettier'),
    [
      '--check',
      '.',
      '--log-level',
      'warn',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      join(cacheDir('prettier'), '.prettier-cache'),
    ],
  ],
  ['Types (tsc -b)', bin('tsc'), ['-b']],
  [
    'Lint (eslint, no warnings allowed)',
    bin('eslint'),
    [
      '.',
      '--max-warnings',
      '0',
      '--cache',
      '--cache-strategy',
      'content',
      '--cache-location',
      join(cacheDir('eslint'), '.eslintcache'),
    ],
  ],
  // The rooms' walls and no circle of imports (.dependency-cruiser.cjs, docs/design.md §1.1).
  [
    'Dependency rules (dependency-cruiser)',
    bin('depcruise'),
    ['src', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'],
  ],
]);

// Keep these lists in step with the projects in vite.config.ts. The suites run in three
// stages, one after another: in-process tests first; then the browser tests against a fresh
// build; last the tests that start real server processes (`npm start` rebuilds dist/client, which
// must not happen while a browser test is reading it, and both stages are heavy on two cores).
const inProcess = [
  'domain-utc',
  'domain-auckland',
  'shared',
  'server',
  'client',
  'tooling',
  'integration',
];
const stages = [{ name: 'in-process tests', projects: inProcess }];
const browserProjects = [...(hasChromium ? ['e2e'] : []), ...(hasWebKit ? ['e2e-webkit'] : [])];
if (browserProjects.length > 0) {
  stages.push({ name: 'browser tests', projects: browserProjects, build: true });
}
stages.push({ name: 'server-process tests', projects: ['process'] });

mkdirSync(join(root, 'test-results'), { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
let allOk = true;
for (const [index, stage] of stages.entries()) {
  const projects = stage.projects.filter((name) => projectExists(name));
  if (projects.length === 0) continue;
  if (stage.build) {
    run('Build the PWA for the browser tests (vite build)', bin('vite'), [
      'build',
      '--logLevel',
      'warn',
    ]);
  }
  console.log(`\n▶ Tests, stage ${index + 1} of ${stages.length}: ${stage.name}`);
  const reportFile = join(root, 'test-results', `vitest-${index + 1}.json`);
  rmSync(reportFile, { force: true });
  const vitest = timed(`Tests: ${stage.name}`, () =>
    spawnSync(
      bin('vitest'),
      [
        'run',
        ...projects.flatMap((name) => ['--project', name]),
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
      ],
      { cwd: root, stdio: 'inherit', env: { ...process.env, CHROMIUM_PATH: chromiumPath } },
    ),
  );
  let stageFailed = 0;
  if (existsSync(reportFile)) {
    const report = JSON.parse(readFileSync(reportFile, 'utf8'));
    passed += report.numPassedTests ?? 0;
    stageFailed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    printSlowestFiles(report);
  }
  if (vitest.status !== 0 && stageFailed === 0) stageFailed = 1;
  failed += stageFailed;
  if (vitest.status !== 0 || stageFailed > 0) {
    allOk = false;
    break;
  }
}

printTimings();
if (missing.length > 0)
  console.log(`\nNot run here: ${missing.length} suite(s), see "Skipped" above.`);
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(allOk ? 0 : 1);

/** The five files that took longest in a stage (each file's own wall time, from the report). */
function printSlowestFiles(report) {
  const files = (report.testResults ?? [])
    .map((file) => ({
      name: file.name.slice(root.length + 1),
      seconds: (file.endTime - file.startTime) / 1000,
    }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 5);
  if (files.length === 0) return;
  console.log('\nSlowest files of this stage:');
  for (const { name, seconds } of files)
    console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
}

function projectExists(name) {
  const config = readFileSync(join(root, 'vite.config.ts'), 'utf8');
  return config.includes(`name: '${name}'`);
}
