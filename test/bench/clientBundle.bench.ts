/**
 * the JS and CSS a first load of the app needs, gzipped. Budget: ≤ 110 KB of JS and
 * ≤ 1.7 × React alone; the office, reports, admin (settings) and trips sections must be chunks
 * loaded on demand. Limit beside it: React + React DOM alone, built by the same Vite.
 *
 * "First load" is what index.html loads before the app can run: its entry script, the static
 * imports of that script (followed transitively) and its modulepreload and stylesheet links.
 * Lazy sections (`import()`) are left out. The shell beyond the lock screen (Dexie, the status
 * bar, the PIN check: shell/Unlocked.tsx) and the register are chunks loaded while the lock screen
 * waits for the PIN (shell/lazyShell.ts, shell/registerChunk.ts): they are shown beside the first
 * load, so what a tablet parses before it can draw the register is read too. The build is deterministic,
 * so one build is measured; its source map says which packages fill the first load.
 */
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bench, describe } from 'vitest';
import { buildClient } from '../e2e/support/build';
import { writeBenchSection } from './support/benchReport';
import { kb, ONCE } from './support/once';
import { bytesBySource, ownerOf, type SourceMapLike } from './support/sourceMapShare';

const JS_BUDGET = 110 * 1024;
/** The most the first load may be, as a multiple of React + React DOM alone. */
const REACT_RATIO_BUDGET = 1.7;
/** The chunks loaded while the lock screen waits for the PIN (shell/registerChunk.ts, shell/lazyShell.ts). */
const AT_LOCK_CHUNKS = ['RegisterScreen', 'Unlocked'];
const LAZY_SECTIONS = [
  'OfficeSection',
  'ReportsSection',
  'AdminSection',
  'TripsSection',
  'StatutorySection',
];

interface Asset {
  readonly file: string;
  readonly raw: number;
  readonly gzip: number;
}

function assetOf(root: string, file: string): Asset {
  const bytes = readFileSync(join(root, file));
  return { file, raw: bytes.length, gzip: gzipSync(bytes).length };
}

/** `/assets/x.js` or `./x.js` relative to `from` → a path under the build root, no leading /. */
function resolveUrl(url: string, from: string): string {
  return url.startsWith('/') ? url.slice(1) : posix.normalize(posix.join(posix.dirname(from), url));
}

/** The static imports of a built ES module (`import … from "./x.js"`, `import "./x.js"`). */
function staticImports(code: string): string[] {
  const found: string[] = [];
  // Minified output: `import{a as b}from"./x.js";` or `import"./x.js";`. `import(` is dynamic.
  const pattern = /(?:^|[;}\s])import\s*(?:[\w$*{}\s,]+?\s*from\s*)?["']([^"']+\.js)["']/g;
  for (const match of code.matchAll(pattern)) if (match[1] !== undefined) found.push(match[1]);
  return found;
}

/** Every file a first load of index.html fetches before the app runs. */
function firstLoad(root: string): { js: string[]; css: string[] } {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const css = new Set<string>();
  const queue: string[] = [];
  for (const m of html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)) {
    if (m[1] !== undefined) queue.push(resolveUrl(m[1], 'index.html'));
  }
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) {
    if (m[1] !== undefined) queue.push(resolveUrl(m[1], 'index.html'));
  }
  for (const m of html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)) {
    if (m[1] !== undefined) css.add(resolveUrl(m[1], 'index.html'));
  }
  if (queue.length === 0) throw new Error(`${root}/index.html has no module script.`);
  return { js: withStaticImports(root, queue), css: [...css] };
}

/** `files` and every file they import statically, followed transitively. */
function withStaticImports(root: string, files: readonly string[]): string[] {
  const js = new Set<string>();
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (js.has(file)) continue;
    js.add(file);
    const code = readFileSync(join(root, file), 'utf8');
    for (const url of staticImports(code)) queue.push(resolveUrl(url, file));
  }
  return [...js];
}

const sum = (assets: readonly Asset[], key: 'raw' | 'gzip') =>
  assets.reduce((total, a) => total + a[key], 0);

/** Minified bytes of the first-load JS per package / room, largest first. */
function owners(root: string, files: readonly string[]): { owner: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const file of files) {
    const code = readFileSync(join(root, file), 'utf8');
    let map: SourceMapLike;
    try {
      map = JSON.parse(readFileSync(join(root, `${file}.map`), 'utf8')) as SourceMapLike;
    } catch {
      totals.set('(no source map)', (totals.get('(no source map)') ?? 0) + code.length);
      continue;
    }
    for (const [source, bytes] of bytesBySource(code, map)) {
      const owner = ownerOf(source);
      totals.set(owner, (totals.get(owner) ?? 0) + bytes);
    }
  }
  return [...totals].map(([owner, bytes]) => ({ owner, bytes })).sort((a, b) => b.bytes - a.bytes);
}

async function measure(): Promise<void> {
  const appDir = await mkdtemp(join(tmpdir(), 'tickmark-bench-bundle-'));
  const reactDir = await mkdtemp(join(tmpdir(), 'tickmark-bench-react-'));
  try {
    const started = performance.now();
    buildClient(['--outDir', appDir, '--emptyOutDir', '--sourcemap']);
    const buildMs = performance.now() - started;
    buildClient([
      '--config',
      join(import.meta.dirname, 'support', 'reactOnly', 'vite.reactOnly.config.ts'),
      '--outDir',
      reactDir,
      '--emptyOutDir',
    ]);

    const load = firstLoad(appDir);
    const js = load.js.map((f) => assetOf(appDir, f));
    const css = load.css.map((f) => assetOf(appDir, f));
    const react = firstLoad(reactDir).js.map((f) => assetOf(reactDir, f));
    const jsGzip = sum(js, 'gzip');
    const reactGzip = sum(react, 'gzip');

    const allChunks = readdirSync(join(appDir, 'assets'))
      .filter((f) => f.endsWith('.js'))
      .map((f) => assetOf(appDir, `assets/${f}`));
    const lazy = allChunks.filter((a) => !load.js.includes(a.file));
    // The register's chunk and the shell's (Dexie, the status bar, the PIN check), and what they
    // import that the first load has not: loaded at the lock screen, before the register is drawn.
    const atLockChunks = AT_LOCK_CHUNKS.map((name) => {
      const found = allChunks.find((a) => a.file.includes(`/${name}-`));
      if (found === undefined) throw new Error(`The build has no ${name} chunk.`);
      return found.file;
    });
    const atLock = withStaticImports(appDir, atLockChunks)
      .filter((f) => !load.js.includes(f))
      .map((f) => assetOf(appDir, f));
    const atLockGzip = sum(atLock, 'gzip');
    const sectionRows = LAZY_SECTIONS.map((name) => {
      const chunk = allChunks.find((a) => a.file.includes(`/${name}-`));
      const inFirst = chunk !== undefined && load.js.includes(chunk.file);
      const state =
        chunk === undefined
          ? 'no chunk of its own (bundled into another)'
          : inFirst
            ? 'loaded up front ✗'
            : 'on demand ✓';
      return `| ${name} | ${chunk === undefined ? '—' : `\`${chunk.file}\``} | ${chunk === undefined ? '—' : kb(chunk.gzip)} | ${state} |`;
    });

    const jsTotalRaw = sum(js, 'raw');
    const share = owners(appDir, load.js);
    const shareRows = share
      .slice(0, 10)
      .map(
        (o) =>
          `| ${o.owner} | ${kb(o.bytes)} | ${((100 * o.bytes) / jsTotalRaw).toFixed(0)} % | ≈ ${kb((jsGzip * o.bytes) / jsTotalRaw)} |`,
      );

    const ratio = jsGzip / reactGzip;
    const verdict =
      jsGzip <= JS_BUDGET && ratio <= REACT_RATIO_BUDGET ? 'within budget' : 'OVER budget';
    writeBenchSection(
      'client-bundle',
      '1. Client bundle (first load of the register)',
      `
| | gzip | minified |
| --- | ---: | ---: |
| **JS, first load** (${js.length} files) | **${kb(jsGzip)}** | ${kb(jsTotalRaw)} |
| CSS, first load (${css.length} files) | ${kb(sum(css, 'gzip'))} | ${kb(sum(css, 'raw'))} |
| Limit: React + React DOM alone (same Vite) | ${kb(reactGzip)} | ${kb(sum(react, 'raw'))} |
| JS loaded while the lock screen waits: the shell and the register (${atLock.length} files) | ${kb(atLockGzip)} | ${kb(sum(atLock, 'raw'))} |
| JS before the register can be drawn (first load + register) | ${kb(jsGzip + atLockGzip)} | ${kb(jsTotalRaw + sum(atLock, 'raw'))} |

Budget ≤ ${kb(JS_BUDGET)} of JS and ≤ ${REACT_RATIO_BUDGET} × React alone: **${verdict}** (${((100 * jsGzip) / JS_BUDGET).toFixed(0)} % of the budget;
${ratio.toFixed(2)} × the React-alone limit). One production build (sizes are
deterministic; the build took ${(buildMs / 1000).toFixed(0)} s). gzip is Node's zlib at its default level.

First-load files: ${js.map((a) => `\`${a.file}\` ${kb(a.gzip)}`).join(', ')}; ${css.map((a) => `\`${a.file}\` ${kb(a.gzip)}`).join(', ')}.

Sections loaded on demand:

| section | chunk | gzip | |
| --- | --- | ---: | --- |
${sectionRows.join('\n')}

Other lazy chunks: ${
        lazy
          .filter((a) => !LAZY_SECTIONS.some((n) => a.file.includes(`/${n}-`)))
          .map((a) => `\`${a.file}\` ${kb(a.gzip)}`)
          .join(', ') || 'none'
      }.

What fills the first-load JS (minified bytes by package, from the source maps; the gzip column
scales the total by each share, an estimate):

| package / room | minified | share | gzip (est.) |
| --- | ---: | ---: | ---: |
${shareRows.join('\n')}
`,
    );
  } finally {
    rmSync(appDir, { recursive: true, force: true });
    rmSync(reactDir, { recursive: true, force: true });
  }
}

describe('client bundle', () => {
  bench('build the PWA and measure its first load (gzip)', measure, ONCE);
});
