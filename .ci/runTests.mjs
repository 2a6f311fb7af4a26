// `npm test`: the whole suite, the checks (format, types, lint and the dependency rules, side by
// side) beside the in-process tests, then the browser and server-process tests at once, stopping
// at the first failure. The in-process server suite always
// runs, on the machine's PostgreSQL or on a built-in one it starts itself
// (test/server/testPostgres.ts). The process tests that need a PostgreSQL server, the browser
// tests (Chromium, WebKit) and the failover test (pg_auto_failover) run when those are here; when
// one is missing it says so plainly and runs the rest — except under CI=true, where a missing one
// fails.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statfsSync,
  statSync,
  symlinkSync,
} from 'node:fs';
import { freemem, tmpdir } from 'node:os';
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
    const note = concurrent ? ' (at once with others: see the line below them)' : '';
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
 * two never interleave with each other or with the tests beside them). The first to fail stops
 * `running` (the tests started beside the checks): a run with a failed check goes no further.
 * Each check's wall time is its own; the CPU time of checks run at once with each other and with
 * the tests cannot be told apart, so it is given once for the whole step.
 */
async function runChecks(checks, running) {
  const titles = checks.map(([title]) => title);
  console.log(`\n▶ Checks, at once (and beside the tests below): ${titles.join('; ')}`);
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
            if (status !== 0) for (const other of running) other.kill('SIGTERM');
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
  for (const { title, wall } of results) timings.push({ title, wall, cpu: null, concurrent: true });
  return results.filter((r) => r.status !== 0).map((r) => r.title);
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
// The four checks read the sources and write nothing tracked, so they run at once, and beside the
// in-process tests (below): the compiler and ESLint, the long ones, fill the cores while the tests
// wait on PostgreSQL. ESLint and Prettier keep a cache of the files they passed (in
// node_modules/.cache, by content), so a second run on a developer's machine checks only what
// changed; a fresh clone has none.
const checks = [
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
];

// The tests' scratch folders (built-in PostgreSQL clusters, servers' data folders, copies of the
// build) go in memory when the machine has a memory-backed /dev/shm with room to spare: every
// folder the tests make comes from os.tmpdir(), so TMPDIR moves them all. The built-in PostgreSQL
// writes durably (fsync on every commit, checksums), and on a shared virtual disk each fsync waits
// milliseconds: the browser and server-process stages spent much of their time waiting on it. No
// test is about surviving a power cut (a killed server's writes are in the kernel's cache either
// way), so none loses what it proves. Elsewhere, or when memory is short, they stay in the
// system's temp folder. The folder is removed when the run ends.
const scratch = memoryScratchFolder();
const testEnv = { CHROMIUM_PATH: chromiumPath, ...(scratch === null ? {} : { TMPDIR: scratch }) };

// Keep these lists in step with the projects in vite.config.ts. The in-process tests run first,
// beside the checks;
// then the browser tests (against a fresh build) and the tests that start real server processes
// run at once: both mostly wait (on the browser, on their servers starting and stopping), so on
// two cores each fills the other's gaps instead of waiting its turn. The browser tests serve their
// own build (dist/e2e-client, E2E_CLIENT_DIR) because the process stage's `npm start` test
// rebuilds dist/client while they run; their servers and databases are their own (free ports,
// built-in databases on Unix sockets in their own folders, the process tests' databases on the
// machine's PostgreSQL named at random). Only one stage at a time prints as it goes; the other's
// output is held back and printed whole when it ends, so the two never interleave.
const inProcess = [
  'domain-utc',
  'domain-auckland',
  'shared',
  'server',
  'client',
  'tooling',
  'integration',
];
const e2eClientDir = join(root, 'dist', 'e2e-client');
const browserProjects = [...(hasChromium ? ['e2e'] : []), ...(hasWebKit ? ['e2e-webkit'] : [])];
const steps = [[{ name: 'in-process tests', projects: inProcess, env: testEnv }]];
const lastStep = [{ name: 'server-process tests', projects: ['process'], env: testEnv }];
if (browserProjects.length > 0) {
  lastStep.unshift({
    name: 'browser tests',
    projects: browserProjects,
    build: true,
    env: { ...testEnv, E2E_CLIENT_DIR: e2eClientDir },
  });
}
steps.push(lastStep);

mkdirSync(join(root, 'test-results'), { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;
let allOk = true;
let stageNumber = 0;
const stageCount = steps.flat().length;
for (const step of steps) {
  const stages = step
    .map((stage) => ({ ...stage, projects: stage.projects.filter((name) => projectExists(name)) }))
    .filter((stage) => stage.projects.length > 0);
  if (stages.length === 0) continue;
  if (stages.some((stage) => stage.build)) {
    run('Build the PWA for the browser tests (vite build)', bin('vite'), [
      'build',
      '--logLevel',
      'warn',
      '--outDir',
      e2eClientDir,
      '--emptyOutDir',
    ]);
  }
  const startedAt = Date.now();
  const cpuBefore = childCpuSeconds();
  // The checks run beside the first step's tests, and stop them if one fails.
  const running = new Set();
  const withChecks = step === steps[0];
  const checkFailures = withChecks ? runChecks(checks, running) : Promise.resolve([]);
  const runs = stages.map((stage, index) => {
    stageNumber += 1;
    const reportFile = join(root, 'test-results', `vitest-${stageNumber}.json`);
    rmSync(reportFile, { force: true });
    const label = `stage ${stageNumber} of ${stageCount}: ${stage.name}`;
    const heldBack = index > 0;
    console.log(
      `\n▶ Tests, ${label}${heldBack ? ' (at once with the stage above; its output follows when it ends)' : ''}`,
    );
    return runStage(stage, reportFile, heldBack, running).then((result) => ({
      stage,
      label,
      reportFile,
      ...result,
    }));
  });
  const results = await Promise.all(runs);
  const failedChecks = await checkFailures;
  const cpuAfter = childCpuSeconds();
  if (failedChecks.length > 0) {
    for (const title of failedChecks) console.error(`\n✖ ${title} failed.`);
    console.error('The tests beside the checks were stopped; nothing more runs.');
    timings.push({
      title: 'At once: checks and the tests beside them, stopped (their CPU together)',
      wall: (Date.now() - startedAt) / 1000,
      cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    });
    printTimings();
    process.exit(1);
  }
  const concurrent = results.length > 1 || withChecks;
  for (const { stage, label, reportFile, status, output, wall } of results) {
    if (output !== null) {
      console.log(`\n▶ Output of ${label}`);
      if (output.trim() !== '') console.log(output.trimEnd());
    }
    timings.push({
      title: `Tests: ${stage.name}`,
      wall,
      cpu: concurrent || cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      concurrent,
    });
    let stageFailed = 0;
    if (existsSync(reportFile)) {
      const report = JSON.parse(readFileSync(reportFile, 'utf8'));
      passed += report.numPassedTests ?? 0;
      stageFailed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
      skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
      printSlowestFiles(report, stage.name);
    }
    if (status !== 0 && stageFailed === 0) stageFailed = 1;
    failed += stageFailed;
    if (status !== 0 || stageFailed > 0) allOk = false;
  }
  if (concurrent) {
    const names = [...(withChecks ? ['checks'] : []), ...results.map((r) => r.stage.name)];
    timings.push({
      title: `At once: ${names.join(' and ')} (their CPU together)`,
      wall: (Date.now() - startedAt) / 1000,
      cpu: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
    });
  }
  if (!allOk) break;
}

/**
 * Runs one stage's Vitest; its output goes straight to the console, or is held back (and
 * returned) when another stage is printing. It is in `running` while it runs.
 */
function runStage(stage, reportFile, holdBack, running) {
  const startedAt = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      bin('vitest'),
      [
        'run',
        ...stage.projects.flatMap((name) => ['--project', name]),
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${reportFile}`,
      ],
      {
        cwd: root,
        stdio: holdBack ? ['ignore', 'pipe', 'pipe'] : 'inherit',
        env: { ...process.env, ...stage.env },
      },
    );
    running.add(child);
    let output = holdBack ? '' : null;
    if (holdBack) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    const finish = (status) => {
      running.delete(child);
      resolve({ status, output, wall: (Date.now() - startedAt) / 1000 });
    };
    child.on('error', (err) => {
      if (output !== null) output += `${err.message}\n`;
      else console.error(err.message);
      finish(null);
    });
    child.on('close', (status) => finish(status));
  });
}

/**
 * A fresh folder under /dev/shm (memory) for the tests' scratch, or null where there is none, it
 * has less than SCRATCH_MIN_FREE free or the machine has less than half that memory available.
 * Folders left by an earlier run that was killed (its process gone) are removed first; this run's
 * is removed when it exits.
 */
function memoryScratchFolder() {
  const SCRATCH_MIN_FREE = 4 * 1024 ** 3;
  const shm = '/dev/shm';
  try {
    if (process.platform !== 'linux' || !statSync(shm).isDirectory()) return null;
    for (const name of readdirSync(shm)) {
      const pid = /^tickmark-test-(\d+)-/.exec(name)?.[1];
      if (pid !== undefined && !isAlive(Number(pid)))
        rmSync(join(shm, name), { recursive: true, force: true });
    }
    const { bavail, bsize } = statfsSync(shm);
    // The run's scratch peaks at well under 1 GB (two browser files' and two process files'
    // databases); memory it takes is memory the tests cannot use, so half of it must be free too.
    if (bavail * bsize < SCRATCH_MIN_FREE || freemem() < SCRATCH_MIN_FREE / 2) return null;
    const dir = mkdtempSync(join(shm, `tickmark-test-${process.pid}-`));
    // Like /tmp: the built-in PostgreSQL and the failover tool run as `postgres` under root.
    chmodSync(dir, 0o1777);
    // tsx's cache of compiled sources (tsx-<uid> in the temp folder) stays where it was, so a
    // server start reuses what an earlier run compiled.
    const uid = process.getuid?.();
    if (uid !== undefined) {
      const tsxCache = join(tmpdir(), `tsx-${uid}`);
      mkdirSync(tsxCache, { recursive: true });
      symlinkSync(tsxCache, join(dir, `tsx-${uid}`));
    }
    process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  } catch {
    return null;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

printTimings();
if (missing.length > 0)
  console.log(`\nNot run here: ${missing.length} suite(s), see "Skipped" above.`);
console.log(`\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(allOk ? 0 : 1);

/** The five files that took longest in a stage (each file's own wall time, from the report). */
function printSlowestFiles(report, stageName) {
  const files = (report.testResults ?? [])
    .map((file) => ({
      name: file.name.slice(root.length + 1),
      seconds: (file.endTime - file.startTime) / 1000,
    }))
    .sort((a, b) => b.seconds - a.seconds)
    .slice(0, 5);
  if (files.length === 0) return;
  console.log(`\nSlowest files of the ${stageName}:`);
  for (const { name, seconds } of files)
    console.log(`  ${seconds.toFixed(1).padStart(6)} s  ${name}`);
}

function projectExists(name) {
  const config = readFileSync(join(root, 'vite.config.ts'), 'utf8');
  return config.includes(`name: '${name}'`);
}
