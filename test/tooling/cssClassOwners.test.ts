/**
 * Every class the client's stylesheets style on its own (`.toast { … }`) is styled by one
 * stylesheet only. All of them are loaded on every screen, so a second file using the same name
 * for a different box silently restyles the first one wherever it appears: the register's undo
 * toast once took the update prompt's `.toast` and stretched that prompt over the whole register
 * with its "Update now" button unclickable. Print rules (`@media print`) are the exception: they
 * are meant to restyle other rooms' chrome on paper.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function stylesheetsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return stylesheetsUnder(path);
    return entry.name.endsWith('.css') ? [path] : [];
  });
}

/** The stylesheet without comments and without its `@media print { … }` blocks. */
function screenRules(css: string): string {
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let kept = '';
  let from = 0;
  for (;;) {
    const start = text.indexOf('@media print', from);
    if (start < 0) return kept + text.slice(from);
    kept += text.slice(from, start);
    let at = text.indexOf('{', start) + 1;
    for (let depth = 1; depth > 0; at += 1) {
      if (text[at] === '{') depth += 1;
      if (text[at] === '}') depth -= 1;
    }
    from = at;
  }
}

/** The classes a stylesheet styles with a selector that is that class alone. */
function classesStyledAlone(css: string): Set<string> {
  const found = new Set<string>();
  for (const match of screenRules(css).matchAll(/([^{};]+)\{/g)) {
    const selectorList = (match[1] ?? '').trim();
    if (selectorList.startsWith('@')) continue;
    for (const selector of selectorList.split(',')) {
      const single = /^\.([A-Za-z][\w-]*)$/.exec(selector.trim());
      if (single?.[1] !== undefined) found.add(single[1]);
    }
  }
  return found;
}

describe('the client stylesheets', () => {
  it('finds a class styled alone, outside print rules only', () => {
    const css = `/* .ignored {} */ .a, .b:hover { x: 1 } .c .d { x: 1 }
      @media (min-width: 1px) { .e { x: 1 } } @media print { .f { x: 1 } }`;
    expect([...classesStyledAlone(css)].sort()).toEqual(['a', 'e']);
  });

  it('style each class in one stylesheet', () => {
    const owners = new Map<string, string[]>();
    for (const path of stylesheetsUnder(join(root, 'src', 'client'))) {
      for (const name of classesStyledAlone(readFileSync(path, 'utf8'))) {
        owners.set(name, [...(owners.get(name) ?? []), relative(root, path)]);
      }
    }
    const shared = [...owners].filter(([, files]) => files.length > 1);
    expect(shared, 'give one of the boxes its own class name').toEqual([]);
  });
});
