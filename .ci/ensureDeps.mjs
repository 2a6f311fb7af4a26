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
  // `npm ci` installs exactly what package-lock.json says and never rewrites it. The lockfile
  // lists every platform's optional packages (Rollup's and esbuild's native builds), so it
  // installs on any machine; if npm ever refuses it, regenerate it with
  // `rm -rf node_modules && npm install --package-lock-only` and commit the result.
  const args = ['ci', '--no-audit', '--no-fund'];
  console.log('Installing the locked dependencies (npm ci)…');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('Installing dependencies failed: see the npm output above.');
    process.exit(result.status ?? 1);
  }
  writeFileSync(stampFile, `${wanted}\n`);
}
