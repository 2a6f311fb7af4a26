/**
 * Every document the code and the docs cite exists in the repository, and so does every section
 * they cite by number (`docs/design.md §7.3`) or by heading (`docs/reliability.md, "Fault
 * matrix"`). A comment pointing at a file that is not here sends the next reader nowhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// Released migrations are never edited (their checksums are recorded in every database), so the
// citations they were released with stay; docs/design.md keeps the sections they name.
const FROZEN = new Set([
  'src/server/db/migrations/0001_init.sql',
  'src/server/db/migrations/0002_sync_support.sql',
  'src/server/db/migrations/0005_trips.sql',
]);

const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'data']);
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|md|sql|json|ya?ml|sh|html)$|^run$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : filesUnder(path);
    return TEXT_FILE.test(entry.name) ? [path] : [];
  });
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The cited file, found from the repository's root or from the citing file's folder. */
function resolveCited(citing: string, cited: string): string | null {
  for (const base of [root, dirname(citing)]) {
    const path = resolve(base, cited);
    if (isFile(path)) return path;
  }
  return null;
}

const headingCache = new Map<string, string[]>();
function headings(path: string): string[] {
  let found = headingCache.get(path);
  if (found === undefined) {
    found = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map((line) => line.replace(/^#+ /, ''));
    headingCache.set(path, found);
  }
  return found;
}

function hasNumberedSection(path: string, section: string): boolean {
  return headings(path).some((h) => h.startsWith(`${section}. `) || h.startsWith(`${section} `));
}

// `name.md` with an optional folder path; not part of a URL (`https://…/README.md`).
const CITATION = /(?<![\w/:.-])((?:[\w.-]+\/)*[\w-]+\.md)\b/g;
// What may follow a citation on the same line: numbered sections, or a quoted heading.
const SECTIONS = /^(?:,? ?(?:and )?§ ?\d+(?:\.\d+)*(?:[–-]\d+(?:\.\d+)*)?)+/;
const QUOTED_HEADING = /^,? ?"([^"\n]+)"/;
const SECTION_NUMBER = /§ ?(\d+(?:\.\d+)*)(?:[–-](\d+(?:\.\d+)*))?/g;

/** Problems with the citations in `text`, read as the contents of `file`, as `file:line: what`. */
function problemsInText(file: string, text: string): string[] {
  const problems: string[] = [];
  const name = relative(root, file);
  text.split('\n').forEach((line, index) => {
    const at = `${name}:${index + 1}`;
    const covered = new Set<number>(); // positions of § signs that belong to a citation
    for (const match of line.matchAll(CITATION)) {
      const cited = match[1] ?? '';
      const end = (match.index ?? 0) + match[0].length;
      // A closing backtick may sit between the file and its section: `docs/design.md` §7.
      const tick = line[end] === '`' ? 1 : 0;
      const after = line.slice(end + tick);
      const sections = [...(SECTIONS.exec(after)?.[0] ?? '').matchAll(SECTION_NUMBER)];
      for (const number of sections) covered.add(end + tick + (number.index ?? 0));
      const path = resolveCited(file, cited);
      if (path === null) {
        problems.push(`${at}: cites ${cited}, which is not in the repository`);
        continue;
      }
      for (const section of sections.flatMap((n) => [n[1], n[2]])) {
        if (section !== undefined && !hasNumberedSection(path, section)) {
          problems.push(`${at}: cites ${cited} §${section}, which has no such section`);
        }
      }
      const heading = QUOTED_HEADING.exec(after)?.[1];
      if (heading !== undefined && !headings(path).some((h) => h.includes(heading))) {
        problems.push(`${at}: cites ${cited}, "${heading}", which has no such heading`);
      }
    }
    // A § with no document before it: in a document, its own section; anywhere else, unclear.
    for (const match of line.matchAll(SECTION_NUMBER)) {
      if (covered.has(match.index ?? -1)) continue;
      if (file.endsWith('.md')) {
        for (const section of [match[1], match[2]]) {
          if (section !== undefined && !hasNumberedSection(file, section)) {
            problems.push(`${at}: refers to §${section}, which this document does not have`);
          }
        }
      } else {
        problems.push(`${at}: §${match[1] ?? ''} names no document (write docs/design.md §…)`);
      }
    }
  });
  return problems;
}

function problemsIn(file: string): string[] {
  return problemsInText(file, readFileSync(file, 'utf8'));
}

const cited = [
  ...filesUnder(join(root, 'src')),
  ...filesUnder(join(root, 'test')),
  ...filesUnder(join(root, 'docs')),
  ...filesUnder(join(root, '.ci')),
  join(root, 'README.md'),
  // This file's own examples cite missing documents on purpose.
].filter((file) => !FROZEN.has(relative(root, file)) && file !== fileURLToPath(import.meta.url));

describe('documents cited in the repository', () => {
  it('exist, with every section cited', () => {
    expect(cited.length).toBeGreaterThan(100);
    // One problem a line, so a failure lists them all.
    expect(cited.flatMap(problemsIn).join('\n')).toBe('');
  });

  it('are checked: a missing file, section or heading is found', () => {
    // The same check over one line, as if it were in a file of src/server.
    const check = (text: string): string[] =>
      problemsInText(join(root, 'src', 'server', 'example.ts'), text);
    expect(check('// see docs/design.md §7.3')).toEqual([]);
    expect(check('// see docs/reliability.md, "Fault matrix"')).toEqual([]);
    expect(check('// see docs/nowhere.md')).toHaveLength(1);
    expect(check('// see research/sync.md §1.8')).toHaveLength(1);
    expect(check('// see docs/design.md §42')).toHaveLength(1);
    expect(check('// see docs/design.md §7.3–7.99')).toHaveLength(1);
    expect(check('// see docs/reliability.md, "No such heading"')).toHaveLength(1);
    expect(check('// as decided above (§1.7)')).toHaveLength(1);
  });
});
