// Makes `npm start` and `npm test` work on a fresh clone: checks the Node version, then installs
// the locked dependencies when node_modules is missing or older than package-lock.json. Uses only
// Node's standard library, because it runs before anything is installed.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(
    `Tickmark needs Node.js 20.19 or newer; this is ${process.versions.node}. Install a newer Node.js and try again.`,
  );
  process.exit(1);
}

const stampFile = join(root, 'node_modules', '.tickmark-deps');
function dependencyHash() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) {
    const path = join(root, file);
    if (existsSync(path)) hash.update(readFileSync(path));
  }
  return hash.digest('hex');
}
const wanted = dependencyHash();
const current = existsSync(stampFile) ? readFileSync(stampFile, 'utf8').trim() : '';

if (current !== wanted) {
  // `npm install`, not `npm ci`: it installs the locked versions just the same, but npm 11's `ci`
  // refuses a lockfile that leaves out other platforms' optional packages (Rollup's native
  // builds), which npm 11's own `install` writes that way (npm/cli#4828, #9083).
  const args = ['install', '--no-audit', '--no-fund'];
  console.log('Installing dependencies (npm install)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Installing dependencies failed: see the npm output above.');
    process.exit(result.status ?? 1);
  }
  // npm may have completed the lockfile; stamp what is there now.
  writeFileSync(stampFile, `${dependencyHash()}\n`);
}
